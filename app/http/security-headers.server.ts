/**
 * Response headers for every response (pages, data, downloads, assets, error pages):
 * a strict CSP with a per-request nonce for Remix's inline scripts, no framing, no sniffing,
 * same-origin referrers and opener, no powerful browser features, HSTS over https only, and
 * `Cache-Control: private, no-store` on everything that is not a fingerprinted static asset, so
 * a shared computer's back button or a proxy never shows a board's draft after sign-out.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";
import onHeaders from "on-headers";

declare module "express-serve-static-core" {
  interface Locals {
    cspNonce: string;
  }
}

const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
  "interest-cohort=()",
].join(", ");

export function nonceAndCacheControl(req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
  // Set when the headers go out, so a route's own Cache-Control (appended by the Remix adapter) wins.
  onHeaders(res, function (this: ServerResponse) {
    if (!this.getHeader("Cache-Control")) this.setHeader("Cache-Control", "private, no-store");
  });
  next();
}

export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as Response).locals.cspNonce}'`],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
      // upgrade-insecure-requests would break plain-http local use; HSTS covers https deployments.
    },
  },
  crossOriginOpenerPolicy: { policy: "same-origin" },
  crossOriginResourcePolicy: { policy: "same-origin" },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: "same-origin" },
  frameguard: { action: "deny" },
  strictTransportSecurity: false, // set per request below, only when the request came over https
  xContentTypeOptions: true,
});

export function hstsOverHttps(req: Request, res: Response, next: NextFunction) {
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
}
