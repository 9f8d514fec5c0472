/**
 * The cover letter: absent unless a cover.* answer has content (the demo's exports are unchanged);
 * when present it leads the Markdown, the DOCX (first page, valid ECMA-376) and the PDF (page 1);
 * it survives Markdown export → import unchanged; a field over its limit and a broken cover block
 * are refused with clear messages; the template's default text and an unknown language.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AnswerValue } from "../../../consultation/answers";
import { COVER_LIMITS } from "../../../consultation/cover";
import { parseTemplateText } from "../../../consultation/file.server";
import { coverDefaults } from "../../../export/cover";
import { toDocx } from "../../../export/docx";
import { planImport, type StoredValue } from "../../../export/import";
import { toMarkdown } from "../../../export/markdown";
import { buildDocument } from "../../../export/model";
import { toPdf } from "../../../export/pdf";
import { importProblemMessage } from "../../../app/lib/import-messages";
import { translator } from "../../../app/lib/i18n";
import { DEMO_DATE, DEMO_ORGANISATION_NAME, loadDemoAnswers, loadTemplateFile } from "../../support/demo-export";
import { readDocxParagraphs } from "../../support/docx-outline";
import { ooxmlValidatorPresent, validateDocxFile } from "../../support/ooxml";
import { pdfText, poppler } from "../../support/pdf-outline";

const root = path.resolve(import.meta.dirname, "../../..");
const template = loadTemplateFile();
const demo = loadDemoAnswers();
const cover: Record<string, AnswerValue> = {
  "cover.recipient": "Helsedirektoratet",
  "cover.reference": "20/46682",
  "cover.date": "2021-02-28",
  "cover.organisation": DEMO_ORGANISATION_NAME,
  "cover.contact": "Kari Nordmann, leder",
  "cover.text": "Vi viser til høringen og sender vårt svar.\n\nAndre avsnitt: *ikke* formatering, og | tegn.\n\nMed vennlig hilsen",
};
const withCover = { ...demo, ...cover };
const doc = (answers: Record<string, AnswerValue>) => buildDocument({ template, answers, organisationName: DEMO_ORGANISATION_NAME, date: DEMO_DATE });
const stored = (answers: Record<string, AnswerValue>) => new Map<string, StoredValue>(Object.entries(answers).map(([k, value]) => [k, { value, version: 2 }]));
const dir = mkdtempSync(path.join(tmpdir(), "hs-cover-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const t = translator("nb");

describe("cover letter", () => {
  it("is absent without content: the demo's Markdown is the golden file, byte for byte", () => {
    expect(doc(demo).coverLetter).toBeUndefined();
    expect(doc({ ...demo, "cover.text": "  ", "cover.contact": "" }).coverLetter).toBeUndefined();
    expect(toMarkdown(doc(demo))).toBe(readFileSync(path.join(root, "test/golden/lis1-demo.md"), "utf8"));
  });

  it("leads the Markdown, and an export → import round trip changes nothing", () => {
    const md = toMarkdown(doc(withCover));
    expect(md.startsWith("# Følgebrev\n\nTil: Helsedirektoratet\n\nDeres referanse: 20/46682\n\nDato: 2021-02-28\n\n")).toBe(true);
    expect(md.indexOf("# Følgebrev")).toBeLessThan(md.indexOf("# LIS1"));
    const plan = planImport(template, stored(withCover), md);
    expect(plan.ok).toBe(true);
    expect(plan.ok && plan.changes).toEqual([]);
  });

  it("an edited cover letter in the file is planned as changes to the cover.* answers; the form items are untouched", () => {
    const md = toMarkdown(doc(withCover)).replace("Kontaktperson: Kari Nordmann, leder", "Kontaktperson: Ola Nordmann").replace("Med vennlig hilsen", "Hilsen styret");
    const plan = planImport(template, stored(withCover), md);
    if (!plan.ok) throw new Error(JSON.stringify(plan.problems));
    expect(plan.changes.map((c) => [c.key, c.after])).toEqual([
      ["cover.contact", "Ola Nordmann"],
      ["cover.text", "Vi viser til høringen og sender vårt svar.\n\nAndre avsnitt: *ikke* formatering, og | tegn.\n\nHilsen styret"],
    ]);
    // A file with a cover letter imported into a response without one creates it.
    const created = planImport(template, stored(demo), toMarkdown(doc(withCover)));
    expect(created.ok && created.changes.map((c) => c.key)).toEqual(["cover.recipient", "cover.reference", "cover.date", "cover.organisation", "cover.contact", "cover.text"]);
  });

  it("bad input: a cover text over its limit and a broken cover block, with clear messages", () => {
    const long = "x".repeat(COVER_LIMITS.text + 1);
    const md = toMarkdown(doc({ ...withCover, "cover.text": long }));
    const plan = planImport(template, stored(withCover), md);
    expect(plan.ok).toBe(false);
    const messages = !plan.ok ? plan.problems.map((p) => importProblemMessage(p, t)) : [];
    expect(messages).toEqual([`Følgebrevet: «Følgebrev» er for lang: ${COVER_LIMITS.text + 1} tegn, maks ${COVER_LIMITS.text}.`]);
    const broken = toMarkdown(doc(withCover)).replace("Deres referanse: 20/46682\n\n", "");
    const brokenPlan = planImport(template, stored(withCover), broken);
    expect(!brokenPlan.ok && brokenPlan.problems.map((p) => importProblemMessage(p, t))[0]).toMatch(/^Følgebrevet øverst i filen har ikke eksportformatet/);
  });

  it("is the first page of the DOCX", async () => {
    const docx = await toDocx(doc(withCover));
    const paragraphs = readDocxParagraphs(docx);
    expect(paragraphs.slice(0, 6).map((p) => p.text)).toEqual([
      "Følgebrev",
      "Til: Helsedirektoratet",
      "Deres referanse: 20/46682",
      "Dato: 2021-02-28",
      `Fra: ${DEMO_ORGANISATION_NAME}`,
      "Kontaktperson: Kari Nordmann, leder",
    ]);
  });

  // The schema validator is the suite's one optional tool (test/support/ooxml.ts): skipped, visibly, without it outside CI.
  it.skipIf(!ooxmlValidatorPresent)("the DOCX with its cover page validates against ECMA-376", async () => {
    const file = path.join(dir, "cover.docx");
    writeFileSync(file, await toDocx(doc(withCover)));
    expect(await validateDocxFile(file)).toMatch(/\d+ parts checked, 0 schema errors/);
  });

  it("is page 1 of the PDF; the answers start on page 2", async () => {
    const pdf = await toPdf(doc(withCover));
    const pages = pdfText(pdf).split("\f");
    expect(pages[0]).toMatch(/^Følgebrev\s+Til: Helsedirektoratet/);
    expect(pages[0]).toContain("Med vennlig hilsen");
    expect(pages[0]).not.toContain("Svar:");
    expect(pages[1]).toMatch(/^LIS1 – evaluering og tiltak/);
    expect(poppler("pdfinfo", pdf)).toMatch(/^Tagged:\s+yes$/m);
  });

  it("default text: the template's own with {title} and {caseNumber} filled in, else the language's", () => {
    expect(coverDefaults(template, "NMF").text).toContain("«LIS1 – evaluering og tiltak» (saksnummer 20/46682)");
    expect(coverDefaults(template, "NMF")).toMatchObject({ recipient: "Helsedirektoratet", reference: "20/46682", organisation: "NMF" });
    const own = { ...template, coverLetter: { text: "Svar på {title}, sak {caseNumber}." } };
    expect(coverDefaults(own, "NMF").text).toBe("Svar på LIS1 – evaluering og tiltak, sak 20/46682.");
    const en = parseTemplateText(readFileSync(path.join(root, "test/fixtures/consultations/en-active-travel.yaml"), "utf8"), "en");
    if (!en.ok) throw new Error("fixture");
    expect(coverDefaults(en.template, "Club").text).toMatch(/^We refer to the consultation “.+” \(case number .+\)/);
  });

  it("a template with an unknown language is refused, naming the field and the languages", () => {
    const text = readFileSync(path.join(root, "templates/lis1-evaluering-2021.yaml"), "utf8").replace(/^language: nb$/m, "language: de");
    const result = parseTemplateText(text, "lis1-de.yaml");
    expect(result.ok).toBe(false);
    const problems = !result.ok ? result.problems : [];
    expect(problems).toEqual([expect.objectContaining({ path: expect.stringMatching(/language/), message: "unknown language: use nb (bokmål), nn (nynorsk) or en (English)" })]);
  });
});
