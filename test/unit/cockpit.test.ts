/** Issue 9 core: status transitions, the auto-draft, the lock inside write transactions, work changes. */
import { describe, expect, it } from "vitest";
import { canMove, isQuestionStatus, QUESTION_STATUSES, statusAfterSave } from "../../consultation/question-status";
import { findPersonalData, isValidNationalId } from "../../consultation/personal-data";
import {
  assertUnlocked,
  getWork,
  isLocked,
  reopenResponse,
  ResponseLockedError,
  setWork,
  submitResponse,
  answersMark,
  listSubmissions,
} from "../../db/queries/cockpit";
import { getAnswers, saveAnswer } from "../../db/queries/responses";
import { saveSection } from "~/lib/drafting.server";
import { deadlinesOf, internalDeadlineProblem } from "~/lib/cockpit/cockpit.server";
import { formItems } from "../../consultation/form";
import { getResponse } from "../../db/queries/responses";
import { lis1Section, seededDb } from "../support/fixtures";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema";

const kap3 = lis1Section("kap3");
const FEEDBACK = "kap3-tiltak-1.feedback";
const EDITOR = 2; // styret@demo.no
const SECRETARIAT = 3;

describe("question status transitions", () => {
  it("a person may move to any other status, back or forward", () => {
    for (const from of QUESTION_STATUSES)
      for (const to of QUESTION_STATUSES) expect(canMove(from, to, "person")).toBe(from !== to);
  });
  it("the system moves only open → draft; nothing but a person makes a question agreed", () => {
    for (const from of QUESTION_STATUSES)
      for (const to of QUESTION_STATUSES) expect(canMove(from, to, "system")).toBe(from === "open" && to === "draft");
    expect(statusAfterSave("open")).toBe("draft");
    expect(statusAfterSave("review")).toBe("review");
    expect(statusAfterSave("agreed")).toBe("agreed");
    expect(statusAfterSave("draft")).toBe("draft");
  });
  it("knows its statuses", () => {
    expect(isQuestionStatus("review")).toBe(true);
    expect(isQuestionStatus("done")).toBe(false);
    expect(isQuestionStatus(undefined)).toBe(false);
  });
});

describe("personal data (the shared detector)", () => {
  // 010190 + 120 + both mod-11 check digits: 01019012057 is valid; a changed last digit is not.
  it("finds a fødselsnummer with a valid check digit and ignores an invalid one", () => {
    const valid = "01019012057";
    expect(isValidNationalId(valid)).toBe(true);
    expect(isValidNationalId("01019012058")).toBe(false);
    expect(findPersonalData(`Søker ${valid} og 01019012058`).map((m) => [m.kind, m.match])).toEqual([["nationalId", valid]]);
    expect(findPersonalData("Ring 912 34 567 eller skriv til ola@example.no").map((m) => m.kind)).toEqual(["phone", "email"]);
  });
});

describe("work on questions", () => {
  it("saving an answer makes an open question a draft in the same transaction; review and agreed stay", async () => {
    const { db, organisationId, responseId } = await seededDb();
    // kap3 is agreed in the demo; set one question back to open.
    const before = (await getWork(db, organisationId, responseId, [FEEDBACK])).get(FEEDBACK)!;
    expect(before.status).toBe("agreed");
    const keys = new Set(formItems((await getResponse(db, organisationId, responseId))!.consultation.template).map((i) => i.key));
    expect((await setWork(db, { organisationId, responseId, userId: EDITOR, validKeys: keys, changes: [{ key: FEEDBACK, version: before.version, status: "open" }] }))).toEqual({
      status: "saved",
      changed: 1,
    });
    const answer = (await getAnswers(db, organisationId, responseId, [FEEDBACK])).get(FEEDBACK)!;
    await saveAnswer(db, { organisationId, responseId, key: FEEDBACK, value: "Ny tekst", baseVersion: answer.version, userId: EDITOR });
    const after = (await getWork(db, organisationId, responseId, [FEEDBACK])).get(FEEDBACK)!;
    expect(after.status).toBe("draft");
    expect(after.version).toBe(before.version + 2);
    // An agreed question stays agreed when someone saves.
    const agreed = await setWork(db, { organisationId, responseId, userId: EDITOR, validKeys: keys, changes: [{ key: FEEDBACK, version: after.version, status: "agreed" }] });
    expect(agreed.status).toBe("saved");
    await saveAnswer(db, { organisationId, responseId, key: FEEDBACK, value: "Enda en tekst", baseVersion: answer.version + 1, userId: EDITOR });
    expect((await getWork(db, organisationId, responseId, [FEEDBACK])).get(FEEDBACK)!.status).toBe("agreed");
  });

  it("a stale version is a conflict, a non-editor assignee or unknown key is refused; nothing is written", async () => {
    const { db, organisationId, responseId } = await seededDb();
    const keys = new Set([FEEDBACK, "kap3-tiltak-2.feedback"]);
    const current = await getWork(db, organisationId, responseId, [...keys]);
    const memberId = (await db.select({ id: users.id }).from(users).where(eq(users.email, "medlem@demo.no")))[0]!.id;
    const change = (version: number) => ({ key: FEEDBACK, version, status: "review" as const });
    expect((await setWork(db, { organisationId, responseId, userId: EDITOR, validKeys: keys, changes: [change(current.get(FEEDBACK)!.version - 1)] }))).toEqual({
      status: "conflict",
      keys: [FEEDBACK],
    });
    expect(
      (await setWork(db, { organisationId, responseId, userId: EDITOR, validKeys: keys, changes: [{ key: FEEDBACK, version: current.get(FEEDBACK)!.version, assigneeId: memberId }] })),
    ).toEqual({ status: "badAssignee" });
    expect((await setWork(db, { organisationId, responseId, userId: EDITOR, validKeys: keys, changes: [{ key: "nope", version: 0, status: "draft" }] })).status).toBe("conflict");
    // A bulk change with one stale entry writes none of them.
    const bulk = [
      { key: "kap3-tiltak-2.feedback", version: current.get("kap3-tiltak-2.feedback")!.version, status: "review" as const },
      change(99),
    ];
    expect((await setWork(db, { organisationId, responseId, userId: EDITOR, validKeys: keys, changes: bulk })).status).toBe("conflict");
    expect((await getWork(db, organisationId, responseId, [...keys]))).toEqual(current);
  });
});

describe("the lock", () => {
  const files = {
    docx: Buffer.from("docx"),
    docxName: "{}",
    docxSha256: "a",
    markdown: Buffer.from("md"),
    markdownName: "{}",
    markdownSha256: "b",
    pdf: Buffer.from("%PDF"),
    pdfName: "{}",
    pdfSha256: "c",
  };
  it("a submitted response refuses saves inside the write transaction, rolling back a whole section save", async () => {
    const { db, organisationId, responseId } = await seededDb();
    const mark = await answersMark(db, organisationId, responseId);
    const input = { organisationId, responseId, userId: SECRETARIAT, submittedOn: "2021-02-28", channel: "email" as const, receipt: null, files, mark };
    expect((await submitResponse(db, input)).status).toBe("submitted");
    expect((await isLocked(db, responseId))).toBe(true);
    expect((await submitResponse(db, input))).toEqual({ status: "alreadySubmitted" });
    await expect(assertUnlocked(db, responseId)).rejects.toThrow(ResponseLockedError);
    const before = await getAnswers(db, organisationId, responseId);
    await expect(saveAnswer(db, { organisationId, responseId, key: FEEDBACK, value: "x", baseVersion: before.get(FEEDBACK)!.version, userId: EDITOR })).rejects.toThrow(
      ResponseLockedError,
    );
    await expect(saveSection(db, {
        organisationId,
        responseId,
        items: kap3.items,
        values: { "kap3-tiltak-1__feedback": "Ny", "kap3-tiltak-2__feedback": "Ny" },
        baseVersions: { "kap3-tiltak-1__feedback": 1, "kap3-tiltak-2__feedback": 1 },
        userId: EDITOR,
      }),).rejects.toThrow(ResponseLockedError);
    expect((await getAnswers(db, organisationId, responseId))).toEqual(before);
    const keys = new Set([FEEDBACK]);
    await expect(setWork(db, { organisationId, responseId, userId: EDITOR, validKeys: keys, changes: [{ key: FEEDBACK, version: 1, status: "open" }] }),).rejects.toThrow(ResponseLockedError);

    // Reopened: saves work again; a second submission is a new row.
    expect((await reopenResponse(db, organisationId, responseId, 1, "Feil i punkt 6"))).toBe(true);
    expect((await reopenResponse(db, organisationId, responseId, 1, "igjen"))).toBe(false);
    expect((await isLocked(db, responseId))).toBe(false);
    expect((await saveAnswer(db, { organisationId, responseId, key: FEEDBACK, value: "x", baseVersion: before.get(FEEDBACK)!.version, userId: EDITOR })).status).toBe("saved");
    // A submit built before that save sees the answers changed and stores nothing.
    expect((await submitResponse(db, input))).toEqual({ status: "changed" });
    expect((await submitResponse(db, { ...input, mark: (await answersMark(db, organisationId, responseId)) })).status).toBe("submitted");
    const log = await listSubmissions(db, organisationId, responseId);
    expect(log.map((s) => s.reopenReason)).toEqual([null, "Feil i punkt 6"]);
    // Another organisation's id sees nothing.
    expect((await listSubmissions(db, organisationId + 1, responseId))).toEqual([]);
  });
});

describe("internal deadline rules", () => {
  const now = new Date("2021-02-20T23:30:00Z"); // 21 February in Norway
  it("must be a real date, not in the past (Norwegian today), not after the official deadline", () => {
    expect(internalDeadlineProblem("2021-02-26", "2021-03-01", now)).toBeNull();
    expect(internalDeadlineProblem("2021-02-21", "2021-03-01", now)).toBeNull();
    expect(internalDeadlineProblem("2021-02-20", "2021-03-01", now)).toBe("past");
    expect(internalDeadlineProblem("2021-03-02", "2021-03-01", now)).toBe("after");
    expect(internalDeadlineProblem("2021-02-30", "2021-03-01", now)).toBe("date");
    expect(internalDeadlineProblem("26.02.2021", "2021-03-01", now)).toBe("date");
  });
  it("counts days left for both in Norwegian time and marks a passed internal deadline", () => {
    expect(deadlinesOf("2021-03-01", "2021-02-26", now)).toEqual({ official: "2021-03-01", officialDays: 8, internal: "2021-02-26", internalDays: 5, pastInternal: false });
    expect(deadlinesOf("2021-03-01", "2021-02-19", now).pastInternal).toBe(true);
  });
});

describe("the chapter page's copy of the statuses", () => {
  it("is the model's list", async () => {
    const { STATUSES } = await import("~/components/cockpit/work");
    expect([...STATUSES]).toEqual([...QUESTION_STATUSES]);
  });
});
