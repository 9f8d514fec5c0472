/**
 * The conditional-feedback rule (consultation/conditional.ts) and the write paths that use it at
 * the unit level: section save (form, autosave and merge all go through saveSection) and the
 * Markdown import plan. The real server's paths are in test/e2e/conditional.test.ts.
 */
import { describe, expect, it } from "vitest";
import { feedbackNotAsked } from "../../consultation/conditional";
import type { AnswerValue } from "../../consultation/answers";
import { formItems } from "../../consultation/form";
import { getAnswers, listRevisions } from "../../db/queries/responses";
import { planImport } from "../../export/import";
import { saveSection } from "~/lib/drafting.server";
import { notAskedErrors } from "~/lib/section-form/fields";
import { importProblemMessage } from "~/lib/import-messages";
import { translator } from "~/lib/i18n";
import { lis1Section, lis1Template, seededDb } from "../support/fixtures";
import { toMarkdown } from "../../export/markdown";
import { buildDocument } from "../../export/model";
import { DEMO_DATE, DEMO_ORGANISATION_NAME, loadDemoAnswers } from "../support/demo-export";

const items = formItems(lis1Template());
const kap2 = lis1Section("kap2");
// 65 kap2-enig (demo: yes); 66 its feedback, asked only on "no".
const TRIGGER = "kap2-enig";
const FEEDBACK = "kap2-enig.feedback";
const EDITOR = 2;
const check = (posted: Record<string, AnswerValue>, stored: Record<string, AnswerValue>) =>
  feedbackNotAsked(items, new Map(Object.entries(posted)), (key) => stored[key]).map((p) => [p.key, p.number, p.params]);

describe("feedbackNotAsked", () => {
  it("refuses feedback posted with the answer that does not ask it, or alone against the stored answer", () => {
    expect(check({ [TRIGGER]: "yes", [FEEDBACK]: "Vi er uenige" }, {})).toEqual([[FEEDBACK, 66, { trigger: 65, answer: "no" }]]);
    expect(check({ [FEEDBACK]: "Vi er uenige" }, { [TRIGGER]: "yes" })).toEqual([[FEEDBACK, 66, { trigger: 65, answer: "no" }]]);
    expect(check({ [FEEDBACK]: "Vi er uenige" }, {})).toEqual([[FEEDBACK, 66, { trigger: 65, answer: "no" }]]);
  });

  it("allows feedback on the asking answer, clearing a feedback always, and leaves untouched pairs alone", () => {
    expect(check({ [TRIGGER]: "no", [FEEDBACK]: "Vi er uenige" }, { [TRIGGER]: "yes" })).toEqual([]);
    expect(check({ [FEEDBACK]: "Vi er uenige" }, { [TRIGGER]: "no" })).toEqual([]);
    expect(check({ [FEEDBACK]: "" }, { [TRIGGER]: "yes", [FEEDBACK]: "gammel" })).toEqual([]);
    expect(check({ [FEEDBACK]: "  \n" }, { [TRIGGER]: "yes" })).toEqual([]);
    // Stored data that breaks the rule does not block a write that touches neither side.
    expect(check({ "kap3-tiltak-1.feedback": "x" }, { [TRIGGER]: "yes", [FEEDBACK]: "gammel" })).toEqual([]);
  });

  it("refuses choosing the other answer while the feedback still holds text", () => {
    expect(check({ [TRIGGER]: "yes" }, { [TRIGGER]: "no", [FEEDBACK]: "Vi er uenige" })).toEqual([[FEEDBACK, 66, { trigger: 65, answer: "no" }]]);
    expect(check({ [TRIGGER]: "yes", [FEEDBACK]: "" }, { [TRIGGER]: "no", [FEEDBACK]: "Vi er uenige" })).toEqual([]);
    // "askedOn: yes" works the same way (67/68).
    expect(check({ "kap2-konsekvenser-tjenestene.feedback": "x" }, { "kap2-konsekvenser-tjenestene": "no" })).toEqual([
      ["kap2-konsekvenser-tjenestene.feedback", 68, { trigger: 67, answer: "yes" }],
    ]);
  });
});

describe("every write path refuses with the import's message and stores nothing", () => {
  const expected = {
    nb: "Spørsmål 66: Spørsmålet stilles bare når spørsmål 65 er besvart Nei; fjern svaret eller endre spørsmål 65.",
    en: "Question 66: This question is asked only when question 65 is answered No; remove the answer or change question 65.",
  };

  it("section save: answer 'yes' plus feedback, and the feedback alone while the stored answer is 'yes'", async () => {
    const { db, organisationId, responseId } = await seededDb();
    const before = await getAnswers(db, organisationId, responseId);
    const both = await saveSection(db, {
      organisationId,
      responseId,
      items: kap2.items,
      values: { "kap2-enig": "yes", "kap2-enig__feedback": "Vi er uenige" },
      baseVersions: { "kap2-enig": before.get(TRIGGER)!.version, "kap2-enig__feedback": 0 },
      userId: EDITOR,
    });
    expect(both.status).toBe("notAsked");
    if (both.status !== "notAsked") return;
    for (const lang of ["nb", "en"] as const)
      expect(notAskedErrors(both.problems, kap2.items, { "kap2-enig__feedback": 0 }, translator(lang))).toEqual({ "kap2-enig__feedback": [expected[lang]] });
    const alone = await saveSection(db, {
      organisationId,
      responseId,
      items: kap2.items,
      values: { "kap2-enig__feedback": "Vi er uenige" },
      baseVersions: { "kap2-enig__feedback": 0 },
      userId: EDITOR,
    });
    expect(alone.status).toBe("notAsked");
    expect((await getAnswers(db, organisationId, responseId)).get(FEEDBACK)).toBeUndefined();
    expect((await listRevisions(db, organisationId, responseId, FEEDBACK))).toEqual([]);
  });

  it("section save: switching the answer while feedback exists is refused (error on the posted trigger); emptying it in the same save works", async () => {
    const { db, organisationId, responseId } = await seededDb();
    const v = (await getAnswers(db, organisationId, responseId)).get(TRIGGER)!.version;
    const asked = await saveSection(db, {
      organisationId,
      responseId,
      items: kap2.items,
      values: { "kap2-enig": "no", "kap2-enig__feedback": "Vi er uenige" },
      baseVersions: { "kap2-enig": v, "kap2-enig__feedback": 0 },
      userId: EDITOR,
    });
    expect(asked.status).toBe("saved");
    const back = await saveSection(db, { organisationId, responseId, items: kap2.items, values: { "kap2-enig": "yes" }, baseVersions: { "kap2-enig": v + 1 }, userId: EDITOR });
    expect(back.status).toBe("notAsked");
    if (back.status === "notAsked")
      expect(notAskedErrors(back.problems, kap2.items, { "kap2-enig": v + 1 }, translator("en"))).toEqual({ "kap2-enig": [expected.en] });
    expect((await getAnswers(db, organisationId, responseId)).get(TRIGGER)!.value).toBe("no");
    const cleared = await saveSection(db, {
      organisationId,
      responseId,
      items: kap2.items,
      values: { "kap2-enig": "yes", "kap2-enig__feedback": "" },
      baseVersions: { "kap2-enig": v + 1, "kap2-enig__feedback": 1 },
      userId: EDITOR,
    });
    expect(cleared.status).toBe("saved");
  });

  it("import: the same rule over the file's changes, in the reader's language", async () => {
    const { db, organisationId, responseId } = await seededDb();
    const stored = new Map([...(await getAnswers(db, organisationId, responseId))].map(([k, a]) => [k, { value: a.value, version: a.version }]));
    const markdown = toMarkdown(buildDocument({ template: lis1Template(), answers: loadDemoAnswers(), organisationName: DEMO_ORGANISATION_NAME, date: DEMO_DATE }));
    const feedback = markdown.replace("- 66\\. Dine/deres tilbakemeldinger\n", "- 66\\. Dine/deres tilbakemeldinger\n  - Vi er uenige\n");
    const plan = planImport(lis1Template(), stored, feedback);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.problems.map((p) => importProblemMessage(p, translator("en")))).toEqual([expected.en]);
    expect(plan.problems.map((p) => importProblemMessage(p, translator("nb")))).toEqual([expected.nb]);
  });
});
