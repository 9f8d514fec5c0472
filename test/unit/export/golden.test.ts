/**
 * The demo response exported to Markdown and DOCX must reproduce seed 003 (the official form
 * printout of NMF's answer) item by item, and match the committed golden files.
 * Update the golden files with: UPDATE_GOLDEN=1 npm run test:unit
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { toDocx } from "../../../export/docx";
import { toMarkdown } from "../../../export/markdown";
import { buildDocument, type ExportDocument } from "../../../export/model";
import { DEMO_DATE, DEMO_ORGANISATION_NAME, loadDemoAnswers, loadTemplateFile } from "../../support/demo-export";
import { docxOutlineText, docxPart, readDocxParagraphs, type DocxParagraph } from "../../support/docx-outline";
import { markdownOutline, outlineToSeedItems, type OutlineEntry } from "../../support/outline";
import { normaliseWhitespace, parseSeed003, type SeedItem } from "../../support/seed-003";

const GOLDEN_DIR = path.resolve(import.meta.dirname, "../../golden");

function matchGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    if (process.env.UPDATE_GOLDEN !== "1") throw new Error(`golden file ${name} was missing; written now, check and commit it`);
  }
  expect(actual, `${name} differs; if intended, run UPDATE_GOLDEN=1 npm run test:unit`).toBe(readFileSync(file, "utf8"));
}

function normalised(items: SeedItem[]): SeedItem[] {
  return items.map((item) => ({
    number: item.number,
    text: normaliseWhitespace(item.text),
    answer: item.answer.map(normaliseWhitespace),
    options: item.options.map((o) => ({ number: o.number, text: normaliseWhitespace(o.text), ...(o.rank ? { rank: o.rank } : {}) })),
  }));
}

function expectSeedStructure(actual: SeedItem[]): void {
  const seed = normalised(parseSeed003());
  const got = normalised(actual);
  expect(seed).toHaveLength(71);
  expect(got.map((i) => i.number)).toEqual(seed.map((i) => i.number));
  for (const [i, expected] of seed.entries()) expect(got[i], `item ${expected.number}`).toEqual(expected);
}

function docxEntries(paragraphs: DocxParagraph[]): OutlineEntry[] {
  const start = paragraphs.findIndex((p) => p.text === "Svar:") + 1;
  return paragraphs.slice(start).map((p) => {
    const continuation = /^ListContinue(\d)$/.exec(p.style ?? "");
    if (p.level !== undefined) return { level: p.level, bulleted: true, text: p.text };
    if (continuation) return { level: Number(continuation[1]) - 1, bulleted: false, text: p.text };
    throw new Error(`paragraph outside the list after Svar: ${p.text}`);
  });
}

describe("demo response export reproduces seed 003", () => {
  let doc: ExportDocument;
  let docx: Buffer;
  beforeAll(async () => {
    doc = buildDocument({ template: loadTemplateFile(), answers: loadDemoAnswers(), organisationName: DEMO_ORGANISATION_NAME, date: DEMO_DATE });
    docx = await toDocx(doc);
  });

  it("Markdown: every item, answer, option and rank", () => {
    const markdown = toMarkdown(doc);
    expectSeedStructure(outlineToSeedItems(markdownOutline(markdown)));
    matchGolden("lis1-demo.md", markdown);
  });

  it("DOCX: every item through its Word list levels", () => {
    const paragraphs = readDocxParagraphs(docx);
    expectSeedStructure(outlineToSeedItems(docxEntries(paragraphs)));
    matchGolden("lis1-demo.docx.txt", docxOutlineText(paragraphs));
  });

  it("DOCX: levels use the bullets •, o, ▪ from Word numbering, not typed characters", () => {
    const paragraphs = readDocxParagraphs(docx);
    const bulletOf = new Map(paragraphs.filter((p) => p.level !== undefined).map((p) => [p.level!, p.bullet]));
    expect(Object.fromEntries(bulletOf)).toEqual({ 0: "•", 1: "o", 2: "▪" });
    expect(paragraphs.some((p) => /^[•o▪] /.test(p.text))).toBe(false);
  });

  it("DOCX: title block, A4, page-number footer and document properties", () => {
    const paragraphs = readDocxParagraphs(docx);
    expect(paragraphs[0]).toMatchObject({ text: "LIS1 – evaluering og tiltak", style: "Title" });
    expect(paragraphs.map((p) => p.text)).toContain(`Høringssvar fra: ${DEMO_ORGANISATION_NAME}`);
    const body = docxPart(docx, "word/document.xml");
    expect(body).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const footers = docxPart(docx, "word/footer1.xml");
    expect(footers).toMatch(/PAGE/);
    const core = docxPart(docx, "docProps/core.xml");
    expect(core).toContain("<dc:title>LIS1 – evaluering og tiltak</dc:title>");
    expect(core).toContain(`<dc:creator>${DEMO_ORGANISATION_NAME}</dc:creator>`);
    expect(core).toContain(`>${DEMO_DATE}T00:00:00Z</dcterms:created>`);
  });
});
