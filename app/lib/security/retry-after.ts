import type { HeadersFunction } from "@remix-run/node";

/** Passes an action's Retry-After (set on 429) through to the document response. */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get("Retry-After");
  return retry ? { "Retry-After": retry } : new Headers();
};
