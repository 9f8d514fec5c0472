/**
 * PDF writer (pdfkit): the document model laid out like the DOCX — title block, "Svar:", the
 * three-level •/o/▪ outline, A4, "Side N av M" footer — as a tagged PDF/A-2b (README Decision 17).
 *
 * Tagging: Document > H1 (title), P (title fields), H2 ("Svar:"), then L > LI > (Lbl, LBody) with
 * a nested L inside the LBody of its parent entry; the footers are Pagination artifacts.
 * Fonts: DejaVu Sans from the npm package dejavu-fonts-ttf, embedded (subset) as PDF/A requires.
 * Pure apart from reading the font files once per process.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import type { ExportDocument, OutlineNode } from "./model";

const BULLETS = ["•", "o", "▪"] as const;
const MM = 72 / 25.4;
/** Same page as the DOCX: A4 with 2 cm margins; list indents 1.27 cm per level, hanging 0.635 cm. */
const MARGIN = 20 * MM;
const INDENT_STEP = 36;
const HANGING = 18;
const BODY_SIZE = 11;
const TITLE_SIZE = 20;
const HEADING_SIZE = 14;
const PARAGRAPH_GAP = 4;
/** Extra space between the paragraphs of one answer, so they read (and extract) as paragraphs. */
const PARAGRAPH_BREAK = 6;

/** Parsed once per process: parsing DejaVu per document was most of a small export's time. */
export interface PdfFonts {
  regular: fontkit.Font;
  bold: fontkit.Font;
}

let fonts: PdfFonts | undefined;

/** DejaVu Sans (covers æøå and the bullets) from the npm package, so no Debian font is needed. */
export function pdfFonts(): PdfFonts {
  if (fonts) return fonts;
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = require.resolve("dejavu-fonts-ttf/package.json").replace(/package\.json$/, "ttf/");
  } catch {
    throw new Error("PDF export needs the npm package dejavu-fonts-ttf (run npm install)");
  }
  const regular = `${dir}DejaVuSans.ttf`;
  const bold = `${dir}DejaVuSans-Bold.ttf`;
  if (!existsSync(regular) || !existsSync(bold)) throw new Error(`PDF export: DejaVu Sans not found in ${dir}`);
  fonts = { regular: fontkit.create(readFileSync(regular)) as fontkit.Font, bold: fontkit.create(readFileSync(bold)) as fontkit.Font };
  return fonts;
}

// pdfkit writes Title/Author into the XMP packet without escaping them.
const XML_ESCAPES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" };
const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => XML_ESCAPES[c]!);
// Control characters have no glyph; a pasted one must not end up as a .notdef box in an archive copy.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F\uFFFE\uFFFF]/g;
const clean = (s: string) => s.replace(CONTROL, "").replace(/\t/g, "    ");

type Doc = PDFKit.PDFDocument;

/**
 * pdfkit shapes text word by word and caches each word's glyph run per document; the runs depend
 * only on the (shared, immutable) font, so the cache is kept per process. Shaping (GSUB/GPOS
 * lookups) was over half of a warm LIS1 export. Bounded: cleared when it holds too many words.
 */
const layoutCaches = new Map<string, Record<string, unknown>>();
const LAYOUT_CACHE_WORDS = 100_000;
let documentsSinceSizeCheck = 0;
function shareLayoutCache(doc: Doc, name: "body" | "bold"): void {
  doc.font(name);
  const font = (doc as unknown as { _font: { layoutCache?: Record<string, unknown> } })._font;
  let cache = layoutCaches.get(name);
  // Counting keys is O(words): done every 32 documents, not on each.
  const check = ++documentsSinceSizeCheck % 32 === 0;
  if (!cache || (check && Object.keys(cache).length > LAYOUT_CACHE_WORDS))
    layoutCaches.set(name, (cache = Object.create(null) as Record<string, unknown>));
  if (font.layoutCache) font.layoutCache = cache;
}
type Struct = PDFKit.PDFStructureElement;

interface Writer {
  doc: Doc;
  width: number;
  lineHeight: number;
}

/** Starts a new page when not even one line fits, so a bullet is never orphaned at the page foot. */
function keepLine(w: Writer): void {
  if (w.doc.y + w.lineHeight > w.doc.page.maxY()) w.doc.addPage();
}

function paragraph(w: Writer, parent: Struct, tag: string, text: string, options: { font?: string; size?: number; gap?: number } = {}) {
  const { doc } = w;
  const el = doc.struct(tag);
  parent.add(el);
  el.add(() => {
    doc.font(options.font ?? "body").fontSize(options.size ?? BODY_SIZE);
    doc.text(clean(text), MARGIN, doc.y, { width: w.width });
  });
  el.end();
  doc.font("body").fontSize(BODY_SIZE);
  doc.y += options.gap ?? PARAGRAPH_GAP;
}

function listItem(w: Writer, list: Struct, node: OutlineNode, level: number): void {
  const { doc } = w;
  const left = MARGIN + INDENT_STEP * (level + 1);
  const li = doc.struct("LI");
  list.add(li);
  keepLine(w);
  const top = doc.y;
  const label = doc.struct("Lbl");
  li.add(label);
  label.add(() => doc.text(BULLETS[level]!, left - HANGING, top, { lineBreak: false }));
  label.end();
  const body = doc.struct("LBody");
  li.add(body);
  node.paragraphs.forEach((text, i) => {
    if (i > 0) {
      w.doc.y += PARAGRAPH_BREAK;
      keepLine(w);
    }
    const y = i === 0 ? top : doc.y;
    const p = doc.struct("P");
    body.add(p);
    p.add(() => doc.text(clean(text), left, y, { width: w.width - (left - MARGIN) }));
    p.end();
    doc.y += PARAGRAPH_GAP;
  });
  if (node.children.length) outlineList(w, body, node.children, Math.min(level + 1, BULLETS.length - 1));
  body.end();
  li.end();
}

function outlineList(w: Writer, parent: Struct, nodes: OutlineNode[], level: number): void {
  const list = w.doc.struct("L");
  parent.add(list);
  for (const node of nodes) listItem(w, list, node, level);
  list.end();
}

/** "Side N av M" on every page, as a pagination artifact (not part of the read text). */
function footers(w: Writer, pageLabel: ExportDocument["pageLabel"]): void {
  const { doc } = w;
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
    doc.markContent("Artifact", { type: "Pagination" });
    doc.font("body").fontSize(9);
    doc.text(`${pageLabel.before}${i + 1}${pageLabel.between}${count}`, MARGIN, doc.page.height - MARGIN / 2 - 9, {
      width: w.width,
      align: "center",
      lineBreak: false,
    });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}

export interface PdfOptions {
  /** Extra content before the answers (the cover letter, the summary); gets the writer to draw with. */
  before?: (w: PdfWriter) => void;
}

/** What other PDF writers in export/ (cover letter, summary) draw with. */
export interface PdfWriter {
  doc: Doc;
  root: Struct;
  width: number;
  paragraph(tag: string, text: string, options?: { font?: "body" | "bold"; size?: number; gap?: number }): void;
  labelled(label: string, value: string): void;
  keepLine(): void;
}

/** Opens a tagged PDF/A-2b document with the fonts, properties and a Document root element. */
export function openPdf(meta: { title: string; author: string; language: string; date: string }): {
  w: PdfWriter;
  done: (pageLabel?: ExportDocument["pageLabel"]) => Promise<Buffer>;
} {
  const { regular, bold } = pdfFonts();
  const created = new Date(`${/^\d{4}-\d{2}-\d{2}$/.test(meta.date) ? meta.date : "1970-01-01"}T00:00:00Z`);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    pdfVersion: "1.7",
    subset: "PDF/A-2b",
    tagged: true,
    lang: meta.language,
    displayTitle: true,
    bufferPages: true,
    autoFirstPage: true,
    // Not pdfkit's default Helvetica: a PDF/A may contain only embedded fonts.
    font: regular as unknown as string,
    // No ModDate: pdfkit writes no xmp:ModifyDate, and PDF/A wants the info dictionary and the XMP to agree.
    info: { Title: clean(meta.title), Author: clean(meta.author), Creator: "Høringssvar workbench", Producer: "pdfkit", CreationDate: created },
  });
  const internal = doc as unknown as { _addInfo: () => void; info: Record<string, unknown> };
  const addInfo = internal._addInfo;
  internal._addInfo = function (this: typeof internal) {
    const raw = this.info;
    this.info = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? escapeXml(v) : v]));
    try {
      addInfo.call(this);
    } finally {
      this.info = raw;
    }
  };
  doc.registerFont("body", regular as unknown as string);
  doc.registerFont("bold", bold as unknown as string);
  shareLayoutCache(doc, "bold");
  shareLayoutCache(doc, "body");
  doc.fontSize(BODY_SIZE);
  const width = doc.page.width - 2 * MARGIN;
  const base: Writer = { doc, width, lineHeight: doc.currentLineHeight(true) };
  const root = doc.struct("Document");
  doc.addStructure(root);
  // pdfkit pushes every object through its Readable stream as its own small chunk, converting
  // strings byte by byte: for a large export the stream's buffering and that loop were a third of
  // the time and most of the memory. The bytes are collected here instead (same bytes, same offsets).
  // Strings (object text, all latin1 bytes) are batched into 64 kB before becoming a Buffer.
  const chunks: Uint8Array[] = [];
  let pending = "";
  const flush = () => {
    if (pending) chunks.push(Buffer.from(pending, "latin1"));
    pending = "";
  };
  const writer = doc as unknown as { _write: (data: string | Uint8Array) => void; _offset: number };
  writer._write = function (this: typeof writer, data) {
    if (typeof data === "string") {
      pending += `${data}\n`;
      this._offset += data.length + 1;
      if (pending.length > 65_536) flush();
    } else {
      flush();
      chunks.push(data);
      this._offset += data.length;
    }
  };
  // The header the constructor wrote before this still comes through the stream.
  const head: Uint8Array[] = [];
  doc.on("data", (chunk: Uint8Array) => head.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => {
      flush();
      resolve(Buffer.concat([...head, ...chunks]));
    });
    doc.on("error", reject);
  });
  const w: PdfWriter = {
    doc,
    root,
    width,
    paragraph: (tag, text, options) => paragraph(base, root, tag, text, options),
    labelled: (label, value) => {
      const p = doc.struct("P");
      root.add(p);
      p.add(() => {
        doc.font("bold").text(clean(label), MARGIN, doc.y, { width, continued: true });
        doc.font("body").text(clean(value));
      });
      p.end();
      doc.y += PARAGRAPH_GAP;
    },
    keepLine: () => keepLine(base),
  };
  return {
    w,
    done: (pageLabel) => {
      root.end();
      if (pageLabel) footers(base, pageLabel);
      doc.end();
      return finished;
    },
  };
}

/** Title block, the answers heading and the outline, as in the DOCX. */
export function writeResponse(w: PdfWriter, doc: ExportDocument): void {
  w.paragraph("H1", doc.titleBlock.title, { font: "bold", size: TITLE_SIZE, gap: 10 });
  for (const f of doc.titleBlock.fields) w.labelled(`${f.label}: `, f.value);
  w.doc.y += 8;
  w.paragraph("H2", doc.answersHeading, { font: "bold", size: HEADING_SIZE, gap: 6 });
  const base: Writer = { doc: w.doc, width: w.width, lineHeight: w.doc.currentLineHeight(true) };
  outlineList(base, w.root, doc.items, 0);
}

function fieldValue(doc: ExportDocument, field: string): string {
  return doc.titleBlock.fields.find((f) => f.field === field)?.value ?? "";
}

export function toPdf(doc: ExportDocument, options: PdfOptions = {}): Promise<Buffer> {
  const { w, done } = openPdf({ title: doc.titleBlock.title, author: fieldValue(doc, "organisation"), language: doc.language, date: fieldValue(doc, "date") });
  options.before?.(w);
  if (doc.coverLetter) {
    const cover = doc.coverLetter;
    w.paragraph("H1", cover.heading, { font: "bold", size: HEADING_SIZE, gap: 10 });
    for (const f of cover.fields) w.labelled(`${f.label}: `, f.value);
    w.doc.y += 12;
    for (const text of cover.paragraphs) w.paragraph("P", text, { gap: 8 });
    w.doc.addPage();
  }
  writeResponse(w, doc);
  return done(doc.pageLabel);
}
