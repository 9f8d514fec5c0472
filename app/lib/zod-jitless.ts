/**
 * Zod 4 compiles a fast parser with `new Function` after probing whether eval is allowed; under
 * the app's Content-Security-Policy (no 'unsafe-eval') the probe throws, is caught, and the browser
 * still reports a CSP violation on every page with a form schema. Jitless mode skips the probe and
 * the compiler: this is `z.config({ jitless: true })`, done without importing zod. Zod keeps its
 * global config on `globalThis.__zod_globalConfig` (created only if absent), so setting it first
 * is the same as calling `config`, and the chapter page, which has no schema of its own, does not
 * download zod's core for it (4 kB compressed). test/unit/zod-jitless.test.ts holds zod to this.
 *
 * Zod probes when a schema is *built* (z.object(), at a module's load), so this must run before
 * any module with a schema: it is the first import of entry.server.tsx (the server build loads the
 * entry before the routes) and of root.tsx (in the browser, Remix's inline script imports the route
 * modules, root first, before entry.client.tsx: an import there would be too late).
 */
const scope = globalThis as typeof globalThis & { __zod_globalConfig?: { jitless?: boolean } };
(scope.__zod_globalConfig ??= {}).jitless = true;

export {};
