/**
 * Reads one of our PDFs back the way a person copying text would: poppler's `pdftotext -layout`,
 * then the outline from the bullets •, o, ▪ and the indentation, independently of our writer.
 * A blank line inside an entry separates its paragraphs; page feet ("Side N av M") and page
 * breaks are not content.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { OutlineEntry } from "./outline";

/** Runs a poppler tool on a PDF buffer; returns its stdout. */
export function poppler(tool: "pdftotext" | "pdfinfo" | "pdffonts", pdf: Buffer, args: string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hs-pdf-"));
  try {
    const file = path.join(dir, "doc.pdf");
    writeFileSync(file, pdf);
    return execFileSync(tool, tool === "pdftotext" ? [...args, file, "-"] : [...args, file], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const pdfText = (pdf: Buffer) => poppler("pdftotext", pdf, ["-layout"]);

const FOOTER = /^\s*(Side|Page) \d+ (av|of) \d+\s*$/;
const LEVEL: Record<string, number> = { "•": 0, o: 1, "▪": 2 };

/** The outline after the answers heading (`heading`, e.g. "Svar:"). */
export function pdfOutline(text: string, heading = "Svar:"): OutlineEntry[] {
  const lines = text.split("\n").map((l) => l.replace(/\f/g, ""));
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`no ${heading} in the PDF text`);
  const out: OutlineEntry[] = [];
  let textColumn = -1;
  let blank = false;
  for (const line of lines.slice(start + 1)) {
    if (FOOTER.test(line)) {
      blank = false; // the gap above a page foot is no paragraph break
      continue;
    }
    if (line.trim() === "") {
      blank = true;
      continue;
    }
    const indent = line.length - line.trimStart().length;
    const bullet = /^(\s*)([•o▪])(\s+)(.*)$/.exec(line);
    if (bullet && indent !== textColumn) {
      out.push({ level: LEVEL[bullet[2]!]!, bulleted: true, text: bullet[4]! });
      textColumn = bullet[1]!.length + 1 + bullet[3]!.length;
    } else {
      const entry = out.at(-1);
      if (!entry) throw new Error(`text before the first bullet: ${line}`);
      if (blank) out.push({ level: entry.level, bulleted: false, text: line.trim() });
      else entry.text = joinLine(entry.text, line.trim());
    }
    blank = false;
  }
  return out;
}

/** Wrapped lines join with a space, except where the line broke after a hyphen or slash inside a word ("LIS1-" + "stillinger"). */
function joinLine(text: string, next: string): string {
  return /\S[-/]$/.test(text) ? text + next : `${text} ${next}`;
}
