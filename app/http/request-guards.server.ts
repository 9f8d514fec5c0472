/**
 * Requests refused before any application code runs: cross-site writes, CORS preflights, and
 * bodies over their limit. Limits are checked from Content-Length before a byte of the body is
 * read (a body without a declared length is refused), so an oversized post costs no memory.
 */
import type { NextFunction, Request, Response } from "express";
import { publicUrl } from "../lib/config/public-url.server";

const KiB = 1024;
const MiB = 1024 * KiB;

/** The largest body each kind of post may have; the first matching rule applies. */
export const BODY_LIMITS: { test: RegExp; bytes: number; what: string }[] = [
  { test: /^\/(login|signup|logout|language|orgs\/new|invite\/|account)/, bytes: 64 * KiB, what: "64 KiB" },
  // The import accepts a 2 MiB Markdown file; multipart framing adds a little.
  { test: /\/import(\.data)?$/, bytes: 2 * MiB + 64 * KiB, what: "2 MiB" },
  // A printout (own or a reference answer) is a PDF of up to 5 MiB (app/lib/printout.server.ts).
  { test: /\/(printout|references)(\.data)?$/, bytes: 5 * MiB + 64 * KiB, what: "5 MiB" },
  { test: /.*/, bytes: 2 * MiB, what: "2 MiB" },
];

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Lets a refused body flow past without keeping it, so a browser still receives the answer; a
 * sender who keeps going past DISCARD_CAP is cut off.
 */
const DISCARD_CAP = 16 * MiB;
function discardBody(req: Request) {
  let discarded = 0;
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_CAP) req.socket.destroy();
  });
}

function plainPage(res: Response, status: number, title: string, lines: string[]) {
  const body = `<!doctype html><html lang="nb"><meta charset="utf-8"><title>${title}</title><h1>${title}</h1>${lines
    .map((l) => `<p>${l}</p>`)
    .join("")}<p><a href="/">Til forsiden / Home</a></p></html>`;
  res.status(status).type("html").send(body);
}

export function bodyLimit(req: Request, res: Response, next: NextFunction) {
  if (!BODY_METHODS.has(req.method)) return next();
  const limit = BODY_LIMITS.find((rule) => rule.test.test(req.path))!;
  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (chunked || (declared !== undefined && Number(declared) > limit.bytes)) {
    discardBody(req);
    if (chunked && declared === undefined) {
      return plainPage(res, 411, "411 Length Required", ["Forespørselen må oppgi lengden sin (Content-Length).", "The request must declare its length (Content-Length)."]);
    }
    return plainPage(res, 413, "413 For stor forespørsel", [
      `Det du sendte er større enn grensen på ${limit.what}. Ingenting er lagret.`,
      `What you sent is larger than the limit of ${limit.what}. Nothing was saved.`,
    ]);
  }
  next();
}

/**
 * Writes must come from our own pages. Browsers send Origin on every POST and Sec-Fetch-Site on
 * all modern versions; without Origin the Referer's origin stands in for it.
 *
 * With PUBLIC_URL set (production), the origin must be exactly PUBLIC_URL's (scheme, host and
 * port), and a write naming neither Origin nor Referer is refused too. Without it (development,
 * tests) the host is compared with the request's own, and a request with neither header (curl)
 * is left to the SameSite=Lax session cookie, which a cross-site form post does not carry.
 */
export function sameOriginWrites(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD") return next();
  // RFC 8058 one-click unsubscribe: mail providers POST from their own servers (no Origin, or
  // theirs). The signed token in the path is the only authority the route uses; no cookie counts.
  if (/^\/unsubscribe\/[^/]+$/.test(req.path)) return next();
  const origin = req.headers.origin ?? originOfReferer(req.headers.referer);
  const site = req.headers["sec-fetch-site"];
  const canonical = publicUrl();
  const crossOrigin = canonical
    ? origin !== canonical.origin
    : origin !== undefined && (origin === "null" || hostOf(origin) !== ownHost(req));
  const crossSite = site !== undefined && site !== "same-origin" && site !== "none";
  if (!crossOrigin && !crossSite) return next();
  discardBody(req);
  plainPage(res, 403, "403 Avvist", [
    "Skjemaet ble sendt fra et annet nettsted enn arbeidsbenken, så det er avvist. Ingenting er lagret.",
    "This form was sent from another site than the workbench, so it was refused. Nothing was saved.",
  ]);
}

/**
 * With PUBLIC_URL set, a request must name its host (Host, or X-Forwarded-Host behind a trusted
 * proxy): another name pointing at this server (a stray DNS record, DNS rebinding, a bare IP) is
 * refused with 421 before any page is built. /healthz, /readyz and /metrics are answered before
 * this guard, so probes on localhost still work.
 */
export function canonicalHost(req: Request, res: Response, next: NextFunction) {
  const canonical = publicUrl();
  if (!canonical || ownHost(req)?.toLowerCase() === canonical.host) return next();
  discardBody(req);
  plainPage(res, 421, "421 Feil vertsnavn", [
    "Denne tjenesten svarer bare på sin egen adresse. Ingenting er lagret.",
    `This service answers only at its own address (${canonical.origin}). Nothing was saved.`,
  ]);
}

function originOfReferer(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return "null";
  }
}

/** Our host as the browser sees it: X-Forwarded-Host only counts behind a trusted proxy (TRUST_PROXY). */
function ownHost(req: Request): string | undefined {
  const forwarded = req.app.get("trust proxy") ? req.headers["x-forwarded-host"] : undefined;
  return (typeof forwarded === "string" ? forwarded.split(",")[0]!.trim() : undefined) ?? req.headers.host;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** The app offers no cross-origin API: preflights get an empty 204 without any Allow-* header. */
export function noCors(req: Request, res: Response, next: NextFunction) {
  if (req.method !== "OPTIONS") return next();
  res.status(204).end();
}
