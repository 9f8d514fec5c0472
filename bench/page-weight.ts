/**
 * What a page makes the browser download: the JS (modulepreload links, the entry and route
 * modules the inline module script imports) and the stylesheets named in its HTML, with each
 * file's size raw, gzip (level 9, as the precompressed .gz) and brotli (as the .br).
 *
 * Used by bench/server.ts; also runs alone on a saved page or a running server:
 *   npx tsx bench/page-weight.ts --html page.html           (sizes from build/client on disk)
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

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("page-weight.ts")) {
  const i = process.argv.indexOf("--html");
  if (i < 0) {
    console.error("usage: tsx bench/page-weight.ts --html <saved page.html>  (run `npm run build` first)");
    process.exit(2);
  }
  const sizes = pageWeight(readFileSync(process.argv[i + 1]!, "utf8"));
  console.log("| file | raw kB | gzip kB | brotli kB |\n|---|---:|---:|---:|");
  for (const s of sizes) console.log(`| ${s.url} | ${kB(s.raw)} | ${kB(s.gzip)} | ${kB(s.brotli)} |`);
  const t = totals(sizes, "js");
  console.log(`| **JS total (${t.files} files)** | ${kB(t.raw)} | ${kB(t.gzip)} | ${kB(t.brotli)} |`);
}
