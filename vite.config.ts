import { vitePlugin as remix } from "@remix-run/dev";
import { constants } from "node:zlib";
import { defineConfig } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
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
}));
