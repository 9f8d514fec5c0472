/**
 * The Express app of one server process, middleware in the order a request meets it: the request
 * id and log line, headers (so every answer, even a refusal, carries them), health, readiness and
 * metrics (app/http/health.server.ts), then refusals that need no
 * application code, then compression, static files (precompressed where the build wrote .br/.gz), then Remix.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import expressStaticGzip from "express-static-gzip";
import { constants as zlib } from "node:zlib";
import { startMetrics } from "../lib/ops/metrics.server";
import { healthEndpoints } from "./health.server";
import { observeRequests } from "./observe.server";
import { bodyLimit, canonicalHost, noCors, sameOriginWrites } from "./request-guards.server";
import { hstsOverHttps, nonceAndCacheControl, securityHeaders } from "./security-headers.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    /** This request's id (X-Request-Id), for log lines about it. */
    requestId?: string;
    /** Bytes written to this response that the socket has not sent yet (live streams cut slow readers off). */
    bufferedBytes?: () => number;
    /** On a document request (a GET, not `.data`): texts its markup carries, left out of its loader data (app/lib/page-text.tsx). */
    pageTexts?: Map<string, string>;
  }
}

export function createExpressApp(build: ServerBuild, buildDir: string) {
  startMetrics();
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy set TRUST_PROXY (e.g. "loopback" or 1) so req.ip and req.secure are the client's.
  const trustProxy = process.env.TRUST_PROXY;
  if (trustProxy) app.set("trust proxy", /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);

  app.use(observeRequests);
  app.use(nonceAndCacheControl, securityHeaders, hstsOverHttps);
  app.use(healthEndpoints);
  app.use(canonicalHost, noCors, sameOriginWrites, bodyLimit);

  // Responses compressed unless already encoded (precompressed assets): HTML, single-fetch data,
  // downloads (brotli at a fast level, else gzip);
  // event streams are never buffered by compression.
  app.use(
    compression({
      brotli: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
      filter: (req, res) => !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") && compression.filter(req, res),
    }),
  );
  // Fingerprinted assets: precompressed .br/.gz written by the build, cached for a year.
  app.use(
    "/assets",
    expressStaticGzip(path.join(buildDir, "client/assets"), {
      enableBrotli: true,
      orderPreference: ["br", "gz"],
      serveStatic: { immutable: true, maxAge: "1y", index: false },
    }),
  );
  // The few files at the root of the build (favicon, robots.txt): looked up in a set made at start,
  // so page requests do not stat the disk.
  const rootFiles = new Set(readdirSync(path.join(buildDir, "client"), { withFileTypes: true }).filter((f) => f.isFile()).map((f) => `/${f.name}`));
  const rootStatic = express.static(path.join(buildDir, "client"), { maxAge: "1h", index: false });
  app.use((req, res, next) => (rootFiles.has(req.path) ? rootStatic(req, res, next) : next()));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (req, res) => ({
        clientIp: req.ip,
        cspNonce: res.locals.cspNonce,
        requestId: res.locals.requestId,
        bufferedBytes: () => res.writableLength,
        pageTexts: req.method === "GET" && !req.path.endsWith(".data") ? new Map<string, string>() : undefined,
      }),
    }),
  );
  return app;
}
