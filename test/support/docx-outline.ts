/**
 * Reads a DOCX back as an outline through its Word list levels, independently of our writer:
 * `unzip -p` for the parts, regular expressions for the few WordprocessingML elements we need.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface DocxParagraph {
  text: string;
  /** Word list level (w:ilvl) of a numbered paragraph; undefined when it has no numbering. */
  level?: number;
  /** The bullet Word shows for that level, from word/numbering.xml. */
  bullet?: string;
  /** Left indent in twips from the paragraph's style or its numbering level. */
  style?: string;
}

export function docxPart(docx: Buffer, part: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "docx-read-"));
  try {
    const file = path.join(dir, "file.docx");
    writeFileSync(file, docx);
    return execFileSync("unzip", ["-p", file, part], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const decode = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-f]+));/gi, (_, name: string, dec?: string, hex?: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" } as Record<string, string>)[name]!,
  );

/** numId → ilvl → bullet text, following w:num → w:abstractNum. */
export function bulletsByNumbering(numberingXml: string): Map<string, string[]> {
  const abstract = new Map<string, string[]>();
  for (const m of numberingXml.matchAll(/<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels: string[] = [];
    for (const lvl of m[2]!.matchAll(/<w:lvl\b[^>]*w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
      const format = /<w:numFmt w:val="([^"]+)"/.exec(lvl[2]!)?.[1];
      const text = /<w:lvlText w:val="([^"]*)"/.exec(lvl[2]!)?.[1] ?? "";
      levels[Number(lvl[1])] = format === "bullet" ? decode(text) : `(${format})`;
    }
    abstract.set(m[1]!, levels);
  }
  const byNum = new Map<string, string[]>();
  for (const m of numberingXml.matchAll(/<w:num\b[^>]*w:numId="(\d+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const abstractId = /<w:abstractNumId w:val="(\d+)"/.exec(m[2]!)?.[1];
    if (abstractId) byNum.set(m[1]!, abstract.get(abstractId) ?? []);
  }
  return byNum;
}

export function readDocxParagraphs(docx: Buffer): DocxParagraph[] {
  const body = docxPart(docx, "word/document.xml");
  const bullets = bulletsByNumbering(docxPart(docx, "word/numbering.xml"));
  return [...body.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const xml = m[1]!;
    const numId = /<w:numId w:val="(\d+)"/.exec(xml)?.[1];
    const ilvl = /<w:ilvl w:val="(\d+)"/.exec(xml)?.[1];
    const style = /<w:pStyle w:val="([^"]+)"/.exec(xml)?.[1];
    const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<w:t\/>/g)]
      .map((t) => (t[0].startsWith("<w:br") ? "\n" : decode(t[1] ?? "")))
      .join("");
    const level = numId !== undefined ? Number(ilvl ?? 0) : undefined;
    return { text, level, bullet: level !== undefined ? bullets.get(numId!)?.[level] : undefined, style };
  });
}

/** Readable outline: bulleted paragraphs with their bullet, continuation paragraphs indented without one. */
export function docxOutlineText(paragraphs: DocxParagraph[]): string {
  return paragraphs
    .map((p) => {
      const continuation = /^ListContinue(\d)$/.exec(p.style ?? "");
      if (p.level !== undefined) return `${"  ".repeat(p.level)}${p.bullet} ${p.text}`;
      if (continuation) return `${"  ".repeat(Number(continuation[1]) - 1)}  ${p.text}`;
      return p.style ? `[${p.style}] ${p.text}` : p.text;
    })
    .join("\n")
    .concat("\n");
}
