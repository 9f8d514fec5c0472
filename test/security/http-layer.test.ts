/**
 * The HTTP layer (app/http/): headers on every kind of response, cross-site writes, preflights,
 * body limits that cost no memory, and 404 before 403. Each test failed on the server before it.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDb } from "../support/server-db";
import { signIn, startServer, type TestServer } from "../support/server";

const RESPONSE = "/o/nmf-demo/r/1";
const SECTION = `${RESPONSE}/c/kap3`;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return Number(line![1]) / 1024;
}

/**
 * Posts `bytes` with a declared (or chunked) length without holding them in memory. The headers go
 * first; the body follows after 300 ms unless the server has answered by then, as a refusal that
 * needs no body does.
 */
function hugePost(url: string, path: string, bytes: number, declare = true): Promise<{ status: number; sent: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (declare) headers["content-length"] = String(bytes);
    const req = http.request(url + path, { method: "POST", headers });
    let settled = false;
    req.on("response", (res) => {
      res.resume();
      settled = true;
      resolve({ status: res.statusCode!, sent, bytes });
    });
    req.on("error", (error) => (settled ? undefined : reject(error)));
    req.flushHeaders();
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (!settled && sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!settled) req.end();
    };
    setTimeout(pump, 300);
  });
}

describe("HTTP layer", () => {
  let server: TestServer;
  let editor: string;
  let member: string;
  beforeAll(async () => {
    server = await startServer({ TRUST_PROXY: "loopback" });
    [editor, member] = await Promise.all([signIn(server.url, "styret@demo.no"), signIn(server.url, "medlem@demo.no")]);
  });
  afterAll(() => server?.stop());

  const expectSecurityHeaders = (res: Response) => {
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  };

  it("sends the security headers and no-store on a signed-in page, with the nonce on every inline script", async () => {
    const res = await fetch(server.url + SECTION, { headers: { cookie: editor } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("strict-transport-security")).toBeNull(); // plain http
    const nonce = res.headers.get("content-security-policy")!.match(/'nonce-([^']+)'/)![1];
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inline.length).toBeGreaterThan(0);
    for (const [, attrs] of inline) expect(attrs).toContain(`nonce="${nonce}"`);
    // A fresh nonce per response.
    const again = await fetch(server.url + SECTION, { headers: { cookie: editor } });
    await again.text();
    expect(again.headers.get("content-security-policy")).not.toContain(nonce);
  });

  it("sends them on a download and on an error page too", async () => {
    const admin = await signIn(server.url, "admin@demo.no");
    const download = await fetch(`${server.url}${RESPONSE}/export.docx`, { headers: { cookie: admin } });
    await download.arrayBuffer();
    expect(download.status).toBe(200);
    expectSecurityHeaders(download);
    expect(download.headers.get("cache-control")).toBe("private, no-store");
    const missing = await fetch(`${server.url}/o/nmf-demo/r/999`, { headers: { cookie: editor } });
    await missing.text();
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
    expect(missing.headers.get("cache-control")).toBe("private, no-store");
  });

  it("lets fingerprinted assets be cached and compressed, and adds HSTS over https behind a trusted proxy", async () => {
    const html = await (await fetch(server.url + "/login")).text();
    const asset = html.match(/\/assets\/[\w.-]+\.js/)![0];
    const res = await fetch(server.url + asset, { headers: { "accept-encoding": "br, gzip" } });
    await res.arrayBuffer();
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(res.headers.get("content-encoding")).toMatch(/^(br|gzip)$/);
    const page = await fetch(server.url + "/login", { headers: { "accept-encoding": "gzip" } });
    await page.text();
    expect(page.headers.get("content-encoding")).toBe("gzip");
    const https = await fetch(server.url + "/login", { headers: { "x-forwarded-proto": "https" } });
    await https.text();
    expect(https.headers.get("strict-transport-security")).toContain("max-age=");
  });

  it("refuses a cross-site post with a clear 403 page and stores nothing", async () => {
    const attempts: Record<string, string>[] = [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }];
    for (const headers of attempts) {
      const res = await fetch(server.url + SECTION, {
        method: "POST",
        headers: { cookie: editor, ...headers },
        body: new URLSearchParams({ intent: "save", "kap3-tiltak-1__feedback": "cross-site", "v.kap3-tiltak-1__feedback": "1" }),
        redirect: "manual",
      });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("another site");
    }
    // The same post from our own origin goes through.
    const ok = await fetch(server.url + SECTION, {
      method: "POST",
      headers: { cookie: editor, origin: server.url, "sec-fetch-site": "same-origin" },
      body: new URLSearchParams({ intent: "save", "kap3-tiltak-1__feedback": "same-site", "v.kap3-tiltak-1__feedback": "1" }),
      redirect: "manual",
    });
    await ok.text();
    expect(ok.status).toBe(302);
    const db = await serverDb(server.dbFile, { readonly: true });
    const values = (await db.all<{ value: string }>("select value from answer_revisions")).map((r) => r.value);
    await db.close();
    expect(values.some((v) => v.includes("cross-site"))).toBe(false);
  });

  it("answers a CORS preflight with an empty 204 and no Access-Control headers", async () => {
    const res = await fetch(server.url + SECTION, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(204);
    expect([...res.headers.keys()].filter((h) => h.startsWith("access-control-"))).toEqual([]);
  });

  it("refuses oversized bodies with 413 before reading them, and the server's memory stays flat", async () => {
    const before = rssMb(server.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 20);
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => hugePost(server.url, "/login", 200 * 1024 * 1024)),
      ...Array.from({ length: 4 }, () => hugePost(server.url, `${RESPONSE}/import`, 30 * 1024 * 1024)),
      hugePost(server.url, SECTION, 50 * 1024 * 1024),
    ]).finally(() => clearInterval(sampler));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 413));
    // Counted, not timed: each answer came before its body was sent in full (most before any of it).
    for (const r of results) expect(r.sent).toBeLessThan(r.bytes);
    console.log(`body limits: RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB (+${(peak - before).toFixed(1)} MB)`);
    expect(peak - before).toBeLessThan(40); // MB; reading one 200 MB body would add ~400
    const chunked = await hugePost(server.url, "/login", 8 * 1024 * 1024, false);
    expect(chunked.status).toBe(411);
    const page = await fetch(server.url + "/login", { method: "POST", headers: { "content-length": String(5 * 1024 * 1024) }, body: "x".repeat(5 * 1024 * 1024) });
    expect(await page.text()).toContain("64 KiB");
  });

  it("says 404, not 403, for another organisation's response id, whatever the role", async () => {
    const db = await serverDb(server.dbFile);
    const org = (await db.get<{ id: number }>("insert into organisations (name, slug, created_at) values ('Annen forening', 'annen', 0) returning id"))!;
    const version = (await db.get<{ v: number }>("select consultation_version_id as v from responses where id = 1"))!.v;
    const foreign = (await db.get<{ id: number }>("insert into responses (organisation_id, consultation_version_id, created_at) values (?, ?, 0) returning id", org.id, version))!;
    await db.close();
    const body = new URLSearchParams({ intent: "save", "kap3-tiltak-1__feedback": "x", "v.kap3-tiltak-1__feedback": "1" });
    for (const path of [`/o/nmf-demo/r/${foreign.id}/c/kap3`, `/o/nmf-demo/r/${foreign.id}/import`, `/o/nmf-demo/r/${foreign.id}/history/kap3-tiltak-1.feedback`]) {
      const res = await fetch(server.url + path, { method: "POST", body, headers: { cookie: member }, redirect: "manual" });
      await res.text();
      expect(res.status, path).toBe(404);
    }
    const download = await fetch(`${server.url}/o/nmf-demo/r/${foreign.id}/export.docx`, { headers: { cookie: member } });
    await download.text();
    expect(download.status).toBe(404);
    // Its own response: the member's missing right is a 403.
    const own = await fetch(server.url + SECTION, { method: "POST", body, headers: { cookie: member }, redirect: "manual" });
    await own.text();
    expect(own.status).toBe(403);
  });
});

/**
 * PUBLIC_URL is the canonical origin (issue 23): a write must come from exactly that origin
 * (scheme, host and port), named by Origin or, when a browser leaves it out, by Referer; a request
 * for another host name is refused with 421 before any page is built.
 */
describe("HTTP layer with PUBLIC_URL", () => {
  let server: TestServer;
  let editor: string;
  beforeAll(async () => {
    server = await startServer({ PUBLIC_URL: "self" });
    editor = await signIn(server.url, "styret@demo.no");
  });
  afterAll(() => server?.stop());

  const save = async (headers: Record<string, string>, text: string, field = "kap3-tiltak-1__feedback") => {
    const res = await fetch(server.url + SECTION, {
      method: "POST",
      headers: { cookie: editor, ...headers },
      body: new URLSearchParams({ intent: "save", [field]: text, [`v.${field}`]: "1" }),
      redirect: "manual",
    });
    return { status: res.status, body: await res.text() };
  };
  const stored = async () => {
    const db = await serverDb(server.dbFile, { readonly: true });
    const values = (await db.all<{ value: string }>("select value from answer_revisions")).map((r) => r.value);
    await db.close();
    return values;
  };
  /** A raw request, so the Host header is what we say (fetch sets its own). */
  const withHost = (method: string, host: string, headers: Record<string, string> = {}, path = "/login") =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(server.url + path, { method, headers: { host, ...headers } }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      });
      req.on("error", reject);
      req.end(method === "POST" ? "email=a%40b.no&password=x" : undefined);
    });

  it("refuses a post whose Origin is another site, or PUBLIC_URL's host with another scheme or port", async () => {
    const port = new URL(server.url).port;
    for (const origin of ["https://evil.example", `https://127.0.0.1:${port}`, `http://127.0.0.1:${Number(port) + 1}`, `http://localhost:${port}`, "null"]) {
      const res = await save({ origin }, `origin ${origin}`);
      expect(res.status, origin).toBe(403);
      expect(res.body, origin).toContain("another site");
    }
    expect((await stored()).some((v) => v.includes("origin "))).toBe(false);
  });

  it("without Origin, judges the Referer: a foreign one is refused, our own page goes through", async () => {
    for (const referer of ["https://evil.example/page", `https://${new URL(server.url).host}/o/nmf-demo`, "not a url"]) {
      const res = await save({ referer }, `referer ${referer}`);
      expect(res.status, referer).toBe(403);
    }
    // Neither Origin nor Referer: with PUBLIC_URL set that is refused too.
    expect((await save({}, "no origin at all")).status).toBe(403);
    expect((await stored()).some((v) => v.includes("referer ") || v.includes("no origin at all"))).toBe(false);
    const own = await save({ referer: `${server.url}${SECTION}` }, "referer from our own page");
    expect(own.status).toBe(302);
    const origin = await save({ origin: server.url }, "origin from our own page", "kap3-tiltak-2__feedback");
    expect(origin.status).toBe(302);
    expect((await stored()).some((v) => v.includes("referer from our own page"))).toBe(true);
  });

  it("answers 421 to a request for another host name (or port), GET or POST, and serves its own", async () => {
    const own = new URL(server.url).host;
    const port = new URL(server.url).port;
    for (const host of ["evil.example", `localhost:${port}`, `127.0.0.1:${Number(port) + 1}`, "127.0.0.1"]) {
      const get = await withHost("GET", host);
      expect(get.status, host).toBe(421);
      expect(get.body).toContain("only at its own address");
      const post = await withHost("POST", host, { origin: server.url, "content-type": "application/x-www-form-urlencoded" });
      expect(post.status, host).toBe(421);
    }
    expect((await withHost("GET", own)).status).toBe(200);
    // Health probes are answered before the host check (a load balancer asks by IP).
    expect((await withHost("GET", "probe.internal", {}, "/healthz")).status).toBe(200);
  });
});
