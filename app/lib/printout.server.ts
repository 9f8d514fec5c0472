/**
 * A printout upload to text: a PDF goes through poppler's `pdftotext` (Decision 17), a text file
 * is decoded as UTF-8. The text then goes to the pure reader in export/printout.ts.
 */
import { execFile } from "node:child_process";
import type { ImportProblem } from "../../export/import";
import { FOOTER, MAX_PRINTOUT_TEXT_BYTES } from "../../export/printout";

/** A published answer's PDF is tens to hundreds of kB; 5 MiB leaves room for embedded fonts and images. */
export const MAX_PRINTOUT_BYTES = 5 * 1024 * 1024;
export const MAX_PRINTOUT_MEGABYTES = MAX_PRINTOUT_BYTES / (1024 * 1024);
/** A real printout converts in well under a second; a hostile PDF must not hold a worker longer. */
const PDFTOTEXT_TIMEOUT_MS = 15_000;

export type PrintoutText = { ok: true; text: string } | { ok: false; problem: ImportProblem };

function pdftotext(pdf: Uint8Array, mode: "-raw" | "-bbox-layout"): Promise<string> {
  return new Promise((resolve, reject) => {
    // No shell, input on stdin, output on stdout: no temporary file, no file name from the user.
    const child = execFile(
      "pdftotext",
      ["-q", "-enc", "UTF-8", mode, "-", "-"],
      { timeout: PDFTOTEXT_TIMEOUT_MS, maxBuffer: 4 * MAX_PRINTOUT_TEXT_BYTES, encoding: "utf8", killSignal: "SIGKILL" },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
    child.stdin?.on("error", () => {}); // pdftotext may exit before reading everything
    child.stdin?.end(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  });
}

const decodeEntities = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, e: string) =>
    e === "amp" ? "&" : e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : e === "apos" ? "'" : String.fromCodePoint(Number(e.slice(1))),
  );
const lineKey = (s: string) => s.replace(/^\s*[•●\uF0B7o◦\uF06F▪■\uF0A7]\s+/, "").replace(/\s+/g, " ").trim();

interface PageBlocks {
  /** Last lines of poppler's text blocks. */
  ends: Set<string>;
  /** Lines that fill the text width: a paragraph may run on past them. */
  full: Set<string>;
}

/**
 * Poppler's text blocks per page. A block is a paragraph as laid out (the bbox output knows the
 * spacing between paragraphs that plain text loses), so the reader can keep an answer's paragraphs.
 */
function pageBlocks(bbox: string): PageBlocks[] {
  return bbox.split("<page ").slice(1).map((page) => {
    const ends = new Set<string>();
    const lines: { key: string; xMin: number; xMax: number }[] = [];
    for (const block of page.split("<block ").slice(1)) {
      const blockLines = block.split("<line ").slice(1).map((line) => {
        const [, xMin, xMax] = /^xMin="([\d.]+)"[^>]*xMax="([\d.]+)"/.exec(line) ?? [];
        const words = [...line.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((m) => decodeEntities(m[1]!));
        return { key: lineKey(words.join(" ")), xMin: Number(xMin ?? 0), xMax: Number(xMax ?? 0) };
      });
      lines.push(...blockLines);
      if (blockLines.length) ends.add(blockLines.at(-1)!.key);
    }
    const right = Math.max(0, ...lines.map((l) => l.xMax));
    const full = new Set(lines.filter((l) => l.xMax - l.xMin >= 0.85 * (right - l.xMin)).map((l) => l.key));
    return { ends, full };
  });
}

/**
 * The PDF's text in the printout's text layout: pdftotext's reading order (-raw), with a
 * whitespace-only line after each paragraph's last line.
 */
async function pdfText(pdf: Uint8Array): Promise<PrintoutText> {
  let raw: string;
  let bbox: string;
  try {
    [raw, bbox] = await Promise.all([pdftotext(pdf, "-raw"), pdftotext(pdf, "-bbox-layout")]);
  } catch {
    return { ok: false, problem: { code: "printoutUnreadable" } };
  }
  if (raw.replace(/[\s\f]/g, "") === "") return { ok: false, problem: { code: "printoutNoText" } };
  const blocks = pageBlocks(bbox);
  const out: string[] = [];
  raw.split("\f").forEach((page, i) => {
    const lines = page.split("\n").filter((line) => line.trim() !== "" && !FOOTER.test(line));
    lines.forEach((line, j) => {
      out.push(line);
      const key = lineKey(line);
      // A page's last block is cut by the page break unless its last line ends a sentence short of the margin.
      const cut = j === lines.length - 1 && (!/[.!?:)»”"]$/.test(line.trim()) || blocks[i]?.full.has(key));
      // A whitespace-only line ends a paragraph, as in the portal's text layout.
      if (!cut && blocks[i]?.ends.has(key)) out.push(" ");
    });
  });
  return { ok: true, text: out.join("\n") };
}

/** Bytes of an upload (or a pasted text) to the printout's text, or why not. Nothing is stored. */
export async function printoutText(input: Uint8Array | string): Promise<PrintoutText> {
  const size = typeof input === "string" ? Buffer.byteLength(input) : input.byteLength;
  if (size > MAX_PRINTOUT_BYTES) return { ok: false, problem: { code: "tooLarge", params: { size, max: MAX_PRINTOUT_BYTES } } };
  if (typeof input !== "string" && Buffer.from(input.subarray(0, 1024)).includes("%PDF-")) return pdfText(input);
  let text: string;
  try {
    text = typeof input === "string" ? input : new TextDecoder("utf-8", { fatal: true }).decode(input);
  } catch {
    return { ok: false, problem: { code: "printoutNotPdf" } };
  }
  if (text.includes("\u0000")) return { ok: false, problem: { code: "printoutNotPdf" } };
  if (text.trim() === "") return { ok: false, problem: { code: "empty" } };
  return { ok: true, text };
}
