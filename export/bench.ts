/**
 * npm run bench:export — export speed and memory, not a test.
 * For the LIS1 demo and synthetic templates scaled 10× and 100× (71·k items, long answers):
 * warm in-process median ms per export and peak RSS, for Markdown, DOCX and PDF, each case in its
 * own child process so RSS is that case's own. pandoc converts the same Markdown to DOCX, and
 * LibreOffice (headless) our DOCX of the same content to PDF, in the same run for comparison
 * (their time includes process start-up, which is how they would be used).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { scaled } from "./bench-data";
import { toDocx } from "./docx";
import { toMarkdown } from "./markdown";
import { toPdf } from "./pdf";
import { buildDocument, type ExportDocument } from "./model";

const SCALES = [1, 10, 100] as const;
const FORMATS = ["md", "docx", "pdf"] as const;
type Format = (typeof FORMATS)[number];
const RUNS: Record<number, number> = { 1: 50, 10: 15, 100: 7 };
const PANDOC_RUNS: Record<number, number> = { 1: 7, 10: 5, 100: 3 };
const SOFFICE_RUNS: Record<number, number> = { 1: 3, 10: 2, 100: 1 };

function documentFor(scale: number): ExportDocument {
  const { template, answers } = scaled(scale);
  return buildDocument({ template, answers, organisationName: "Norsk medisinstudentforening (demo)", date: "2021-03-01" });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One export as the app does it: model from template + answers, then the writer. */
async function exportOnce(input: ReturnType<typeof scaled>, format: Format): Promise<{ ms: number; bytes: number; items: number }> {
  const start = performance.now();
  const doc = buildDocument({ ...input, organisationName: "Norsk medisinstudentforening (demo)", date: "2021-03-01" });
  const out = format === "md" ? toMarkdown(doc) : format === "docx" ? await toDocx(doc) : await toPdf(doc);
  const ms = performance.now() - start;
  return { ms, bytes: typeof out === "string" ? Buffer.byteLength(out) : out.byteLength, items: doc.items.length };
}

/** Child process: one case, warm-up then timed runs; prints JSON. */
async function runCase(scale: number, format: Format): Promise<void> {
  const input = scaled(scale);
  for (let i = 0; i < 3; i++) await exportOnce(input, format);
  const runs: Awaited<ReturnType<typeof exportOnce>>[] = [];
  for (let i = 0; i < RUNS[scale]!; i++) runs.push(await exportOnce(input, format));
  const { items, bytes } = runs[0]!;
  console.log(JSON.stringify({ ms: median(runs.map((r) => r.ms)), peakRssMb: process.resourceUsage().maxRSS / 1024, items, bytes }));
}

function pandocMs(scale: number, dir: string): number | undefined {
  const md = path.join(dir, `scale-${scale}.md`);
  writeFileSync(md, toMarkdown(documentFor(scale)));
  const times: number[] = [];
  for (let i = 0; i < PANDOC_RUNS[scale]!; i++) {
    const start = performance.now();
    const result = spawnSync("pandoc", ["-f", "markdown", "-t", "docx", "-o", path.join(dir, `scale-${scale}.docx`), md]);
    if (result.status !== 0) return undefined;
    times.push(performance.now() - start);
  }
  return median(times);
}

/** LibreOffice converting our DOCX of the same content to PDF (its own profile, so no dialogs or locks). */
async function sofficeMs(scale: number, dir: string): Promise<number | undefined> {
  const docx = path.join(dir, `scale-${scale}.docx`);
  writeFileSync(docx, await toDocx(documentFor(scale)));
  const profile = `file://${path.join(dir, "lo-profile")}`;
  const times: number[] = [];
  for (let i = 0; i < SOFFICE_RUNS[scale]!; i++) {
    const start = performance.now();
    const result = spawnSync("soffice", [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", "pdf", "--outdir", dir, docx], { timeout: 300_000 });
    if (result.status !== 0) return undefined;
    times.push(performance.now() - start);
  }
  return median(times);
}

async function main(): Promise<void> {
  const caseArg = process.argv.indexOf("--case");
  if (caseArg > 0) {
    const [scale, format] = process.argv[caseArg + 1]!.split(":");
    return runCase(Number(scale), format as Format);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "bench-export-"));
  const pandocVersion = (() => {
    try {
      return execFileSync("pandoc", ["--version"], { encoding: "utf8" }).split("\n")[0];
    } catch {
      return undefined;
    }
  })();
  console.log(`node ${process.version}, ${pandocVersion ?? "pandoc not found"}; median of ${Object.values(RUNS).join("/")} warm runs`);
  console.log("| case | items | md ms | md peak RSS MB | docx ms | docx peak RSS MB | docx size kB | pandoc md→docx ms | pandoc / ours | pdf ms | pdf peak RSS MB | pdf size kB | LibreOffice docx→pdf ms | LibreOffice / ours |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  try {
    for (const scale of SCALES) {
      const results = Object.fromEntries(
        FORMATS.map((format) => {
          const child = spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, "--case", `${scale}:${format}`], { encoding: "utf8" });
          if (child.status !== 0) throw new Error(`case ${scale}:${format} failed:\n${child.stderr}`);
          return [format, JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { ms: number; peakRssMb: number; items: number; bytes: number }];
        }),
      ) as Record<Format, { ms: number; peakRssMb: number; items: number; bytes: number }>;
      const pandoc = pandocDisabled() ? undefined : pandocMs(scale, dir);
      const soffice = process.env.BENCH_NO_SOFFICE === "1" ? undefined : await sofficeMs(scale, dir);
      const name = scale === 1 ? "LIS1 demo" : `synthetic ${scale}×`;
      const f = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
      console.log(
        `| ${name} | ${results.docx.items} | ${f(results.md.ms)} | ${f(results.md.peakRssMb)} | ${f(results.docx.ms)} | ${f(results.docx.peakRssMb)} | ${Math.round(results.docx.bytes / 1024)} | ${pandoc === undefined ? "n/a" : f(pandoc)} | ${pandoc === undefined ? "n/a" : `${(pandoc / results.docx.ms).toFixed(1)}×`} | ${f(results.pdf.ms)} | ${f(results.pdf.peakRssMb)} | ${Math.round(results.pdf.bytes / 1024)} | ${soffice === undefined ? "n/a" : f(soffice)} | ${soffice === undefined ? "n/a" : `${(soffice / results.pdf.ms).toFixed(1)}×`} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pandocDisabled = () => process.env.BENCH_NO_PANDOC === "1";

await main();
