/**
 * The position summary: one page for the board — every measure with its form number, a short
 * label, the official yes/no and its rank in the chapter's priority question, grouped by chapter.
 * Built from the same items and the same answer rendering as the full export (model.ts
 * answerOutline), so the two cannot disagree. Writers for Markdown, DOCX and PDF below.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { formSections } from "../consultation/form";
import { documentLabels } from "./labels";
import { answerOutline, type BuildDocumentInput } from "./model";
import { openPdf } from "./pdf";

export interface SummaryRow {
  measureId: string;
  /** The measure's first item number in the form (its support question, else its feedback field). */
  number: string;
  label: string;
  /** The official yes/no as the full export prints it ("Ja", "Nei"), or `none`. */
  position: string;
  rank?: number;
}

export interface SummaryDocument {
  language: string;
  title: string;
  /** The consultation's title, organisation and date line under the title. */
  subtitle: string;
  organisation: string;
  date: string;
  columns: { number: string; measure: string; position: string; rank: string };
  none: string;
  chapters: { id: string; title: string; rows: SummaryRow[] }[];
}

/** Labels long enough to recognise the measure, short enough for one table line. */
export const SUMMARY_LABEL_MAX = 70;
export function shortLabel(text: string, max = SUMMARY_LABEL_MAX): string {
  const flat = text.replace(/\s+/g, " ").trim().replace(/\.$/, "");
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[,;:–-]\s*$/, "")}…`;
}

export function buildSummary({ template, answers, organisationName, date }: BuildDocumentInput): SummaryDocument {
  const lookup = answers instanceof Map ? answers : new Map(Object.entries(answers));
  const labels = documentLabels(template);
  const chapters: SummaryDocument["chapters"] = [];
  for (const part of template.chapters) {
    if (part.type === "group" || part.measures.length === 0) continue;
    const section = formSections(template).find((s) => s.id === part.id)!;
    const ranking = section.items.find((i) => i.answerType === "ranking");
    const ranked = ranking ? lookup.get(ranking.key) : undefined;
    const rows = part.measures.map((m): SummaryRow => {
      const support = section.items.find((i) => i.key === `${m.id}.support`);
      const first = support ?? section.items.find((i) => i.measureId === m.id);
      const printed = support ? answerOutline(support, lookup.get(support.key), labels)[0]?.paragraphs[0] : undefined;
      const rank = Array.isArray(ranked) ? ranked.indexOf(m.id) + 1 : 0;
      return {
        measureId: m.id,
        number: first ? String(first.number) : "",
        label: shortLabel(m.priorityLabel ?? m.text),
        position: printed ?? labels.summaryNone,
        ...(rank > 0 ? { rank } : {}),
      };
    });
    chapters.push({ id: part.id, title: [part.reportChapter, part.title].filter(Boolean).join(" "), rows });
  }
  return {
    language: labels.languageTag,
    title: `${labels.summaryTitle}: ${template.title}`,
    subtitle: `${organisationName} · ${labels.caseNumber} ${template.caseNumber} · ${date}`,
    organisation: organisationName,
    date,
    columns: { number: labels.summaryNumber, measure: labels.summaryMeasure, position: labels.summaryPosition, rank: labels.summaryRank },
    none: labels.summaryNone,
    chapters,
  };
}

const rankText = (row: SummaryRow, none: string) => (row.rank ? String(row.rank) : none);

// ── Markdown ─────────────────────────────────────────────────────────────────────────────────

const mdCell = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/([*_`[\]<>#])/g, "\\$1");

/** GFM tables, one per chapter, under "## chapter" headings. */
export function summaryToMarkdown(summary: SummaryDocument): string {
  const c = summary.columns;
  const out = [`# ${mdCell(summary.title)}`, "", mdCell(summary.subtitle), ""];
  for (const chapter of summary.chapters) {
    out.push(`## ${mdCell(chapter.title)}`, "", `| ${c.number} | ${c.measure} | ${c.position} | ${c.rank} |`, "|---:|---|---|---:|");
    for (const row of chapter.rows) out.push(`| ${row.number} | ${mdCell(row.label)} | ${mdCell(row.position)} | ${rankText(row, summary.none)} |`);
    out.push("");
  }
  return out.join("\n");
}

// ── DOCX ─────────────────────────────────────────────────────────────────────────────────────

const A4 = { width: 11906, height: 16838 };
const COLUMN_TWIPS = [700, 6500, 1300, 1300];

function docxRow(cells: string[], header = false): TableRow {
  return new TableRow({
    tableHeader: header,
    cantSplit: true,
    children: cells.map(
      (text, i) =>
        new TableCell({
          width: { size: COLUMN_TWIPS[i]!, type: WidthType.DXA },
          children: [new Paragraph({ alignment: i === 0 || i === 3 ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold: header })] })],
        }),
    ),
  });
}

export function summaryToDocx(summary: SummaryDocument): Promise<Buffer> {
  const c = summary.columns;
  const border = { style: BorderStyle.SINGLE, size: 4, color: "999999" };
  const children = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(summary.title)] }),
    new Paragraph({ children: [new TextRun(summary.subtitle)] }),
    ...summary.chapters.flatMap((chapter) => [
      new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [new TextRun(chapter.title)] }),
      new Table({
        width: { size: COLUMN_TWIPS.reduce((a, b) => a + b, 0), type: WidthType.DXA },
        columnWidths: COLUMN_TWIPS,
        borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
        rows: [
          docxRow([c.number, c.measure, c.position, c.rank], true),
          ...chapter.rows.map((row) => docxRow([row.number, row.label, row.position, rankText(row, summary.none)])),
        ],
      }),
    ]),
  ];
  const document = new Document({
    title: summary.title,
    creator: summary.organisation,
    styles: {
      default: {
        document: { run: { font: "Calibri", size: 18, language: { value: summary.language } }, paragraph: { spacing: { after: 0 } } },
        title: { run: { font: "Calibri", size: 28, bold: true }, paragraph: { spacing: { after: 60 } } },
        heading2: { run: { font: "Calibri", size: 20, bold: true }, paragraph: { spacing: { before: 120, after: 40 } } },
      },
    },
    sections: [{ properties: { page: { size: A4, margin: { top: 850, bottom: 850, left: 1134, right: 1134 } } }, children }],
  });
  return Packer.toBuffer(document);
}

// ── PDF ──────────────────────────────────────────────────────────────────────────────────────

const PDF_COLUMNS = [0.07, 0.65, 0.14, 0.14];

/** One A4 page, tagged: H1 title, then per chapter an H2 and a Table (TR > TH/TD). */
export function summaryToPdf(summary: SummaryDocument): Promise<Buffer> {
  const { w, done } = openPdf({ title: summary.title, author: summary.organisation, language: summary.language, date: summary.date });
  const { doc } = w;
  w.paragraph("H1", summary.title, { font: "bold", size: 14, gap: 2 });
  w.paragraph("P", summary.subtitle, { size: 9, gap: 6 });
  const widths = PDF_COLUMNS.map((f) => f * w.width);
  const left = doc.page.margins.left;
  const c = summary.columns;
  const row = (table: PDFKit.PDFStructureElement, cells: string[], header: boolean) => {
    const tr = doc.struct("TR");
    table.add(tr);
    const top = doc.y;
    const height = Math.max(...cells.map((text, i) => doc.font(header ? "bold" : "body").fontSize(8.5).heightOfString(text, { width: widths[i]! - 6 }))) + 4;
    let x = left;
    cells.forEach((text, i) => {
      const cell = doc.struct(header ? "TH" : "TD");
      tr.add(cell);
      const cellX = x;
      cell.add(() => {
        doc.font(header ? "bold" : "body").fontSize(8.5);
        doc.text(text, cellX + 3, top + 2, { width: widths[i]! - 6, align: i === 0 || i === 3 ? "right" : "left" });
      });
      cell.end();
      x += widths[i]!;
    });
    tr.end();
    doc.markContent("Artifact", { type: "Layout" });
    doc.moveTo(left, top + height).lineTo(left + w.width, top + height).lineWidth(0.5).strokeColor("#999999").stroke();
    doc.endMarkedContent();
    doc.y = top + height;
  };
  for (const chapter of summary.chapters) {
    doc.y += 4;
    w.paragraph("H2", chapter.title, { font: "bold", size: 10, gap: 1 });
    const table = doc.struct("Table");
    w.root.add(table);
    row(table, [c.number, c.measure, c.position, c.rank], true);
    for (const r of chapter.rows) row(table, [r.number, r.label, r.position, rankText(r, summary.none)], false);
    table.end();
  }
  return done();
}
