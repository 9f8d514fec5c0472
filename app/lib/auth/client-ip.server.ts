/** The client address for rate limiting, handed over by the Express server (app/server.ts). */
import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Express `req.ip`: the socket address, or X-Forwarded-For only when TRUST_PROXY is set. */
    clientIp?: string;
  }
}

export function clientIp(context: AppLoadContext): string {
  // Under `remix vite:dev` there is no Express context: every client shares one bucket.
  return context.clientIp || "unknown";
}
