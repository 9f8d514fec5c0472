/** Markdown import: round trips change nothing, bad files are refused with a named problem. */
import { describe, expect, it } from "vitest";
import type { AnswerValue } from "../../../consultation/answers";
import { formItems } from "../../../consultation/form";
import { translator } from "../../../app/lib/i18n";
import { MAX_IMPORT_BYTES, planImport, type ImportPlan, type StoredValue } from "../../../export/import";
import { toMarkdown } from "../../../export/markdown";
import { buildDocument } from "../../../export/model";
import { importProblemMessage } from "../../../app/lib/import-messages";
import { DEMO_DATE, DEMO_ORGANISATION_NAME, loadDemoAnswers, loadTemplateFile } from "../../support/demo-export";
import { HOSTILE_STRINGS } from "./hostile";

const template = loadTemplateFile();
const items = formItems(template);
const demoAnswers = loadDemoAnswers();

function stored(answers: Record<string, AnswerValue>): Map<string, StoredValue> {
  return new Map(Object.entries(answers).map(([key, value]) => [key, { value, version: 3 }]));
}

function exported(answers: Record<string, AnswerValue>): string {
  return toMarkdown(buildDocument({ template, answers, organisationName: DEMO_ORGANISATION_NAME, date: DEMO_DATE }));
}

function problemsOf(plan: ImportPlan) {
  if (plan.ok) throw new Error(`expected problems, got ${plan.changes.length} change(s)`);
  return plan.problems;
}

/** Replaces exactly one occurrence, so a test fails loudly if the layout it edits changed. */
function edit(markdown: string, from: string, to: string): string {
  const at = markdown.indexOf(from);
  if (at < 0 || markdown.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once`);
  return markdown.slice(0, at) + to + markdown.slice(at + from.length);
}

describe("round trip", () => {
  it("exporting and importing the demo changes nothing", () => {
    const plan = planImport(template, stored(demoAnswers), exported(demoAnswers));
    expect(plan).toEqual({ ok: true, changes: [], unchangedCount: expect.any(Number) });
  });

  it("a response full of hostile strings comes back unchanged", () => {
    const textItems = items.filter((i) => i.answerType === "text" && !i.askedWhen);
    expect(textItems.length).toBeGreaterThanOrEqual(HOSTILE_STRINGS.length);
    const answers: Record<string, AnswerValue> = { ...demoAnswers };
    HOSTILE_STRINGS.forEach((text, i) => (answers[textItems[i]!.key] = text));
    answers["avsender-navn"] = "Ærlig & <Østre> *Ål* [lag]";
    const plan = planImport(template, stored(answers), exported(answers));
    expect(plan.ok ? plan.changes : plan.problems).toEqual([]);
  });

  it("an empty response round-trips to no changes (ranking options listed without ranks)", () => {
    const plan = planImport(template, new Map(), exported({}));
    expect(plan.ok ? plan.changes : plan.problems).toEqual([]);
  });
});

describe("changes", () => {
  const markdown = exported(demoAnswers);

  it("lists an edited yes/no, text and ranking by question number with the stored version", () => {
    let edited = edit(markdown, "- 11\\. Innføre karantenetid ved ansettelse i kommune. Se kapittel 3.4. Støtter du/dere tiltaket?\n  - Nei", "- 11\\. Innføre karantenetid ved ansettelse i kommune. Se kapittel 3.4. Støtter du/dere tiltaket?\n  - Ja");
    edited = edit(edited, "  - Maja Elisabeth Mikkelsen", "  - Kari Nordmann");
    edited = edit(edited, "  - 47.2. Redusere varigheten av del 1.\n", "  - 47.2. Redusere varigheten av del 1.\n    - 2\n");
    const plan = planImport(template, stored(demoAnswers), edited);
    if (!plan.ok) throw new Error(JSON.stringify(plan.problems));
    expect(plan.changes.map((c) => [c.number, c.after, c.baseVersion])).toEqual([
      [3, "Kari Nordmann", 3],
      [11, "yes", 3],
      [items.find((i) => i.number === 47)!.number, ["kap5-tiltak-1", "kap5-tiltak-2"], 3],
    ]);
  });

  it("a new answer to an unanswered question has base version 0", () => {
    const withoutName = { ...demoAnswers };
    delete withoutName["utfyller-navn"];
    const plan = planImport(template, stored(withoutName), markdown);
    expect(plan.ok && plan.changes.map((c) => [c.key, c.baseVersion])).toEqual([["utfyller-navn", 0]]);
  });
});

describe("bad files are refused with a clear problem", () => {
  const markdown = exported(demoAnswers);
  const plan = (input: string | Uint8Array) => planImport(template, stored(demoAnswers), input);
  const codes = (input: string | Uint8Array) => problemsOf(plan(input)).map((p) => [p.code, p.number]);

  it("unknown question number", () => {
    expect(codes(markdown.replace(/\n$/, "\n- 99\\. Finnes ikke\n  - tekst\n"))).toEqual([["unknownNumber", "99"]]);
  });

  it("duplicated number", () => {
    expect(codes(markdown.replace(/\n$/, "\n- 71\\. Generelle tilbakemeldinger\n  - igjen\n"))).toEqual([["duplicateNumber", "71"]]);
  });

  it("rank rules from validate.ts: rank out of range, rank used twice, gap, too many", () => {
    const rank4 = edit(markdown, "  - 19.4. Innføre karantenetid ved ansettelse i kommune.\n", "  - 19.4. Innføre karantenetid ved ansettelse i kommune.\n    - 4\n");
    expect(codes(rank4)).toEqual([["rankOutOfRange", "19"], ["tooManyRanks", "19"]]);
    const twice = edit(markdown, "  - 19.4. Innføre karantenetid ved ansettelse i kommune.\n", "  - 19.4. Innføre karantenetid ved ansettelse i kommune.\n    - 1\n");
    expect(codes(twice)).toEqual([["rankUsedTwice", "19"], ["tooManyRanks", "19"]]);
    const gap = edit(markdown, "  - 47.2. Redusere varigheten av del 1.\n", "  - 47.2. Redusere varigheten av del 1.\n    - 3\n");
    expect(codes(gap)).toEqual([["rankGap", "47"]]);
    const word = edit(markdown, "  - 47.2. Redusere varigheten av del 1.\n", "  - 47.2. Redusere varigheten av del 1.\n    - to\n");
    expect(codes(word)).toEqual([["rankOutOfRange", "47"]]);
  });

  it("unknown option and changed question text", () => {
    expect(codes(markdown.replace("  - 47.2. Redusere", "  - 47.9. Redusere"))).toEqual([["unknownOption", "47"]]);
    expect(codes(markdown.replace("- 71\\. Generelle tilbakemeldinger", "- 71\\. Noe annet"))).toEqual([["questionTextMismatch", "71"]]);
  });

  it("answers that break the item's rules: yes/no, choice, e-mail, two answers", () => {
    expect(codes(markdown.replace("Fag- eller interesseorganisasjon", "Et parti"))).toEqual([["unknownChoice", "1"]]);
    expect(codes(edit(markdown, "  - \\----------", "  - ikke-en-adresse"))).toEqual([["badEmail", "4"]]);
    const maybe = edit(markdown, "tiltaket?\n  - Ja\n- 6\\.", "tiltaket?\n  - Kanskje\n- 6\\.");
    expect(codes(maybe)).toEqual([["notYesNo", "5"]]);
    const both = edit(markdown, "tiltaket?\n  - Ja\n- 6\\.", "tiltaket?\n  - Ja\n  - Nei\n- 6\\.");
    expect(codes(both)).toEqual([["extraAnswer", "5"]]);
  });

  it("text under a conditional question that is not asked", () => {
    const feedback = edit(markdown, "- 66\\. Dine/deres tilbakemeldinger\n", "- 66\\. Dine/deres tilbakemeldinger\n  - Vi er uenige\n");
    const problems = problemsOf(plan(feedback));
    expect(problems.map((p) => [p.code, p.number])).toEqual([["notAsked", "66"]]);
    expect(importProblemMessage(problems[0]!, translator("nb"))).toBe(
      "Spørsmål 66: Spørsmålet stilles bare når spørsmål 65 er besvart Nei; fjern svaret eller endre spørsmål 65.",
    );
  });

  it("a file from another consultation", () => {
    expect(codes(markdown.replace("# LIS1 – evaluering og tiltak", "# Høring om noe annet"))).toEqual([["wrongConsultation", undefined]]);
    expect(codes(markdown.replace("Saksnummer: 20/46682", "Saksnummer: 21/1"))).toEqual([["wrongConsultation", undefined]]);
  });

  it("empty, whitespace-only, not in the layout, no items", () => {
    expect(codes("")).toEqual([["empty", undefined]]);
    expect(codes(" \n\n\t\n")).toEqual([["empty", undefined]]);
    expect(codes("Bare litt tekst.\n")).toEqual([["notThisLayout", undefined]]);
    expect(codes(markdown.slice(0, markdown.indexOf("- 1\\.")))).toEqual([["noItems", undefined]]);
  });

  it("a binary file", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe]);
    expect(codes(png)).toEqual([["binary", undefined]]);
    expect(codes(new TextEncoder().encode(markdown + "\u0000"))).toEqual([["binary", undefined]]);
  });

  it("a 10 MB file is over the size limit", () => {
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x61);
    const problems = problemsOf(plan(big));
    expect(problems).toEqual([{ code: "tooLarge", params: { size: big.byteLength, max: MAX_IMPORT_BYTES } }]);
    expect(importProblemMessage(problems[0]!, translator("en"))).toMatch(/too large/);
  });

  it("Windows line endings and a byte-order mark are accepted", () => {
    const crlf = "\uFEFF" + markdown.replace(/\n/g, "\r\n");
    expect(planImport(template, stored(demoAnswers), new TextEncoder().encode(crlf))).toMatchObject({ ok: true, changes: [] });
  });
});
