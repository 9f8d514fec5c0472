/**
 * Scale, multiple-choice and number questions (test/fixtures/consultations/en-kinds.yaml, English;
 * and the same template switched to nb): numbering, answer rules, document output in the
 * template's language, Markdown and DOCX, the import reading them back, the move planner.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatNumber, type AnswerValue } from "../../../consultation/answers";
import { parseTemplateText } from "../../../consultation/file.server";
import { formItems } from "../../../consultation/form";
import { planMove } from "../../../consultation/move";
import type { Template } from "../../../consultation/schema";
import { checkAnswer, checkNumberText, parseDocumentNumber, parseNumber } from "../../../consultation/validate";
import { toDocx } from "../../../export/docx";
import { planImport, type StoredValue } from "../../../export/import";
import { toMarkdown } from "../../../export/markdown";
import { buildDocument } from "../../../export/model";
import { importProblemMessage } from "../../../app/lib/import-messages";
import { answerAsText } from "../../../app/lib/answer-text";
import { translator } from "../../../app/lib/i18n";
import { readDocxParagraphs } from "../../support/docx-outline";

const root = path.resolve(import.meta.dirname, "../../..");
const text = readFileSync(path.join(root, "test/fixtures/consultations/en-kinds.yaml"), "utf8");
function parse(source: string): Template {
  const result = parseTemplateText(source, "en-kinds.yaml");
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.template;
}
const en = parse(text);
const nb = parse(text.replace("language: en", "language: nb"));
const item = (key: string) => formItems(en).find((i) => i.key === key)!;

const answers: Record<string, AnswerValue> = {
  "sender-name": "Friends of the Library (test)",
  "sender-members": 1500,
  "hours-1.support": "yes",
  "hours-agree": "disagree",
  "hours-days": ["mon", "wed", "fri"],
  "budget-amount": 250000.5,
  "budget-share": 12.5,
  "budget-sources": ["fees"],
  "general-overall": "good",
};
const build = (template: Template, values: Record<string, AnswerValue>) =>
  buildDocument({ template, answers: values, organisationName: "Test org", date: "2030-05-06" });
const stored = (values: Record<string, AnswerValue>) => new Map<string, StoredValue>(Object.entries(values).map(([key, value]) => [key, { value, version: 1 }]));

describe("numbering: one number each, like text", () => {
  it("sender, chapter, group and general", () => {
    expect(formItems(en).map((i) => `${i.number} ${i.key} ${i.answerType}`)).toEqual([
      "1 sender-name text",
      "2 sender-members number",
      "3 hours-1.support yes_no",
      "4 hours-1.feedback text",
      "5 hours-agree scale",
      "6 hours-days multiple_choice",
      "7 budget-amount number",
      "8 budget-share number",
      "9 budget-sources multiple_choice",
      "10 general-overall scale",
      "11 general-comments text",
    ]);
    expect(item("hours-days")).toMatchObject({ maxChoices: 3, choices: expect.arrayContaining([{ id: "mon", label: "Monday" }]) });
    expect(item("sender-members")).toMatchObject({ min: 1, integer: true });
    expect(item("budget-share")).toMatchObject({ min: 0, max: 100, unit: "%" });
    // The conditional rule is unaffected: none of the new kinds asks or is asked conditionally.
    expect(formItems(en).filter((i) => i.askedWhen)).toEqual([]);
  });
});

describe("answer rules (validate.ts)", () => {
  it("parses numbers as typed in Norwegian and English", () => {
    for (const [raw, value] of [["1500", 1500], ["1 500", 1500], ["1\u00a0500", 1500], ["12,5", 12.5], ["12.5", 12.5], ["-3", -3], ["\u22123", -3], [" 7 ", 7]] as const)
      expect([raw, parseNumber(raw)]).toEqual([raw, value]);
    for (const raw of ["", "abc", "1,2,3", "1e3", "0x10", "12,", ",5", "1.2.3", "Infinity", "1".repeat(50)]) expect([raw, parseNumber(raw)]).toEqual([raw, undefined]);
    expect(parseDocumentNumber("1,500.25", "en")).toBe(1500.25);
    expect(parseDocumentNumber("12,5", "en")).toBeUndefined();
    expect(parseDocumentNumber("1\u00a0500,25", "nb")).toBe(1500.25);
  });

  it("number: not a number, out of range, not whole", () => {
    const members = item("sender-members");
    expect(checkNumberText(members, "abc").problems).toEqual([{ code: "notNumber" }]);
    expect(checkNumberText(members, "0").problems).toEqual([{ code: "numberTooSmall", params: { min: 1 } }]);
    expect(checkNumberText(members, "2,5").problems).toEqual([{ code: "notWhole" }]);
    expect(checkNumberText(item("budget-share"), "100,5").problems).toEqual([{ code: "numberTooLarge", params: { max: 100 } }]);
    expect(checkNumberText(members, "  ")).toEqual({ value: "", problems: [] });
    expect(checkAnswer(members, 12)).toEqual([]);
    expect(checkAnswer(members, "")).toEqual([]);
    expect(checkAnswer(members, "12")).toEqual([{ code: "notNumber" }]);
    expect(checkAnswer(members, 2.5)).toEqual([{ code: "notWhole" }]);
  });

  it("multiple choice: unknown option, chosen twice, too many, not in option order", () => {
    const days = item("hours-days");
    expect(checkAnswer(days, ["mon", "fri"])).toEqual([]);
    expect(checkAnswer(days, [])).toEqual([]);
    expect(checkAnswer(days, ["sun"])).toEqual([{ code: "notAnOption", params: { option: "sun" } }]);
    expect(checkAnswer(days, ["mon", "mon"])).toEqual([{ code: "optionTwice", params: { option: "Monday" } }]);
    expect(checkAnswer(days, ["mon", "tue", "wed", "thu"])).toEqual([{ code: "tooManyChoices", params: { max: 3, count: 4 } }]);
    expect(checkAnswer(days, ["fri", "mon"])).toHaveLength(1);
    expect(checkAnswer(days, "mon")).toHaveLength(1);
  });

  it("scale: one of its options", () => {
    const agree = item("hours-agree");
    expect(checkAnswer(agree, "agree")).toEqual([]);
    expect(checkAnswer(agree, "")).toEqual([]);
    expect(checkAnswer(agree, "maybe")).toEqual([{ code: "unknownChoice" }]);
  });
});

describe("answer texts (overview, history)", () => {
  it("labels and numbers in the reader's language", () => {
    expect(answerAsText(item("hours-agree"), "disagree", translator("en"))).toBe("Disagree");
    expect(answerAsText(item("hours-days"), ["mon", "wed"], translator("nb"))).toBe("Monday\nWednesday");
    expect(answerAsText(item("budget-amount"), 250000.5, translator("nb"))).toBe("250\u00a0000,5 GBP");
    expect(answerAsText(item("budget-amount"), 250000.5, translator("en"))).toBe("250,000.5 GBP");
  });
});

describe("documents in the template's language", () => {
  it("Markdown: the scale's label, one entry per chosen option in option order, numbers with units", () => {
    const markdown = toMarkdown(build(en, { ...answers, "hours-days": ["mon", "wed", "fri"] }));
    expect(markdown).toContain("- 2\\. How many members does the organisation have?\n  - 1,500\n");
    expect(markdown).toContain("- 5\\. The proposed hours meet our members' needs.\n  - Disagree\n");
    expect(markdown).toContain("- 6\\. On which days should the library open later?\n  - Monday\n  - Wednesday\n  - Friday\n");
    expect(markdown).toContain("- 7\\. What yearly budget increase do you propose?\n  - 250,000.5 GBP\n");
    expect(markdown).toContain("- 8\\. Which share of it should go to staff?\n  - 12.5 %\n");
    expect(markdown).toContain("- 10\\. Overall, how do you rate the proposal?\n  - Good\n");
    // Unanswered: the question alone, as the form prints it.
    const empty = toMarkdown(build(en, {}));
    expect(empty).toContain("- 6\\. On which days should the library open later?\n- 7\\.");
    expect(formatNumber(1500, "nb", "kr")).toBe("1\u00a0500 kr");
    const norwegian = toMarkdown(build(nb, answers));
    expect(norwegian).toContain("- 7\\. What yearly budget increase do you propose?\n  - 250\u00a0000,5 GBP\n");
    expect(norwegian).toContain("- 8\\. Which share of it should go to staff?\n  - 12,5 %\n");
  });

  it("DOCX: the same entries", async () => {
    const texts = readDocxParagraphs(await toDocx(build(en, answers))).map((p) => p.text);
    const at = texts.indexOf("6. On which days should the library open later?");
    expect(texts.slice(at, at + 5)).toEqual(["6. On which days should the library open later?", "Monday", "Wednesday", "Friday", "7. What yearly budget increase do you propose?"]);
    expect(texts).toContain("250,000.5 GBP");
    expect(texts).toContain("Disagree");
  });
});

describe("import round trip", () => {
  for (const [name, template] of [["English", en], ["Norwegian", nb]] as const) {
    it(`${name}: the export imports back unchanged, and into an empty response as the same answers`, () => {
      const markdown = toMarkdown(build(template, answers));
      expect(planImport(template, stored(answers), markdown)).toEqual({ ok: true, changes: [], unchangedCount: expect.any(Number) });
      const fresh = planImport(template, new Map(), markdown);
      if (!fresh.ok) throw new Error(JSON.stringify(fresh.problems));
      expect(Object.fromEntries(fresh.changes.map((c) => [c.key, c.after]))).toEqual(answers);
    });
  }

  it("edited files: options in another order are read in option order; bad values are refused with messages", () => {
    const markdown = toMarkdown(build(en, answers));
    const reordered = markdown.replace("  - Monday\n  - Wednesday\n  - Friday\n", "  - Friday\n  - Monday\n");
    const plan = planImport(en, stored(answers), reordered);
    expect(plan.ok && plan.changes.map((c) => [c.key, c.after])).toEqual([["hours-days", ["mon", "fri"]]]);

    const t = translator("en");
    // Options are read while the file is read (as ranks are): these stop it first.
    const badOptions = markdown
      .replace("  - Monday\n  - Wednesday\n  - Friday\n", "  - Monday\n  - Wednesday\n  - Sunday\n")
      .replace("  - Fees\n", "  - Fees\n  - Fees\n");
    const refusedOptions = planImport(en, stored(answers), badOptions);
    expect(!refusedOptions.ok && refusedOptions.problems.map((p) => importProblemMessage(p, t))).toEqual([
      "Question 6: “Sunday” is not one of the options.",
      "Question 9: “Fees” is chosen more than once.",
    ]);
    // Then the answer rules, on every changed answer.
    const badValues = markdown.replace("  - 1,500\n", "  - lots\n").replace("  - 12.5 %\n", "  - 120 %\n").replace("  - Disagree\n", "  - Maybe\n");
    const refused = planImport(en, stored(answers), badValues);
    expect(!refused.ok && refused.problems.map((p) => importProblemMessage(p, t))).toEqual([
      "Question 2: Enter a number, e.g. 1 500 or 12.5.",
      "Question 5: Choose one of the options.",
      "Question 8: The number must be at most 100.",
    ]);
    const half = planImport(en, stored(answers), markdown.replace("  - 1,500\n", "  - 2.5\n"));
    expect(!half.ok && half.problems.map((p) => importProblemMessage(p, translator("nb")))).toEqual(["Spørsmål 2: Skriv et helt tall."]);
    const tooMany = planImport(en, stored(answers), markdown.replace("  - Monday\n  - Wednesday\n  - Friday\n", "  - Monday\n  - Tuesday\n  - Wednesday\n  - Friday\n"));
    expect(!tooMany.ok && tooMany.problems.map((p) => importProblemMessage(p, translator("nb")))).toEqual(["Spørsmål 6: Velg høyst 3 alternativer (du valgte 4)."]);
  });

  it("a cleared answer imports as empty", () => {
    const markdown = toMarkdown(build(en, { ...answers, "hours-days": [], "budget-amount": "" }));
    const plan = planImport(en, stored(answers), markdown);
    expect(plan.ok && plan.changes.map((c) => [c.key, c.after])).toEqual([
      ["hours-days", []],
      ["budget-amount", ""],
    ]);
  });
});

describe("moving to a new version: answers that no longer fit", () => {
  it("a number out of the new range, a removed option, a lower maxChoices are not mapped", () => {
    const next = parse(
      text
        .replace("maxChoices: 3", "maxChoices: 2")
        .replace("min: 0, max: 100, unit", "min: 0, max: 10, unit")
        .replace(/^ *- \{ id: disagree, label: Disagree \}\n/m, ""),
    );
    const plan = planMove(en, next, new Map(Object.entries(answers).map(([key, value]) => [key, { value, version: 1 }])));
    expect(plan.unmapped.map((e) => [e.key, e.reason])).toEqual([
      ["hours-agree", "invalid"],
      ["hours-days", "invalid"],
      ["budget-share", "invalid"],
    ]);
    expect(plan.mapped.map((e) => e.key)).toContain("budget-amount");
  });
});
