import { vitePlugin as remix } from "@remix-run/dev";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { constants } from "node:zlib";
import { defineConfig } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const root = path.dirname(fileURLToPath(import.meta.url));
const app = (file: string) => path.join(root, file);

/** The framework every page runs on (React, React DOM, Remix): one chunk, as Rollup made it before. */
const VENDOR = /\/node_modules\/(react|react-dom|scheduler|@remix-run\/[^/]+|react-router|react-router-dom|turbo-stream)\//;
/** The app's core strings and their module are in every page's chunk too. */
const VENDOR_APP = new Set([app("app/lib/i18n/index.ts"), app("app/lib/i18n/nb.ts")]);
/**
 * Small modules the chapter page and most other pages share (each was a chunk of a few hundred
 * bytes: a file's own import lines and compression overhead were a good part of it): one chunk
 * (decision 95). A manual chunk takes in its modules' static imports that are in no other manual
 * chunk, so the framework, the core strings and every other dictionary are named here as well.
 */
const SHARED = new Set(
  [
    "app/lib/lazy-part.tsx",
    "app/lib/section-form/fields.ts",
    "app/lib/page-text.tsx",
    "app/components/error-boundary.tsx",
    "app/components/cockpit/work-line.tsx",
    "app/components/discussion/folded.tsx",
    "app/components/answer-text.tsx",
    "app/lib/answer-text.ts",
    "consultation/answers.ts",
    "app/lib/dates.ts",
    "app/lib/use-hydrated.ts",
    "app/lib/live/live-state.ts",
    "app/components/live/lazy.tsx",
    "app/components/progress.tsx",
    "app/lib/page-title.ts",
    "app/lib/section-title.ts",
  ].map(app),
);
/** Dictionaries loaded on demand: each its own chunk, never pulled into the chunks above. */
const DICTIONARY = /\/app\/lib\/i18n\/(en|nb-[a-z]+)\.ts$/;

function manualChunks(id: string): string | undefined {
  if (VENDOR.test(id) || VENDOR_APP.has(id)) return "vendor";
  if (SHARED.has(id)) return "shared";
  const dictionary = DICTIONARY.exec(id);
  return dictionary ? dictionary[1] : undefined;
}

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
    // Precompressed copies of the browser assets next to each file: build/client/assets/x.js,
    // x.js.gz (gzip -9) and x.js.br (brotli 11), for every JS, CSS, SVG, JSON and text file whatever
    // its size, so the server can send them with Content-Encoding instead of compressing per request.
    ...(isSsrBuild
      ? []
      : [
          compression({
            include: /\.(js|mjs|css|svg|json|txt|html|xml|webmanifest)$/,
            threshold: 0,
            skipIfLargerOrEqual: false,
            algorithms: [
              defineAlgorithm("gzip", { level: 9 }),
              defineAlgorithm("brotliCompress", { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
            ],
          }),
        ]),
  ],
  server: { port: 3000 },
  build: isSsrBuild ? {} : { rollupOptions: { output: { manualChunks } } },
}));
