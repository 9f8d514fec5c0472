import { describe, expect, it } from "vitest";
import { getAnswers, saveAnswer } from "../../db/queries/responses";
import { sectionViews } from "~/lib/responses.server";
import { lis1Template, seededDb } from "../support/fixtures";

describe("progress and open items", () => {
  it("counts asked items only and lists the open ones", async () => {
    const { db, organisationId, responseId } = await seededDb();
    const views = async () => sectionViews(lis1Template(), (await getAnswers(db, organisationId, responseId)));
    const kap2 = async () => (await views()).find((s) => s.id === "kap2")!;
    expect((await views()).flatMap((s) => s.openNumbers)).toEqual([]);
    expect((await kap2()).progress).toEqual({ answered: 3, total: 3 });

    // Answering 65 with Nei asks its feedback (66), which is then open.
    await saveAnswer(db, { organisationId, responseId, key: "kap2-enig", value: "no", baseVersion: 1, userId: null });
    expect((await kap2()).progress).toEqual({ answered: 3, total: 4 });
    expect((await kap2()).openNumbers).toEqual([66]);

    // Clearing a text answer opens it again.
    await saveAnswer(db, { organisationId, responseId, key: "kap3-tiltak-2.feedback", value: "", baseVersion: 1, userId: null });
    expect((await views()).find((s) => s.id === "kap3")!.openNumbers).toEqual([8]);
  });
});
