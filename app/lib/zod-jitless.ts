/**
 * Zod 4 compiles a fast parser with `new Function` after probing whether eval is allowed; under
 * the app's Content-Security-Policy (no 'unsafe-eval') the probe throws, is caught, and the browser
 * still reports a CSP violation on every page that parses a form. Jitless mode skips the probe and
 * the compiler. Zod probes when a schema is *built* (z.object(), at a module's load), so this must
 * run before any module with a schema: it is the first import of entry.server.tsx (the server
 * build loads the entry before the routes) and of root.tsx (in the browser, Remix's inline script
 * imports the route modules, root first, before entry.client.tsx; an import there would be too
 * late). `config` comes from zod's core (a few bytes), not the whole library.
 */
import { config } from "zod/v4/core";

config({ jitless: true });
