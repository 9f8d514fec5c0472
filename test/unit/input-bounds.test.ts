/** Pure parts of the input bounds: text limits, bounded diffs, unknown base versions, history pages. */
import { describe, expect, it } from "vitest";
import { getAnswers, revisionPage, saveAnswer } from "../../db/queries/responses";
import { boundedDiff } from "~/lib/diff";
import { saveSection } from "~/lib/drafting.server";
import { boundedLength, DEFAULT_TEXT_MAX, DIFF_MAX_CHARS, EMAIL_MAX, textLimit } from "../../consultation/limits";
import { regexes } from "zod/v4/core";
import { checkAnswer, EMAIL } from "../../consultation/validate";
import { MAX_IMPORT_LINES, MAX_IMPORT_MARKUP, MAX_IMPORT_PROBLEMS, MAX_PARAGRAPH_LINES, planImport } from "../../export/import";
import { formItems } from "../../consultation/form";
import { lis1Item, lis1Section, lis1Template, seededDb } from "../support/fixtures";
import { eq } from "drizzle-orm";
import { answers } from "../../db/schema";

describe("e-mail pattern", () => {
  it("is zod's own (what z.email() checks), written out only to keep zod out of the browser", () => {
    expect(EMAIL.source).toBe(regexes.email.source);
    expect(EMAIL.flags).toBe(regexes.email.flags);
  });
});

describe("text limits", () => {
  it("uses the template's limit, else 20,000 characters (254 for e-mail)", () => {
    expect(textLimit({ answerType: "text", maxLength: 500 })).toBe(500);
    expect(textLimit({ answerType: "text" })).toBe(DEFAULT_TEXT_MAX);
    expect(textLimit({ answerType: "email" })).toBe(EMAIL_MAX);
  });

  it("counts characters, not UTF-16 units, without walking huge texts", () => {
    expect(boundedLength("😀ø", 10)).toBe(2);
    expect(boundedLength("x".repeat(10_000_000), 100)).toBe(10_000_000);
  });

  it("applies the default to every free-text answer, and to import's shape too", () => {
    const feedback = lis1Item(6);
    expect(feedback.maxLength).toBeUndefined();
    expect(checkAnswer(feedback, "ø".repeat(DEFAULT_TEXT_MAX))).toEqual([]);
    expect(checkAnswer(feedback, "ø".repeat(DEFAULT_TEXT_MAX + 1))).toEqual([{ code: "tooLong", params: { max: DEFAULT_TEXT_MAX, length: DEFAULT_TEXT_MAX + 1 } }]);
  });
});

describe("bounded diffs", () => {
  const words = (w: string, n: number) => Array.from({ length: n }, (_, i) => `${w}${i}`).join(" ");

  it("word diff for small texts", () => {
    const diff = boundedDiff("Vi støtter tiltaket.", "Vi støtter ikke tiltaket.");
    expect(diff.kind).toBe("words");
    if (diff.kind === "words") expect(diff.parts.filter((p) => p.added).map((p) => p.value.trim())).toEqual(["ikke"]);
  });

  it("line diff when the texts are large or differ in too many words", () => {
    expect(boundedDiff(words("a", 3_000), words("b", 3_000)).kind).toBe("lines");
    expect(boundedDiff(words("a", 1_000), words("b", 1_000)).kind).toBe("lines");
  });

  it("'too large' past the line bounds", () => {
    const big = "x".repeat(DIFF_MAX_CHARS * 20);
    expect(boundedDiff(big, `${big}y`)).toEqual({ kind: "tooLarge", chars: big.length * 2 + 1 });
    expect(boundedDiff("a\n".repeat(10_000), "b\n".repeat(10_000)).kind).toBe("tooLarge");
  });
});

describe("unknown base versions", () => {
  const kap3 = lis1Section("kap3");

  it("is a conflict, never a crash, on an unanswered field", async () => {
    const { db, organisationId, responseId } = await seededDb();
    await db.delete(answers).where(eq(answers.questionKey, "kap3-tiltak-1.feedback"));
    const result = await saveSection(db, {
      organisationId,
      responseId,
      items: kap3.items,
      values: { "kap3-tiltak-1__feedback": "Ny" },
      baseVersions: { "kap3-tiltak-1__feedback": 5 },
      userId: 2,
    });
    expect(result).toEqual({
      status: "conflict",
      conflicts: [{ key: "kap3-tiltak-1.feedback", field: "kap3-tiltak-1__feedback", mine: "Ny", theirs: "", theirVersion: 0, theirAuthor: null, theirAt: null, unknownBase: 5 }],
    });
  });

  it("is a conflict on an answered field even when the text is the stored one", async () => {
    const { db, organisationId, responseId } = await seededDb();
    const stored = (await getAnswers(db, organisationId, responseId)).get("kap3-tiltak-1.feedback")!;
    const result = await saveSection(db, {
      organisationId,
      responseId,
      items: kap3.items,
      values: { "kap3-tiltak-1__feedback": stored.value },
      baseVersions: { "kap3-tiltak-1__feedback": stored.version + 1 },
      userId: 2,
    });
    expect(result.status).toBe("conflict");
  });
});

describe("history pages", () => {
  it("reads one page plus the revision before it, newest first", async () => {
    const { db, organisationId, responseId } = await seededDb();
    const key = "kap3-tiltak-1.feedback";
    for (let v = 1; v < 120; v++) await saveAnswer(db, { organisationId, responseId, key, value: `v${v + 1}`, baseVersion: v, userId: 2 });
    const first = await revisionPage(db, organisationId, responseId, key, 1, 50);
    expect(first.total).toBe(120);
    expect(first.currentVersion).toBe(120);
    expect(first.revisions.map((r) => r.version)).toEqual(Array.from({ length: 50 }, (_, i) => 120 - i));
    expect(first.previous?.version).toBe(70);
    const last = await revisionPage(db, organisationId, responseId, key, 3, 50);
    expect(last.revisions.map((r) => r.version)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect(last.previous).toBeUndefined();
    expect((await revisionPage(db, 999, responseId, key, 1, 50))).toEqual({ revisions: [], previous: undefined, total: 0, currentVersion: 0 });
  });
});

describe("import layout bounds, checked before parsing", () => {
  const template = lis1Template();
  const head = `# ${template.title}\n\nSaksnummer: ${template.caseNumber}\n\n## Svar:\n\n`;
  const problem = (markdown: string) => {
    const plan = planImport(template, new Map(), markdown);
    return plan.ok ? undefined : plan.problems[0];
  };

  it.each([
    ["list markers nested past three levels", `${head}- 1\\. x\n  - - - - y`, "tooDeep"],
    ["more lines than a file may have", `${head}${"- x\n".repeat(MAX_IMPORT_LINES)}`, "tooManyLines"],
    ["a paragraph of too many lines", `${head}- 1\\. x\n${"  ord\n".repeat(MAX_PARAGRAPH_LINES + 1)}`, "paragraphTooLong"],
    ["more inline marks than the budget", `${head}- 1\\. ${"\\*".repeat(MAX_IMPORT_MARKUP)}`, "tooMuchMarkup"],
    ["a long heading", `# ${"ord ".repeat(1_000)}`, "headingTooLong"],
  ])("refuses %s", (_name, markdown, code) => {
    expect(problem(markdown)?.code).toBe(code);
  });

  it("lists at most 50 problems", () => {
    const plan = planImport(template, new Map(), `${head}${"- 999\\. x\n".repeat(200)}`);
    expect(plan.ok).toBe(false);
    if (!plan.ok) {
      expect(plan.problems).toHaveLength(MAX_IMPORT_PROBLEMS + 1);
      expect(plan.problems.at(-1)!.code).toBe("tooMany");
    }
  });

  it("reads emphasis and links a user typed as plain text", () => {
    const markdown = `${head}- 2\\. ${formItems(template).find((i) => i.number === 2)!.text}\n  - *Norsk* [forening](https://example.org)\n`;
    const plan = planImport(template, new Map(), markdown);
    expect(plan.ok && plan.changes[0]!.after).toBe("*Norsk* [forening](https://example.org)");
  });
});
