/**
 * What a page makes the browser download: the JS (modulepreload links, the entry and route
 * modules the inline module script imports) and the stylesheets named in its HTML, with each
 * file's size raw, gzip (level 9, as the precompressed .gz) and brotli (as the .br).
 *
 * Used by bench/server.ts; also runs alone:
 *   npm run build && npx tsx bench/page-weight.ts      the LIS1 demo's chapter 3 as editor and as member:
 *       starts the built server on a fresh demo database (127.0.0.1), prints each page's HTML bytes,
 *       then opens it in headless Chromium (no clicks) and lists every JS file the browser fetched
 *       (the page's own modules and the lazily loaded parts it loads before hydrating) with the
 *       bytes on the wire, and separately the chunks that load only when a person opens something
 *       (dynamic imports of the fetched modules that were not fetched).
 *   npx tsx bench/page-weight.ts --html page.html     the static count for a saved page (sizes from build/client)
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export interface AssetSize {
  url: string;
  kind: "js" | "css";
  raw: number;
  gzip: number;
  brotli: number;
}

/** JS and CSS URLs a browser loads for this HTML (same-origin /assets/… only, in document order). */
export function pageAssetUrls(html: string): { js: string[]; css: string[] } {
  const js = new Set<string>();
  const css = new Set<string>();
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const href = /href="([^"]+)"/.exec(tag)?.[1];
    if (!href) continue;
    if (/rel="modulepreload"/.test(tag)) js.add(href);
    else if (/rel="stylesheet"/.test(tag)) css.add(href);
  }
  for (const m of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const i of m[1]!.matchAll(/import\s*(?:[^"']*?from\s*)?["']([^"']+\.js)["']/g)) js.add(i[1]!);
    for (const i of m[1]!.matchAll(/import\(["']([^"']+\.js)["']\)/g)) js.add(i[1]!);
  }
  // The entry module is loaded by the inline script through the manifest (`"entry":{"module": …}`).
  const entry = /"entry"\s*:\s*\{\s*"module"\s*:\s*"([^"]+)"/.exec(html)?.[1];
  if (entry) js.add(entry);
  return { js: [...js], css: [...css] };
}

/** Follows static `import … from "./x.js"` inside the files too (what the browser fetches anyway). */
function staticImports(code: string, url: string): string[] {
  const dir = url.slice(0, url.lastIndexOf("/") + 1);
  return [...code.matchAll(/(?:import|export)\s*(?:[\w*{}\s,$]*?from\s*)?["'](\.\/[^"']+\.js)["']/g)].map((m) => dir + m[1]!.slice(2));
}

const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;
const br = (b: Buffer) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Sizes of the page's JS and CSS, read from build/client (precompressed files when present). */
export function pageWeight(html: string, clientDir = path.resolve("build/client")): AssetSize[] {
  const { js, css } = pageAssetUrls(html);
  const out: AssetSize[] = [];
  const seen = new Set<string>();
  const add = (url: string, kind: "js" | "css") => {
    if (seen.has(url)) return;
    seen.add(url);
    const file = path.join(clientDir, url.replace(/^\//, ""));
    const bytes = readFileSync(file);
    const pre = (ext: string) => (existsSync(file + ext) ? readFileSync(file + ext).length : undefined);
    out.push({ url, kind, raw: bytes.length, gzip: pre(".gz") ?? gz(bytes), brotli: pre(".br") ?? br(bytes) });
    if (kind === "js") for (const dep of staticImports(bytes.toString("utf8"), url)) add(dep, "js");
  };
  for (const url of js) add(url, "js");
  for (const url of css) add(url, "css");
  return out;
}

export function totals(sizes: AssetSize[], kind: "js" | "css") {
  const of = sizes.filter((s) => s.kind === kind);
  return {
    files: of.length,
    raw: of.reduce((n, s) => n + s.raw, 0),
    gzip: of.reduce((n, s) => n + s.gzip, 0),
    brotli: of.reduce((n, s) => n + s.brotli, 0),
  };
}

const kB = (n: number) => (n / 1000).toFixed(1);

/** Dynamic `import("./x.js")` targets of a chunk (what it may load later). */
function dynamicImports(code: string, url: string): string[] {
  const dir = url.slice(0, url.lastIndexOf("/") + 1);
  return [...code.matchAll(/import\(\s*["'](\.\/[^"']+\.js)["']\s*\)/g)].map((m) => dir + m[1]!.slice(2));
}

/** The whole page as a browser gets it: the demo's chapter 3, editor and member, in headless Chromium. */
async function measureDemo() {
  const { spawn } = await import("node:child_process");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const http = await import("node:http");
  const { chromium } = await import("playwright-core");
  const clientDir = path.resolve("build/client");
  const dir = mkdtempSync(path.join(tmpdir(), "hs-weight-"));
  const port: number = await new Promise((resolve) => {
    const srv = http.createServer().listen(0, "127.0.0.1", () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ["build/node/server.js"], {
    env: { ...process.env, DATABASE_URL: path.join(dir, "weight.sqlite"), PORT: String(port), HOST: "127.0.0.1", SESSION_SECRET: "weight", SEED_DEMO: "1", WEB_CONCURRENCY: "1", NODE_ENV: "production" },
    stdio: "ignore",
    detached: true,
  });
  const stopServer = () => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      /* gone */
    }
  };
  process.on("exit", stopServer);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    for (let i = 0; ; i++) {
      if (await fetch(`${base}/login`).then((r) => r.ok, () => false)) break;
      if (i > 120) throw new Error("the server did not start");
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const [who, email] of [
      ["editor", "styret@demo.no"],
      ["member", "medlem@demo.no"],
    ] as const) {
      const res = await fetch(`${base}/login`, { method: "POST", body: new URLSearchParams({ email, password: "demo-passord", redirectTo: "/" }), redirect: "manual" });
      const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
      const url = `${base}/o/nmf-demo/r/1/c/kap3`;
      const html = await (await fetch(url, { headers: { cookie: cookies.join("; ") } })).text();
      const context = await browser.newContext();
      await context.addCookies(cookies.map((c) => ({ name: c.slice(0, c.indexOf("=")), value: c.slice(c.indexOf("=") + 1), domain: "127.0.0.1", path: "/" })));
      const page = await context.newPage();
      const fetched: { url: string; wire: number; encoding: string }[] = [];
      const pending: Promise<void>[] = [];
      page.on("requestfinished", (request) => {
        const u = new URL(request.url());
        if (!u.pathname.endsWith(".js")) return;
        pending.push(
          Promise.all([request.sizes(), request.response()]).then(([sizes, response]) => {
            fetched.push({ url: u.pathname, wire: sizes.responseBodySize, encoding: response?.headers()["content-encoding"] ?? "identity" });
          }),
        );
      });
      await page.goto(url, { waitUntil: "networkidle" });
      // What hydration's effects load (the live connection) comes a moment later: wait for it too.
      await page.waitForTimeout(3000);
      await Promise.all(pending);
      await context.close();
      const sizeOf = (u: string): AssetSize => {
        const file = path.join(clientDir, u.replace(/^\//, ""));
        const bytes = readFileSync(file);
        const pre = (ext: string) => (existsSync(file + ext) ? readFileSync(file + ext).length : undefined);
        return { url: u, kind: "js", raw: bytes.length, gzip: pre(".gz") ?? gz(bytes), brotli: pre(".br") ?? br(bytes) };
      };
      const loaded = new Set(fetched.map((f) => f.url));
      // Chunks reachable by dynamic import (and their static imports) that the page did not fetch.
      const later = new Set<string>();
      const visit = (u: string, from: "dynamic" | "static") => {
        if (loaded.has(u) || (from === "dynamic" && later.has(u)) || (from === "static" && later.has(u))) return;
        later.add(u);
        const code = readFileSync(path.join(clientDir, u.replace(/^\//, "")), "utf8");
        for (const d of staticImports(code, u)) visit(d, "static");
        for (const d of dynamicImports(code, u)) visit(d, "dynamic");
      };
      for (const u of loaded) for (const d of dynamicImports(readFileSync(path.join(clientDir, u.replace(/^\//, "")), "utf8"), u)) visit(d, "dynamic");
      // English is loaded only on an English page; it is not part of a Norwegian page's load.
      const rows = fetched.map((f) => ({ ...sizeOf(f.url), wire: f.wire, encoding: f.encoding }));
      const sum = (xs: { raw: number; gzip: number; brotli: number }[], k: "raw" | "gzip" | "brotli") => xs.reduce((n, x) => n + x[k], 0);
      console.log(`\n## chapter 3 as ${who} (${email})\n`);
      console.log(`HTML: ${kB(Buffer.byteLength(html))} kB raw (before compression)\n`);
      console.log("JS the page fetches without any click (modules, and lazily loaded parts before hydration):\n");
      console.log("| file | raw kB | gzip kB | brotli kB | on the wire kB |\n|---|---:|---:|---:|---:|");
      for (const r of rows) console.log(`| ${r.url} | ${kB(r.raw)} | ${kB(r.gzip)} | ${kB(r.brotli)} | ${kB(r.wire)} (${r.encoding}) |`);
      console.log(`| **JS the page loads (${rows.length} files)** | ${kB(sum(rows, "raw"))} | ${kB(sum(rows, "gzip"))} | ${kB(sum(rows, "brotli"))} | **${kB(rows.reduce((n, r) => n + r.wire, 0))}** |`);
      const lazyRows = [...later].map(sizeOf);
      console.log("\nLoaded only when a person opens something (not in the figure above):\n");
      console.log("| file | raw kB | gzip kB | brotli kB |\n|---|---:|---:|---:|");
      for (const r of lazyRows) console.log(`| ${r.url} | ${kB(r.raw)} | ${kB(r.gzip)} | ${kB(r.brotli)} |`);
      console.log(`| **on demand (${lazyRows.length} files)** | ${kB(sum(lazyRows, "raw"))} | ${kB(sum(lazyRows, "gzip"))} | ${kB(sum(lazyRows, "brotli"))} |`);
    }
  } finally {
    await browser.close();
    stopServer();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("page-weight.ts")) {
  const i = process.argv.indexOf("--html");
  if (i < 0) {
    await measureDemo();
    process.exit(0);
  }
  const sizes = pageWeight(readFileSync(process.argv[i + 1]!, "utf8"));
  console.log("| file | raw kB | gzip kB | brotli kB |\n|---|---:|---:|---:|");
  for (const s of sizes) console.log(`| ${s.url} | ${kB(s.raw)} | ${kB(s.gzip)} | ${kB(s.brotli)} |`);
  const t = totals(sizes, "js");
  console.log(`| **JS total (${t.files} files)** | ${kB(t.raw)} | ${kB(t.gzip)} | ${kB(t.brotli)} |`);
}
