/**
 * DOCX writer (docx 9.x): the document model as Word paragraphs on real list numbering.
 * One abstract numbering with three bullet levels (•, o, ▪), like the official form printout.
 * A node's first paragraph carries the bullet; its further paragraphs (multi-paragraph answers)
 * are un-bulleted "List Continue" paragraphs indented to the same text position.
 */
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type ILevelsOptions,
} from "docx";
import type { ExportDocument, OutlineNode } from "./model";

const NUMBERING_REFERENCE = "hoeringssvar-outline";
const CONTINUE_STYLE = (level: number) => `ListContinue${level + 1}`;
const A4 = { width: 11906, height: 16838 }; // twips
const BULLETS = ["•", "o", "▪"] as const;
const INDENT_STEP = 720;
const HANGING = 360;
const FONT = "Calibri";
const LANGUAGE = "nb-NO";

const indentOf = (level: number) => ({ left: INDENT_STEP * (level + 1), hanging: HANGING });

const levels: ILevelsOptions[] = BULLETS.map((bullet, level) => ({
  level,
  format: LevelFormat.BULLET,
  text: bullet,
  alignment: AlignmentType.LEFT,
  style: {
    paragraph: { indent: indentOf(level) },
    // "o" is Word's own second-level bullet in Courier New; the others use the body font.
    run: bullet === "o" ? { font: "Courier New" } : {},
  },
}));

// Characters XML 1.0 forbids; a user pasting them must not make Word refuse the file.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function runs(text: string): TextRun[] {
  return text
    .replace(INVALID_XML, "")
    .split("\n")
    .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined }));
}

function outlineParagraphs(node: OutlineNode, level: number, out: Paragraph[]): void {
  node.paragraphs.forEach((text, i) => {
    out.push(
      i === 0
        ? new Paragraph({ children: runs(text), numbering: { reference: NUMBERING_REFERENCE, level } })
        : new Paragraph({ children: runs(text), style: CONTINUE_STYLE(level) }),
    );
  });
  for (const child of node.children) outlineParagraphs(child, Math.min(level + 1, BULLETS.length - 1), out);
}

function bodyParagraphs(doc: ExportDocument): Paragraph[] {
  const out: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(doc.titleBlock.title) }),
    ...doc.titleBlock.fields.map(
      (f) => new Paragraph({ children: [new TextRun({ text: `${f.label}: `, bold: true }), ...runs(f.value)] }),
    ),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(doc.answersHeading) }),
  ];
  for (const item of doc.items) outlineParagraphs(item, 0, out);
  return out;
}

const escapeXml = (s: string) =>
  s.replace(INVALID_XML, "").replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);

/** docx stamps core.xml with the clock; we write it ourselves so the created date is the input date. */
function coreProperties(doc: ExportDocument): string {
  const created = `${doc.titleBlock.fields.find((f) => f.field === "date")?.value ?? "1970-01-01"}T00:00:00Z`;
  const organisation = doc.titleBlock.fields.find((f) => f.field === "organisation")?.value ?? "";
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(doc.titleBlock.title)}</dc:title>` +
    `<dc:creator>${escapeXml(organisation)}</dc:creator>` +
    `<cp:lastModifiedBy>${escapeXml(organisation)}</cp:lastModifiedBy>` +
    `<dc:language>${LANGUAGE}</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified>` +
    "</cp:coreProperties>"
  );
}

function footer(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ["Side ", PageNumber.CURRENT, " av ", PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
}

export function toDocxDocument(doc: ExportDocument): Document {
  const organisation = doc.titleBlock.fields.find((f) => f.field === "organisation")?.value ?? "";
  return new Document({
    title: doc.titleBlock.title,
    creator: organisation,
    styles: {
      default: {
        document: { run: { font: FONT, size: 22, language: { value: LANGUAGE } }, paragraph: { spacing: { after: 80 } } },
        title: { run: { font: FONT, size: 40, bold: true }, paragraph: { spacing: { after: 200 } } },
        heading1: { run: { font: FONT, size: 28, bold: true }, paragraph: { spacing: { before: 240, after: 120 } } },
      },
      paragraphStyles: BULLETS.map((_, level) => ({
        id: CONTINUE_STYLE(level),
        name: `List Continue ${level === 0 ? "" : level + 1}`.trim(),
        basedOn: "Normal",
        quickFormat: true,
        paragraph: { indent: { left: indentOf(level).left } },
      })),
    },
    numbering: { config: [{ reference: NUMBERING_REFERENCE, levels }] },
    sections: [
      {
        properties: { page: { size: A4, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        footers: { default: footer() },
        children: bodyParagraphs(doc),
      },
    ],
  });
}

export async function toDocx(doc: ExportDocument): Promise<Buffer> {
  return Packer.toBuffer(toDocxDocument(doc), undefined, [{ path: "docProps/core.xml", data: coreProperties(doc) }]);
}
