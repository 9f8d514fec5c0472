import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseTemplateText, readTemplateFile } from "../../consultation/file.server";
import { formItems, formSections } from "../../consultation/form";
import { LANGUAGE_DEFAULTS } from "../../consultation/defaults";
import { buildDocument } from "../../export/model";
import { toMarkdown } from "../../export/markdown";
import { readMarkdownAnswers } from "../../export/import";

const FIXTURE = "test/fixtures/templates/groups-and-variants.yaml";

function load(text = readFileSync(FIXTURE, "utf8")) {
  const result = parseTemplateText(text, "fixture.yaml");
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.template;
}

describe("question groups and measure variants", () => {
  const template = load();

  it("keeps the parts in file order, groups between chapters, with or without a title", () => {
    expect(formSections(template).map((s) => [s.id, s.kind, s.title])).toEqual([
      ["sender", "sender", undefined],
      ["about-the-proposal", "group", undefined],
      ["ch1", "chapter", "Chapter 1"],
      ["costs", "group", "Costs"],
      ["ch2", "chapter", "Chapter 2"],
      ["ch3", "chapter", "Chapter 3"],
      ["general", "general", undefined],
    ]);
  });

  it("numbers every item in file order, skipping the questions a measure turns off", () => {
    expect(formItems(template).map((i) => `${i.number} ${i.key} ${i.answerType}`)).toEqual([
      "1 sender-name text",
      "2 agree-overall yes_no",
      "3 agree-overall.feedback text",
      "4 ch1-m1.support yes_no",
      "5 ch1-m1.feedback text",
      "6 ch1-m2.feedback text", // support: false
      "7 ch1-m3.support yes_no", // feedback: false
      // ch1-m4: only in the priority question
      "8 ch1.priority ranking",
      "9 ch1.justification text",
      "10 costs-comment text",
      "11 ch2-m1.support yes_no",
      "12 ch2-m1.feedback text",
      "13 ch2.priority ranking", // justification: false
      "14 ch3-m1.support yes_no",
      "15 ch3-m1.feedback text",
      "16 general-feedback text",
    ]);
  });

  it("puts the measure's text on its feedback field when it has no support question", () => {
    const byKey = new Map(formItems(template).map((i) => [i.key, i]));
    expect(byKey.get("ch1-m1.support")!.text).toBe("Measure one. Do you support this measure?");
    expect(byKey.get("ch1-m1.feedback")!.text).toBe("Your feedback");
    expect(byKey.get("ch1-m2.feedback")!.text).toBe("Measure two. See 1.2. Your feedback");
    expect(byKey.get("ch1-m3.support")!.text).toBe("Measure three. Do you support this measure?");
  });

  it("ranks every measure of the chapter, those without questions too", () => {
    const priority = formItems(template).find((i) => i.key === "ch1.priority")!;
    expect(priority.maxRanks).toBe(2);
    expect(priority.rankOptions!.map((o) => `${o.number} ${o.label}`)).toEqual([
      "8.1 Measure one.",
      "8.2 Measure two.",
      "8.3 Measure three.",
      "8.4 Measure four.",
    ]);
  });

  it("fills left-out texts from the template language's defaults", () => {
    expect(template.measureDefaults).toEqual({ supportQuestion: "Do you support this measure?", feedbackText: "Your feedback" });
    const byKey = new Map(formItems(template).map((i) => [i.key, i]));
    expect(byKey.get("ch1.priority")!.text).toBe("Which of the measures should be prioritised? You can choose up to two measures. Rank the most important as number 1.");
    // The rank limit is capped by the number of measures, and so is the default text.
    expect(byKey.get("ch2.priority")!.text).toBe("Which of the measures should be prioritised? You can choose up to one measure. Rank the most important as number 1.");
    expect(byKey.get("ch1.justification")!.text).toBe("Here you can give the reasons for your priorities");
  });

  it.each([
    ["nb", "Støtter du/dere tiltaket?", "Dine/deres tilbakemeldinger", "Hvilke av tiltakene bør prioriteres? Du kan angi inntil to tiltak. Det viktigste rangerer du som nummer 1."],
    ["nn", "Støttar du/de tiltaket?", "Dine/dykkar tilbakemeldingar", "Kva for tiltak bør prioriterast? Du kan velje inntil to tiltak. Det viktigaste rangerer du som nummer 1."],
  ] as const)("defaults in %s", (language, support, feedback, priority) => {
    const doc = parse(readFileSync(FIXTURE, "utf8"));
    doc.language = language;
    const items = formItems(load(stringify(doc)));
    const byKey = new Map(items.map((i) => [i.key, i]));
    expect(byKey.get("ch1-m1.support")!.text).toBe(`Measure one. ${support}`);
    expect(byKey.get("ch1-m1.feedback")!.text).toBe(feedback);
    expect(byKey.get("ch1.priority")!.text).toBe(priority);
    expect(byKey.get("ch1.justification")!.text).toBe(LANGUAGE_DEFAULTS[language].justificationText);
  });

  it("lets a template set its own texts and titles instead of the defaults", () => {
    const doc = parse(readFileSync(FIXTURE, "utf8"));
    doc.measureDefaults = { supportQuestion: "Agree?" };
    doc.senderTitle = "About you";
    doc.chapters[1].priority = { text: "Rank them.", maxRanks: 2, justification: { text: "Why?", maxLength: 300 } };
    const changed = load(stringify(doc));
    const byKey = new Map(formItems(changed).map((i) => [i.key, i]));
    expect(byKey.get("ch1-m1.support")!.text).toBe("Measure one. Agree?");
    expect(byKey.get("ch1-m1.feedback")!.text).toBe("Your feedback");
    expect(byKey.get("ch1.priority")!.text).toBe("Rank them.");
    expect(byKey.get("ch1.justification")).toMatchObject({ text: "Why?", maxLength: 300 });
    expect(formSections(changed)[0]!.title).toBe("About you");
  });

  it("stores the filled-in texts, so a stored version reads back the same", () => {
    const again = load(JSON.stringify(template));
    expect(again).toEqual(template);
  });

  it("prints no section titles in the document, groups' questions in the form's order", () => {
    const doc = buildDocument({ template, answers: { "agree-overall": "no", "agree-overall.feedback": "Too costly." }, organisationName: "Org", date: "2026-11-23" });
    expect(doc.items.map((n) => n.paragraphs[0])).toContain("2. Do you agree with the proposal as a whole?");
    expect(doc.items.map((n) => n.number)).toEqual(formItems(template).map((i) => String(i.number)));
    expect(JSON.stringify(doc)).not.toContain("Costs");
  });

  it("exports and imports back every answer of groups and measure variants by number", () => {
    const answers = {
      "sender-name": "Org",
      "agree-overall": "no",
      "agree-overall.feedback": "Too costly.",
      "ch1-m1.support": "yes",
      "ch1-m1.feedback": "Good.",
      "ch1-m2.feedback": "About measure two.",
      "ch1-m3.support": "no",
      "ch1.priority": ["ch1-m4", "ch1-m2"],
      "ch1.justification": "Four first.",
      "costs-comment": "Cheap.",
      "ch2.priority": ["ch2-m1"],
      "general-feedback": "Thanks.",
    };
    const markdown = toMarkdown(buildDocument({ template, answers, organisationName: "Org", date: "2026-11-23" }));
    const { values, problems } = readMarkdownAnswers(template, markdown);
    expect(problems).toEqual([]);
    expect(Object.fromEntries([...values].filter(([, v]) => (Array.isArray(v) ? v.length : v !== "")))).toEqual(answers);
  });

  it("accepts a form of groups only (no chapter needed)", () => {
    const only = load(
      stringify({
        id: "groups-only",
        title: "Groups only",
        issuer: "X",
        caseNumber: "1",
        deadline: "2026-12-01",
        language: "en",
        chapters: [{ type: "group", id: "questions", questions: [{ type: "yes_no", id: "q1", text: "Yes?" }] }],
      }),
    );
    expect(formItems(only).map((i) => `${i.number} ${i.key}`)).toEqual(["1 q1"]);
  });
});

describe("LIS1 stays as it is", () => {
  // Changed once on purpose (Decision 15: askedOn yes/no); any other change means a new version for every database.
  it("validates to the same content (same hash: no new consultation version on existing databases)", () => {
    const result = readTemplateFile("templates/lis1-evaluering-2021.yaml");
    expect(result.ok && result.hash).toBe("a8f350f2d522f680088e1f21434fdb68f16646b03fd3fa288faee1dd69a7ef7b");
  });
});
