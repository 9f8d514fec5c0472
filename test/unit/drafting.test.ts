import { describe, expect, it } from "vitest";
import { getAnswers, listRevisions, recentChanges, saveAnswer } from "../../db/queries/responses";
import { saveSection } from "~/lib/drafting.server";
import { lis1Section, seededDb } from "../support/fixtures";

const kap3 = lis1Section("kap3");
const FEEDBACK = "kap3-tiltak-1.feedback";
const SUPPORT = "kap3-tiltak-1.support";
const EDITOR = 2; // styret@demo.no
const SECRETARIAT = 3;

describe("saving a section", () => {
  it("writes only changed fields, each with a revision in the same transaction", async () => {
    const { db, organisationId, responseId } = await seededDb();
    const before = await getAnswers(db, organisationId, responseId);
    const result = await saveSection(db, {
      organisationId,
      responseId,
      items: kap3.items,
      values: { "kap3-tiltak-1__feedback": "Ny tekst", "kap3-tiltak-1__support": before.get(SUPPORT)!.value },
      baseVersions: { "kap3-tiltak-1__feedback": 1, "kap3-tiltak-1__support": 1 },
      userId: EDITOR,
    });
    // The unchanged field reports the version its value corresponds to.
    expect(result).toEqual({ status: "saved", versions: { "kap3-tiltak-1__feedback": 2, "kap3-tiltak-1__support": 1 }, changed: [FEEDBACK] });
    const revisions = await listRevisions(db, organisationId, responseId, FEEDBACK);
    expect(revisions.map((r) => [r.version, r.createdByName, r.value])).toEqual([
      [1, "Maja Sekretariat", before.get(FEEDBACK)!.value],
      [2, "Emil Styremedlem", "Ny tekst"],
    ]);
    expect((await listRevisions(db, organisationId, responseId, SUPPORT))).toHaveLength(1);
  });

  it("refuses a stale edit of a field someone else changed, writing nothing", async () => {
    const { db, organisationId, responseId } = await seededDb();
    await saveAnswer(db, { organisationId, responseId, key: FEEDBACK, value: "Sekretariatets tekst", baseVersion: 1, userId: SECRETARIAT });
    const result = await saveSection(db, {
      organisationId,
      responseId,
      items: kap3.items,
      values: { "kap3-tiltak-1__feedback": "Styrets tekst", "kap3-tiltak-2__support": "no" },
      baseVersions: { "kap3-tiltak-1__feedback": 1, "kap3-tiltak-2__support": 1 },
      userId: EDITOR,
    });
    expect(result.status).toBe("conflict");
    if (result.status !== "conflict") return;
    expect(result.conflicts).toEqual([
      expect.objectContaining({ key: FEEDBACK, mine: "Styrets tekst", theirs: "Sekretariatets tekst", theirVersion: 2, theirAuthor: "Maja Sekretariat" }),
    ]);
    // The whole submission was refused: the other field kept its value too.
    const after = await getAnswers(db, organisationId, responseId);
    expect(after.get(FEEDBACK)!.value).toBe("Sekretariatets tekst");
    expect(after.get("kap3-tiltak-2.support")!.value).toBe("yes");
  });

  it("does not call it a conflict when the user left that field alone", async () => {
    const { db, organisationId, responseId } = await seededDb();
    const original = (await getAnswers(db, organisationId, responseId)).get(FEEDBACK)!.value;
    await saveAnswer(db, { organisationId, responseId, key: FEEDBACK, value: "Sekretariatets tekst", baseVersion: 1, userId: SECRETARIAT });
    // The no-JS form posts every field; this user changed only the support answer.
    const result = await saveSection(db, {
      organisationId,
      responseId,
      items: kap3.items,
      values: { "kap3-tiltak-1__feedback": original, "kap3-tiltak-1__support": "no" },
      baseVersions: { "kap3-tiltak-1__feedback": 1, "kap3-tiltak-1__support": 1 },
      userId: EDITOR,
    });
    expect(result).toMatchObject({ status: "saved", changed: [SUPPORT] });
    expect((await getAnswers(db, organisationId, responseId)).get(FEEDBACK)!.value).toBe("Sekretariatets tekst");
  });

  it("saves a merge made against the newer version", async () => {
    const { db, organisationId, responseId } = await seededDb();
    await saveAnswer(db, { organisationId, responseId, key: FEEDBACK, value: "A", baseVersion: 1, userId: SECRETARIAT });
    const merged = await saveSection(db, {
      organisationId,
      responseId,
      items: kap3.items,
      values: { "kap3-tiltak-1__feedback": "A og B" },
      baseVersions: { "kap3-tiltak-1__feedback": 2 },
      userId: EDITOR,
    });
    expect(merged).toMatchObject({ status: "saved", versions: { "kap3-tiltak-1__feedback": 3 } });
  });

  it("keeps organisations apart", async () => {
    const { db, responseId } = await seededDb();
    await expect(saveAnswer(db, { organisationId: 999, responseId, key: FEEDBACK, value: "x", baseVersion: 1, userId: EDITOR }),).rejects.toThrow(/not found for organisation 999/);
    expect((await getAnswers(db, 999, responseId)).size).toBe(0);
    expect((await listRevisions(db, 999, responseId, FEEDBACK))).toEqual([]);
  });

  it("lists the newest saves across the response, for its organisation only", async () => {
    const { db, organisationId, responseId } = await seededDb();
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    await saveAnswer(db, { organisationId, responseId, key: FEEDBACK, value: "Først", baseVersion: 1, userId: EDITOR, now: later(1) });
    await saveAnswer(db, { organisationId, responseId, key: SUPPORT, value: "no", baseVersion: 1, userId: SECRETARIAT, now: later(2) });
    expect((await recentChanges(db, organisationId, responseId, 3)).map((c) => [c.key, c.version, c.createdByName])).toEqual([
      [SUPPORT, 2, "Maja Sekretariat"],
      [FEEDBACK, 2, "Emil Styremedlem"],
      [expect.any(String), 1, "Maja Sekretariat"],
    ]);
    expect((await recentChanges(db, organisationId + 1, responseId))).toEqual([]);
  });
});
