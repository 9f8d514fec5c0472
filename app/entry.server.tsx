/**
 * Server rendering. Differs from Remix's default in two ways: every inline script carries the
 * request's CSP nonce, and the whole document is rendered and collected before it is sent (the
 * app streams no deferred data, so waiting costs nothing, a render error still gets a proper
 * status code, and compression handles one buffer instead of hundreds of small writes). The
 * document is rendered by React's web-streams build (app/lib/render-html.server.ts says why).
 */
// First: zod must be jitless before any schema parses (no CSP violation from its eval probe).
import "~/lib/zod-jitless";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { logger } from "~/lib/ops/log.server";
import { NonceProvider } from "~/lib/nonce";
import { PageTextProvider } from "~/lib/page-text";
import { renderDocument } from "~/lib/render-html.server";
import { memoisePartialManifest } from "~/lib/partial-manifest.server";

memoisePartialManifest();

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  let status = responseStatusCode;
  let shellRendered = false;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ABORT_DELAY + 1_000);
  try {
    const body = await renderDocument(
      <NonceProvider value={nonce}>
        <PageTextProvider value={loadContext.pageTexts}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </PageTextProvider>
      </NonceProvider>,
      {
        nonce,
        signal: abort.signal,
        onShellReady: () => (shellRendered = true),
        onError(error: unknown) {
          status = 500;
          // Errors before the shell reject (and are logged by Remix); later ones only here.
          if (shellRendered) logger().error({ err: error }, "rendering the page failed after its shell was sent");
        },
      },
    );
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    return new Response(body, { headers: responseHeaders, status });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Errors from loaders, actions and rendering: a 4xx (not found, refused) is an answer, not a
 * fault, and is not logged (the request log line has its status); anything else is logged once,
 * with the request id, as JSON.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  if (error instanceof Response && error.status < 500) return;
  logger().error({ err: error, reqId: context.requestId, route: new URL(request.url).pathname.replace(/\/[^/]{20,}/g, "/…") }, "request error");
};
