/**
 * DOCX writer. docx 9.x builds the package: styles (Title, Heading 1, List Continue), the
 * numbering definitions (one abstract numbering, bullets •, o, ▪ on levels 0-2), the A4 section
 * with its page-number footer ("Side N av M" in the document language), and the document properties. The body paragraphs are written by
 * the small serialiser below, because docx's generic XML serialisation dominated the time and
 * memory of large exports (100× LIS1: ~1.3 s and ~730 MB; see README "Decisions").
 *
 * A node's first paragraph carries the bullet (w:numPr with its level); further paragraphs of the
 * same node (multi-paragraph answers) are un-bulleted "List Continue" paragraphs indented to the
 * bullet's text position. Line breaks inside a paragraph are w:br.
 */
import {
  AlignmentType,
  Document,
  Footer,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type ILevelsOptions,
} from "docx";
import type { ExportDocument, OutlineNode } from "./model";
import { readZipEntry } from "./zip";

const NUMBERING_REFERENCE = "hoeringssvar-outline";
const CONTINUE_STYLE = (level: number) => `ListContinue${level + 1}`;
const A4 = { width: 11906, height: 16838 }; // twips
const BULLETS = ["•", "o", "▪"] as const;
const INDENT_STEP = 720;
const HANGING = 360;
const FONT = "Calibri";
/** Text of the placeholder paragraph whose place the outline takes in the skeleton. */
const MARKER = "@@hoeringssvar-body@@";

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
const XML_ESCAPES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" };
const escapeXml = (s: string) => s.replace(INVALID_XML, "").replace(/[<>&"]/g, (c) => XML_ESCAPES[c]!);

/** What differs between skeletons: the document language and its footer words. */
type SkeletonOptions = Pick<ExportDocument, "language" | "pageLabel">;

function footer({ pageLabel }: SkeletonOptions): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [pageLabel.before, PageNumber.CURRENT, pageLabel.between, PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
}

/** The package around the body; the same for every export apart from the properties we override. */
function skeletonDocument(options: SkeletonOptions): Document {
  return new Document({
    styles: {
      default: {
        document: { run: { font: FONT, size: 22, language: { value: options.language } }, paragraph: { spacing: { after: 80 } } },
        title: { run: { font: FONT, size: 40, bold: true }, paragraph: { spacing: { after: 200 } } },
        heading1: { run: { font: FONT, size: 28, bold: true }, paragraph: { spacing: { before: 240, after: 120 } } },
      },
      paragraphStyles: BULLETS.map((_, level) => ({
        id: CONTINUE_STYLE(level),
        name: level === 0 ? "List Continue" : `List Continue ${level + 1}`,
        basedOn: "Normal",
        quickFormat: true,
        paragraph: { indent: { left: indentOf(level).left } },
      })),
    },
    numbering: { config: [{ reference: NUMBERING_REFERENCE, levels }] },
    sections: [
      {
        properties: { page: { size: A4, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        footers: { default: footer(options) },
        children: [new Paragraph({ text: MARKER, numbering: { reference: NUMBERING_REFERENCE, level: 0 } })],
      },
    ],
  });
}

interface Skeleton {
  /** document.xml up to and including <w:body>. */
  head: string;
  /** The section properties and closing tags. */
  tail: string;
  /** w:numId docx gave our numbering. */
  numId: string;
}

const skeletons = new Map<string, Promise<Skeleton>>();

/** Compiles the skeleton once per process and language, and cuts its document.xml around the placeholder. */
function loadSkeleton(options: SkeletonOptions): Promise<Skeleton> {
  const cacheKey = JSON.stringify([options.language, options.pageLabel]);
  let skeleton = skeletons.get(cacheKey);
  if (skeleton) return skeleton;
  skeleton = Packer.toBuffer(skeletonDocument(options)).then((zip) => {
    const xml = readZipEntry(zip, "word/document.xml")?.toString("utf8") ?? "";
    const bodyStart = xml.indexOf("<w:body>") + "<w:body>".length;
    const marker = xml.indexOf(MARKER);
    const paragraphEnd = xml.indexOf("</w:p>", marker) + "</w:p>".length;
    const numId = /<w:numId w:val="(\d+)"\/>/.exec(xml.slice(bodyStart, marker))?.[1];
    if (bodyStart < "<w:body>".length || marker < 0 || !numId) throw new Error("docx skeleton: unexpected document.xml layout");
    return { head: xml.slice(0, bodyStart), tail: xml.slice(paragraphEnd), numId };
  });
  skeletons.set(cacheKey, skeleton);
  return skeleton;
}

function runs(text: string, bold = false): string {
  const rPr = bold ? "<w:rPr><w:b/><w:bCs/></w:rPr>" : "";
  return text
    .split("\n")
    .map((line, i) => `<w:r>${rPr}${i > 0 ? "<w:br/>" : ""}<w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r>`)
    .join("");
}

const styled = (style: string, content: string) => `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr>${content}</w:p>`;

function outlineXml(node: OutlineNode, level: number, numId: string, out: string[]): void {
  node.paragraphs.forEach((text, i) => {
    out.push(
      i === 0
        ? `<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>${runs(text)}</w:p>`
        : styled(CONTINUE_STYLE(level), runs(text)),
    );
  });
  for (const child of node.children) outlineXml(child, Math.min(level + 1, BULLETS.length - 1), numId, out);
}

/** The cover letter as the first page: heading, the labelled lines, the text, a page break. */
function coverXml(doc: ExportDocument): string[] {
  const cover = doc.coverLetter;
  if (!cover) return [];
  return [
    styled("Heading1", runs(cover.heading)),
    ...cover.fields.map((f) => `<w:p>${runs(`${f.label}: `, true)}${runs(f.value)}</w:p>`),
    ...cover.paragraphs.map((text) => `<w:p>${runs(text)}</w:p>`),
    '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
  ];
}

function bodyXml(doc: ExportDocument, numId: string): string {
  const out = [
    ...coverXml(doc),
    styled("Title", runs(doc.titleBlock.title)),
    ...doc.titleBlock.fields.map((f) => `<w:p>${runs(`${f.label}: `, true)}${runs(f.value)}</w:p>`),
    styled("Heading1", runs(doc.answersHeading)),
  ];
  for (const item of doc.items) outlineXml(item, 0, numId, out);
  return out.join("");
}

/** docx stamps core.xml with the clock; we write it so the created date is the input date. */
function coreProperties(doc: ExportDocument): string {
  const field = (name: string) => doc.titleBlock.fields.find((f) => f.field === name)?.value ?? "";
  const created = `${field("date") || "1970-01-01"}T00:00:00Z`;
  const organisation = escapeXml(field("organisation"));
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(doc.titleBlock.title)}</dc:title>` +
    `<dc:creator>${organisation}</dc:creator>` +
    `<cp:lastModifiedBy>${organisation}</cp:lastModifiedBy>` +
    `<dc:language>${escapeXml(doc.language)}</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified>` +
    "</cp:coreProperties>"
  );
}

export async function toDocx(doc: ExportDocument): Promise<Buffer> {
  const { head, tail, numId } = await loadSkeleton(doc);
  return Packer.toBuffer(skeletonDocument(doc), undefined, [
    { path: "word/document.xml", data: head + bodyXml(doc, numId) + tail },
    { path: "docProps/core.xml", data: coreProperties(doc) },
  ]);
}
