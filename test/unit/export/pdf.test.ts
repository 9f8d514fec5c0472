/**
 * The PDF export: the demo read back with poppler (pdftotext -layout) reproduces seed 003 item by
 * item and matches the committed golden text; every font is embedded; the XMP carries the PDF/A-2b
 * identification; the document is tagged with headings and lists in its structure tree; nn and en
 * documents print their own labels (goldens test/golden/<fixture>.pdf.txt). Update the goldens with
 * UPDATE_GOLDEN=1.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnswerValue } from "../../../consultation/answers";
import { parseTemplateText } from "../../../consultation/file.server";
import type { Template } from "../../../consultation/schema";
import { buildDocument, type ExportDocument, type OutlineNode } from "../../../export/model";
import { toPdf } from "../../../export/pdf";
import { DEMO_DATE, DEMO_ORGANISATION_NAME, loadDemoAnswers, loadTemplateFile } from "../../support/demo-export";
import { outlineToSeedItems } from "../../support/outline";
import { pdfOutline, pdfText, poppler } from "../../support/pdf-outline";
import { normaliseWhitespace, parseSeed003, type SeedItem } from "../../support/seed-003";

const root = path.resolve(import.meta.dirname, "../../..");
const GOLDEN = path.join(root, "test/golden/lis1-demo.pdf.txt");

function normalised(items: SeedItem[]): SeedItem[] {
  return items.map((item) => ({
    number: item.number,
    text: normaliseWhitespace(item.text),
    answer: item.answer.map(normaliseWhitespace),
    options: item.options.map((o) => ({ number: o.number, text: normaliseWhitespace(o.text), ...(o.rank ? { rank: o.rank } : {}) })),
  }));
}

function fixture(name: string): Template {
  const file = path.join(root, "test/fixtures/consultations", name);
  const result = parseTemplateText(readFileSync(file, "utf8"), file);
  if (!result.ok) throw new Error(`${name} is invalid`);
  return result.template;
}

const countNodes = (nodes: OutlineNode[]): number => nodes.reduce((n, node) => n + 1 + countNodes(node.children), 0);
/** Structure element types in the file (pdfkit writes them as plain, uncompressed objects). */
const structTypes = (pdf: Buffer) => [...pdf.toString("latin1").matchAll(/<<\s*\/S \/(\w+)\s*\/P \d+ 0 R/g)].map((m) => m[1]!);

describe("PDF export of the demo", () => {
  let doc: ExportDocument;
  let pdf: Buffer;
  beforeAll(async () => {
    doc = buildDocument({ template: loadTemplateFile(), answers: loadDemoAnswers(), organisationName: DEMO_ORGANISATION_NAME, date: DEMO_DATE });
    pdf = await toPdf(doc);
  });

  it("pdftotext reproduces seed 003 item by item (71 items) and the golden text", () => {
    const text = pdfText(pdf);
    const seed = normalised(parseSeed003());
    const got = normalised(outlineToSeedItems(pdfOutline(text)));
    expect(seed).toHaveLength(71);
    expect(got.map((i) => i.number)).toEqual(seed.map((i) => i.number));
    for (const [i, expected] of seed.entries()) expect(got[i], `item ${expected.number}`).toEqual(expected);
    if (process.env.UPDATE_GOLDEN === "1") {
      mkdirSync(path.dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, text);
    }
    // A missing golden fails (like the DOCX's): nothing is compared until someone reviews one.
    if (!existsSync(GOLDEN)) throw new Error(`${GOLDEN} is missing; write it with UPDATE_GOLDEN=1 and review it`);
    expect(text, "lis1-demo.pdf.txt differs; if intended, run UPDATE_GOLDEN=1").toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("title block, bullets and a 'Side N av M' foot on every page, A4", () => {
    const text = pdfText(pdf);
    expect(text.split("\n").slice(0, 5).map((l) => l.trim())).toEqual([
      "LIS1 – evaluering og tiltak",
      "Utsendt av: Helsedirektoratet",
      "Saksnummer: 20/46682",
      `Høringssvar fra: ${DEMO_ORGANISATION_NAME}`,
      `Dato: ${DEMO_DATE}`,
    ]);
    const info = poppler("pdfinfo", pdf);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    expect(pages).toBeGreaterThan(1);
    const feet = [...text.matchAll(/^\s*Side (\d+) av (\d+)\s*$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(feet).toEqual(Array.from({ length: pages }, (_, i) => [i + 1, pages]));
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it("every font is embedded (pdffonts), and no standard font is referenced", () => {
    const rows = poppler("pdffonts", pdf).trim().split("\n").slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/DejaVuSans/);
      expect(row.split(/\s+/).slice(-5, -2), row).toEqual(["yes", "yes", "yes"]);
    }
    expect(pdf.toString("latin1")).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it("document properties and PDF/A-2b identification in the XMP metadata", () => {
    const info = poppler("pdfinfo", pdf);
    expect(info).toMatch(/^Title:\s+LIS1 – evaluering og tiltak$/m);
    expect(info).toMatch(new RegExp(`^Author:\\s+${DEMO_ORGANISATION_NAME.replace(/[()]/g, "\\$&")}$`, "m"));
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    const xmp = poppler("pdfinfo", pdf, ["-meta"]);
    expect(xmp).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(xmp).toContain("<dc:title>");
    // The info dictionary and the XMP agree (PDF/A): created = export date in both, no unmatched ModDate.
    expect(xmp).toContain(`<xmp:CreateDate>${DEMO_DATE}T00:00:00Z</xmp:CreateDate>`);
    expect(info).not.toMatch(/^ModDate:/m);
    const raw = pdf.toString("latin1");
    expect(raw).toMatch(/\/Lang \(nb-NO\)/);
    expect(raw).toMatch(/\/OutputIntents/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
  });

  it("tagged: title and answers heading are headings, the outline is nested lists", () => {
    const types = structTypes(pdf);
    const count = (t: string) => types.filter((x) => x === t).length;
    expect(count("Document")).toBe(1);
    expect(count("H1")).toBe(1);
    expect(count("H2")).toBe(1);
    // One LI per outline entry (questions, answers, options, ranks), each with a label and a body.
    const entries = countNodes(doc.items);
    expect(count("LI")).toBe(entries);
    expect(count("Lbl")).toBe(entries);
    expect(count("LBody")).toBe(entries);
    // One list for the questions plus one under each entry that has children.
    const withChildren = (nodes: OutlineNode[]): number => nodes.reduce((n, node) => n + (node.children.length ? 1 : 0) + withChildren(node.children), 0);
    expect(count("L")).toBe(1 + withChildren(doc.items));
    expect(pdf.toString("latin1")).toMatch(/\/MarkInfo/);
  });

  it("is the same bytes for the same input (no clock inside)", async () => {
    expect((await toPdf(doc)).equals(pdf)).toBe(true);
  });
});

describe("PDF labels in the document language", () => {
  const cases: [string, string, Record<string, AnswerValue>, string[], RegExp, string][] = [
    ["nn-kollektiv.yaml", "nn", { "buss-1.support": "yes" }, ["Sendt ut av:", "Saksnummer:", "Høyringssvar frå:", "Dato:", "Svar:"], /Side 1 av \d+/, "nn-NO"],
    ["en-active-travel.yaml", "en", { "walking-1.support": "no" }, ["Issued by:", "Case number:", "Response from:", "Date:", "Answers:"], /Page 1 of \d+/, "en-GB"],
  ];
  it.each(cases)("%s (%s)", async (name, _language, answers, labels, foot, tag) => {
    const template = fixture(name);
    const pdf = await toPdf(buildDocument({ template, answers, organisationName: "Lag & Laug <test>", date: DEMO_DATE }));
    const text = pdfText(pdf);
    const golden = path.join(root, "test/golden", name.replace(/\.yaml$/, ".pdf.txt"));
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, text);
    if (!existsSync(golden)) throw new Error(`${golden} is missing; write it with UPDATE_GOLDEN=1 and review it`);
    expect(text, `${path.basename(golden)} differs; if intended, run UPDATE_GOLDEN=1`).toBe(readFileSync(golden, "utf8"));
    for (const label of labels) expect(text).toContain(label);
    expect(text).toMatch(foot);
    expect(text).toMatch(answers[Object.keys(answers)[0]!] === "yes" ? /o\s+Ja/ : /o\s+No/);
    expect(pdf.toString("latin1")).toContain(`/Lang (${tag})`);
    // The organisation name with XML specials is escaped in the XMP, exact in the document info.
    expect(poppler("pdfinfo", pdf, ["-meta"])).toContain("Lag &amp; Laug &lt;test&gt;");
    expect(poppler("pdfinfo", pdf)).toMatch(/^Author:\s+Lag & Laug <test>$/m);
  });
});
