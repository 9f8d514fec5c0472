/**
 * The route manifest a document carries, computed once per path (decision 77).
 *
 * With lazy route discovery Remix's <Scripts> puts a partial manifest in every document: the
 * routes that match the path and each of its parent paths. It finds them with `matchRoutes`, which
 * flattens and ranks the whole route tree on every call, once per path segment: on a chapter page
 * (`/o/<org>/r/<id>/c/<chapter>`, six calls) about 2 ms of a request's 10–13 ms, for an answer that
 * depends only on the path and the build. The server keeps the answer per path (bounded); the
 * object is the one Remix would build. Remix's CommonJS build calls `getPartialManifest` through
 * its module's exports, so replacing the export is enough; if a Remix upgrade moves it, nothing is
 * replaced and Remix computes it as before.
 */
import { createRequire } from "node:module";

type Manifest = { version: string; routes: Record<string, unknown> };
type Router = { state: { location: { pathname: string } }; basename?: string };
type GetPartialManifest = (manifest: Manifest, router: Router) => Manifest;

const MAX_PATHS = 500;

export function memoisePartialManifest(): boolean {
  let fog: { getPartialManifest?: GetPartialManifest };
  try {
    fog = createRequire(import.meta.url)("@remix-run/react/dist/fog-of-war.js");
  } catch {
    return false;
  }
  const compute = fog.getPartialManifest;
  if (typeof compute !== "function" || (compute as { memoised?: true }).memoised) return false;
  const cache = new Map<string, Manifest>();
  const memoised: GetPartialManifest = (manifest, router) => {
    const key = `${manifest.version}\0${router.basename ?? ""}\0${router.state.location.pathname}`;
    let partial = cache.get(key);
    if (!partial) {
      partial = compute(manifest, router);
      if (cache.size >= MAX_PATHS) cache.delete(cache.keys().next().value!);
      cache.set(key, partial);
    }
    return partial;
  };
  (memoised as { memoised?: true }).memoised = true;
  fog.getPartialManifest = memoised;
  return true;
}
