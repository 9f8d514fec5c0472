/**
 * Documents in the template's language: the English and nynorsk test consultations
 * (test/fixtures/consultations/) numbered, exported (Markdown and DOCX labels, footer, language
 * tag, file name) and imported back; LIS1 (nb) keeps its labels. Also `askedOn` aliases and
 * `yesNoLabels`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AnswerValue } from "../../../consultation/answers";
import { parseTemplateText } from "../../../consultation/file.server";
import { formItems } from "../../../consultation/form";
import type { Template } from "../../../consultation/schema";
import { toDocx } from "../../../export/docx";
import { exportFilename } from "../../../export/filename";
import { planImport, type StoredValue } from "../../../export/import";
import { toMarkdown } from "../../../export/markdown";
import { buildDocument } from "../../../export/model";
import { importProblemMessage } from "../../../app/lib/import-messages";
import { numberingPreview } from "../../../app/lib/consultations/consultations.server";
import { problemMessage } from "../../../app/lib/section-form/fields";
import { checkAnswer } from "../../../consultation/validate";
import { translator } from "../../../app/lib/i18n";
import { docxPart, readDocxParagraphs } from "../../support/docx-outline";
import { loadTemplateFile } from "../../support/demo-export";

const root = path.resolve(import.meta.dirname, "../../..");
const fixtureText = (name: string) => readFileSync(path.join(root, "test/fixtures/consultations", name), "utf8");
function fixture(name: string, edit: (text: string) => string = (t) => t): Template {
  const result = parseTemplateText(edit(fixtureText(name)), name);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems)}`);
  return result.template;
}
const en = fixture("en-active-travel.yaml");
const nn = fixture("nn-kollektiv.yaml");

const enAnswers: Record<string, AnswerValue> = {
  "sender-name": "Cycling Campaign (test)",
  "sender-email": "post@example.org",
  "walking-1.support": "yes",
  "walking-1.feedback": "Yes, and wider still.\n\nSecond paragraph.",
  "walking-2.support": "no",
  "walking-3.support": "yes",
  "walking.priority": ["walking-2", "walking-1"],
  "walking.justification": "Children first.",
  "cycling-1.support": "yes",
  "cycling.priority": ["cycling-1"],
  "cycling-agree": "no",
  "cycling-agree.feedback": "The counts are from 2019.",
  "cycling-pilot": "yes",
  "cycling-pilot.feedback": "Bristol",
  "general-comments": "Thank you.",
};
const nnAnswers: Record<string, AnswerValue> = {
  "avsendar-namn": "Bygdelaget (test)",
  "buss-1.support": "yes",
  "buss-1.feedback": "Viktig for ungdommen.",
  "buss-2.support": "no",
  "buss.priority": ["buss-1"],
  "ferje-1.support": "yes",
  "ferje.priority": ["ferje-1"],
  "ferje-einig": "no",
  "ferje-einig.feedback": "Talgrunnlaget er gamalt.",
  "ferje-pilot": "no",
};

const build = (template: Template, answers: Record<string, AnswerValue>) =>
  buildDocument({ template, answers, organisationName: "Test org", date: "2030-05-06" });
const stored = (answers: Record<string, AnswerValue>) =>
  new Map<string, StoredValue>(Object.entries(answers).map(([key, value]) => [key, { value, version: 1 }]));

describe("test consultations: numbering", () => {
  it("English: sender, two chapters with measures, priorities (N.k options), conditional questions, general", () => {
    const numbered = formItems(en).map((i) => `${i.number} ${i.key}${i.askedWhen ? ` (on ${i.askedWhen.answer})` : ""}`);
    expect(numbered).toEqual([
      "1 sender-name", "2 sender-email",
      "3 walking-1.support", "4 walking-1.feedback", "5 walking-2.support", "6 walking-2.feedback", "7 walking-3.support", "8 walking-3.feedback",
      "9 walking.priority", "10 walking.justification",
      "11 cycling-1.support", "12 cycling-1.feedback", "13 cycling-2.support", "14 cycling-2.feedback",
      "15 cycling.priority", "16 cycling.justification",
      "17 cycling-agree", "18 cycling-agree.feedback (on no)", "19 cycling-pilot", "20 cycling-pilot.feedback (on yes)",
      "21 general-comments",
    ]);
    const items = formItems(en);
    expect(items.find((i) => i.key === "walking.priority")!.rankOptions!.map((o) => o.number)).toEqual(["9.1", "9.2", "9.3"]);
    expect(items.find((i) => i.key === "walking.priority")!.maxRanks).toBe(2);
    expect(items.find((i) => i.key === "walking-2.feedback")!.maxLength).toBe(200);
    expect(items.find((i) => i.key === "walking-1.support")!.text).toBe("Wider pavements on main roads. See section 2.1. Do you support this measure?");
  });

  it("nynorsk: the same shape, numbered 1-18", () => {
    expect(formItems(nn).map((i) => `${i.number} ${i.key}`)).toEqual([
      "1 avsendar-namn", "2 buss-1.support", "3 buss-1.feedback", "4 buss-2.support", "5 buss-2.feedback", "6 buss.priority", "7 buss.justification",
      "8 ferje-1.support", "9 ferje-1.feedback", "10 ferje-2.support", "11 ferje-2.feedback", "12 ferje.priority", "13 ferje.justification",
      "14 ferje-einig", "15 ferje-einig.feedback", "16 ferje-pilot", "17 ferje-pilot.feedback", "18 generelle-merknader",
    ]);
    expect(formItems(nn).find((i) => i.key === "buss.priority")!.rankOptions!.map((o) => o.number)).toEqual(["6.1", "6.2"]);
  });
});

describe("template: askedOn aliases and yesNoLabels", () => {
  it("reads the deprecated ja/nei as yes/no (same validated template)", () => {
    const aliased = fixture("en-active-travel.yaml", (t) => t.replace('askedOn: "no"', "askedOn: nei").replace('askedOn: "yes"', "askedOn: ja"));
    expect(aliased).toEqual(en);
    expect(parseTemplateText(fixtureText("en-active-travel.yaml").replace('askedOn: "no"', "askedOn: maybe"), "x").ok).toBe(false);
  });

  it("renamed labels are printed and read back", () => {
    const agree = fixture("en-active-travel.yaml", (t) => t.replace("language: en\n", "language: en\nyesNoLabels: { yes: Agree, no: Disagree }\n"));
    expect(formItems(agree).find((i) => i.key === "cycling-agree")!.yesNoLabels).toEqual({ yes: "Agree", no: "Disagree" });
    const markdown = toMarkdown(build(agree, enAnswers));
    expect(markdown).toContain("- 17\\. Do you agree with the chapter's analysis? Answer No to explain.\n  - Disagree\n");
    expect(markdown).toContain("Do you support this measure?\n  - Agree\n");
    expect(planImport(agree, stored(enAnswers), markdown)).toEqual({ ok: true, changes: [], unchangedCount: expect.any(Number) });
    const fresh = planImport(agree, new Map(), markdown);
    expect(fresh.ok && fresh.changes.find((c) => c.key === "cycling-agree")?.after).toBe("no");
  });

  it("messages, the numbering preview and the editor's answers use the consultation's own words (issue 20)", () => {
    const agree = fixture("en-active-travel.yaml", (t) => t.replace("language: en\n", "language: en\nyesNoLabels: { yes: Einig, no: Ueinig }\n"));
    const markdown = toMarkdown(build(agree, enAnswers));
    // The import (the CLI prints the same messages): feedback left where 17 is now "Einig".
    const refused = planImport(agree, new Map(), markdown.replace("Answer No to explain.\n  - Ueinig\n", "Answer No to explain.\n  - Einig\n"));
    expect(refused.ok).toBe(false);
    const messages = refused.ok ? [] : refused.problems.map((p) => importProblemMessage(p, translator("en")));
    expect(messages).toContain("Question 18: This question is asked only when question 17 is answered Ueinig; remove the answer or change question 17.");
    expect(messages.join(" ")).not.toMatch(/answered (Yes|No)\b/);
    const nb = refused.ok ? [] : refused.problems.map((p) => importProblemMessage(p, translator("nb")));
    expect(nb).toContain("Spørsmål 18: Spørsmålet stilles bare når spørsmål 17 er besvart Ueinig; fjern svaret eller endre spørsmål 17.");
    // A stored value that is neither: the message names the two words.
    const item = formItems(agree).find((i) => i.key === "cycling-agree")!;
    expect(checkAnswer(item, "maybe").map((p) => problemMessage(translator("nb"), p))).toEqual(["Velg Einig eller Ueinig."]);
    expect(checkAnswer(formItems(en).find((i) => i.key === "cycling-agree")!, "maybe").map((p) => problemMessage(translator("nb"), p))).toEqual(["Velg Ja eller Nei."]);
    // The numbering preview: "asked when 17 is “Ueinig”".
    const preview = numberingPreview(agree).flatMap((s) => s.items);
    expect(preview.find((i) => i.key === "cycling-agree.feedback")?.askedWhen).toEqual({ number: 17, answer: "no", label: "Ueinig" });
    expect(numberingPreview(en).flatMap((s) => s.items).find((i) => i.key === "cycling-agree.feedback")?.askedWhen).toEqual({ number: 17, answer: "no" });
  });
});

describe("export labels in the document language", () => {
  it("Markdown: English and nynorsk title block, heading and yes/no", () => {
    const english = toMarkdown(build(en, enAnswers));
    expect(english.split("\n").slice(0, 12).join("\n")).toBe(
      [
        "# Active travel strategy 2030",
        "",
        "Issued by: Department for Transport (test)",
        "",
        "Case number: DFT/2030/17",
        "",
        "Response from: Test org",
        "",
        "Date: 2030-05-06",
        "",
        "## Answers:",
        "",
      ].join("\n"),
    );
    expect(english).toContain("Do you support this measure?\n  - Yes\n");
    expect(english).toContain("- 5\\. Safer crossings near schools. See section 2.2. Do you support this measure?\n  - No\n");
    const nynorsk = toMarkdown(build(nn, nnAnswers));
    for (const line of ["Sendt ut av: Samferdselsdepartementet (test)", "Saksnummer: 24/1234", "Høyringssvar frå: Test org", "Dato: 2030-05-06", "## Svar:"])
      expect(nynorsk).toContain(`${line}\n`);
    expect(nynorsk).toContain("Støttar du/de tiltaket?\n  - Ja\n");
    expect(nynorsk).toContain("Støttar du/de tiltaket?\n  - Nei\n");
  });

  it("DOCX: labels, footer 'Page N of M' / 'Side N av M', language tag", async () => {
    const cases = [
      { template: en, answers: enAnswers, labels: ["Issued by: ", "Case number: ", "Response from: ", "Date: ", "Answers:"], yes: "Yes", page: ["Page ", " of "], tag: "en-GB" },
      { template: nn, answers: nnAnswers, labels: ["Sendt ut av: ", "Saksnummer: ", "Høyringssvar frå: ", "Dato: ", "Svar:"], yes: "Ja", page: ["Side ", " av "], tag: "nn-NO" },
      { template: loadTemplateFile(), answers: {}, labels: ["Utsendt av: ", "Saksnummer: ", "Høringssvar fra: ", "Dato: ", "Svar:"], yes: undefined, page: ["Side ", " av "], tag: "nb-NO" },
    ];
    for (const c of cases) {
      const docx = await toDocx(build(c.template, c.answers));
      const texts = readDocxParagraphs(docx).map((p) => p.text);
      expect(texts.slice(1, 6).map((t, i) => (i < 4 ? t.slice(0, c.labels[i]!.length) : t))).toEqual(c.labels);
      if (c.yes) expect(texts).toContain(c.yes);
      const footer = docxPart(docx, "word/footer1.xml");
      const footerText = [...footer.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("|");
      expect(footerText).toBe(`${c.page[0]}|${c.page[1]}`);
      expect(docxPart(docx, "word/styles.xml")).toContain(`<w:lang w:val="${c.tag}"/>`);
      expect(docxPart(docx, "docProps/core.xml")).toContain(`<dc:language>${c.tag}</dc:language>`);
    }
  });

  it("file names start with the document language's word", () => {
    expect(exportFilename("Test org", en.id, "2030-05-06", "docx", "en")).toEqual({
      ascii: "consultation-response-test-org-test-en-active-travel-2030-05-06.docx",
      utf8: "consultation-response-test-org-test-en-active-travel-2030-05-06.docx",
    });
    expect(exportFilename("Bygdelaget", nn.id, "2030-05-06", "md", "nn")).toEqual({
      ascii: "hoeyringssvar-bygdelaget-test-nn-kollektiv-2030-05-06.md",
      utf8: "høyringssvar-bygdelaget-test-nn-kollektiv-2030-05-06.md",
    });
    expect(exportFilename("Ø", "lis1-evaluering-2021", "2030-05-06", "md").ascii).toBe("hoeringssvar-o-lis1-evaluering-2021-2030-05-06.md");
  });
});

describe("import round trip in the document language", () => {
  for (const [name, template, answers] of [["English", en, enAnswers], ["nynorsk", nn, nnAnswers]] as const) {
    it(`${name}: the export imports back unchanged, and into an empty response as the same answers`, () => {
      const markdown = toMarkdown(build(template, answers));
      expect(planImport(template, stored(answers), markdown)).toEqual({ ok: true, changes: [], unchangedCount: expect.any(Number) });
      const fresh = planImport(template, new Map(), markdown);
      if (!fresh.ok) throw new Error(JSON.stringify(fresh.problems));
      expect(Object.fromEntries(fresh.changes.map((c) => [c.key, c.after]))).toEqual(answers);
    });
  }

  it("reads yes/no by the template's labels: an English file's 'Yes' is 'yes', 'Ja' is not", () => {
    const markdown = toMarkdown(build(en, enAnswers));
    const norwegian = markdown.replace("- 19\\. Would your organisation take part in a pilot?\n  - Yes\n", "- 19\\. Would your organisation take part in a pilot?\n  - Ja\n");
    const plan = planImport(en, stored(enAnswers), norwegian);
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.problems.map((p) => [p.code, p.number])).toEqual([["notYesNo", "19"]]);
  });

  it("the conditional rule names the trigger's answer in the reader's language", () => {
    const markdown = toMarkdown(build(en, { ...enAnswers, "cycling-pilot": "no", "cycling-pilot.feedback": "" }));
    const withFeedback = markdown.replace("- 20\\. Which city?\n", "- 20\\. Which city?\n  - Leeds\n");
    const plan = planImport(en, stored({ ...enAnswers, "cycling-pilot": "no", "cycling-pilot.feedback": "" }), withFeedback);
    if (plan.ok) throw new Error("expected a problem");
    expect(plan.problems.map((p) => importProblemMessage(p, translator("nb")))).toEqual([
      "Spørsmål 20: Spørsmålet stilles bare når spørsmål 19 er besvart Ja; fjern svaret eller endre spørsmål 19.",
    ]);
  });
});
