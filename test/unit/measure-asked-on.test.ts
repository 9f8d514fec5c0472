/**
 * A measure's feedback asked only on one answer (`feedbackAskedOn`), and the form editor's model:
 * adding to an empty list, 0/negative/decimal numbers.
 */
import { describe, expect, it } from "vitest";
import { feedbackNotAsked } from "../../consultation/conditional";
import { formItems } from "../../consultation/form";
import { validateTemplate, type Template } from "../../consultation/schema";
import { planImport } from "../../export/import";
import { toMarkdown } from "../../export/markdown";
import { buildDocument } from "../../export/model";
import { applyEditorOp, draftFromForm, parseEditorOp, type Draft } from "~/lib/consultations/editor";

const base = {
  id: "t",
  title: "T",
  issuer: "I",
  caseNumber: "1",
  deadline: "2030-01-01",
  language: "nn",
  yesNoLabels: { yes: "Einig", no: "Ueinig" },
  chapters: [
    {
      id: "k1",
      title: "Kapittel 1",
      measures: [
        { id: "m1", text: "Tiltak ein.", feedbackAskedOn: "no" },
        { id: "m2", text: "Berre støtte.", feedback: false },
        { id: "m3", text: "Berre tilbakemelding.", support: false },
      ],
    },
  ],
};
function valid(data: unknown): Template {
  const result = validateTemplate(data);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.template;
}

describe("feedbackAskedOn on a measure", () => {
  const template = valid(base);
  const items = formItems(template);

  it("makes the feedback conditional on the measure's own answer", () => {
    expect(items.map((i) => [i.number, i.key, i.askedWhen])).toEqual([
      [1, "m1.support", undefined],
      [2, "m1.feedback", { key: "m1.support", answer: "no" }],
      [3, "m2.support", undefined],
      [4, "m3.feedback", undefined],
    ]);
  });

  it("is refused where there is no support question or no feedback field", () => {
    const bad = structuredClone(base);
    bad.chapters[0]!.measures[1] = { id: "m2", text: "x", feedback: false, feedbackAskedOn: "yes" } as never;
    const result = validateTemplate(bad);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.path)).toContain("chapters[k1].measures[m2].feedbackAskedOn");
  });

  it("the one conditional rule refuses feedback on the other answer (form, autosave, restore, adopt share it)", () => {
    expect(feedbackNotAsked(items, new Map([["m1.feedback", "Fordi."]]), (k) => (k === "m1.support" ? "yes" : undefined))).toMatchObject([{ key: "m1.feedback", number: 2, params: { trigger: 1, answer: "no" } }]);
    expect(feedbackNotAsked(items, new Map([["m1.feedback", "Fordi."]]), (k) => (k === "m1.support" ? "no" : undefined))).toEqual([]);
    // Choosing the other answer while the feedback holds text is refused too.
    expect(feedbackNotAsked(items, new Map([["m1.support", "yes"]]), (k) => (k === "m1.feedback" ? "Fordi." : undefined))).toHaveLength(1);
  });

  it("the Markdown import refuses feedback given on the other answer", () => {
    const markdown = toMarkdown(buildDocument({ template, answers: { "m1.support": "no", "m1.feedback": "Fordi." }, organisationName: "O", date: "2030-01-01" }));
    expect(planImport(template, new Map(), markdown)).toMatchObject({ ok: true });
    const other = markdown.replace("Ueinig", "Einig");
    expect(other).not.toBe(markdown);
    const plan = planImport(template, new Map(), other);
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.problems.map((p) => p.code)).toContain("notAsked");
    // Custom labels print in documents.
    expect(markdown).toContain("Ueinig");
  });
});

describe("form editor model", () => {
  it("adding a question to a chapter without questions creates the list (the empty list is not posted)", () => {
    const draft: Draft = { chapters: [{ id: "k1", title: "K", measures: [{ id: "m1", text: "x" }] }] };
    for (const [intent, at] of [
      ["add:chapters.0.questions:question-text", "questions"],
      ["add:chapters.0.measures:measure", "measures"],
    ] as const) {
      const emptied = structuredClone(draft) as { chapters: Record<string, unknown>[] };
      delete emptied.chapters[0]![at];
      const after = applyEditorOp(emptied, parseEditorOp(intent)!) as { chapters: Record<string, unknown>[] };
      expect(Array.isArray(after.chapters[0]![at]), intent).toBe(true);
      expect((after.chapters[0]![at] as unknown[]).length).toBe(1);
    }
    const noSender = applyEditorOp({}, parseEditorOp("add:sender:question-text")!);
    expect(Array.isArray(noSender.sender)).toBe(true);
    // A priority question is one object, not a list.
    expect(Array.isArray(applyEditorOp(draft, parseEditorOp("add:chapters.0.priority:priority")!).chapters)).toBe(true);
    expect((applyEditorOp(draft, parseEditorOp("add:chapters.0.priority:priority")!) as { chapters: { priority: unknown }[] }).chapters[0]!.priority).toEqual({ maxRanks: 3 });
  });

  it("number fields read 0, negatives and decimals", () => {
    const draft = draftFromForm([
      ["t.general.0.type", "number"],
      ["t.general.0.id", "n"],
      ["t.general.0.text", "Tal"],
      ["t.general.0.min", "0"],
      ["t.general.0.max", "0,5"],
      ["t.general.1.type", "number"],
      ["t.general.1.id", "m"],
      ["t.general.1.text", "Tal"],
      ["t.general.1.min", "-2.25"],
    ]);
    expect(draft.general).toMatchObject([{ min: 0, max: 0.5 }, { min: -2.25 }]);
  });
});
