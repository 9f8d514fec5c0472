/**
 * Moving a response to a newer version of its consultation, in one transaction. Answers map by
 * stable key (consultation/move.ts); an answer that cannot be mapped keeps its row and its whole
 * revision history under a key no form uses (`unmappedKey`), so nothing is dropped.
 */
import { assertUnlocked } from "./cockpit";
import { and, eq } from "drizzle-orm";
import { planMove, unmappedKey, type MovePlan } from "../../consultation/move";
import { transaction, type Db } from "../client";
import { answers, responses } from "../schema";
import { getConsultationVersion } from "./consultations";
import { getAnswers, getResponse } from "./responses";

/** Stored answers that belong to the response's current form version (previously unmapped ones are left out). */
async function movableAnswers(db: Db, organisationId: number, responseId: number) {
  const all = await getAnswers(db, organisationId, responseId);
  return new Map([...all].filter(([key]) => !key.startsWith("unmapped~")).map(([key, a]) => [key, { value: a.value, version: a.version }]));
}

/** The dry run: what maps and what cannot; undefined when the response or the target version is unknown. */
export async function planResponseMove(db: Db, organisationId: number, responseId: number, targetVersionId: number): Promise<MovePlan | undefined> {
  const response = await getResponse(db, organisationId, responseId);
  const target = await getConsultationVersion(db, targetVersionId);
  if (!response || !target || target.consultationId !== response.consultation.consultationId) return undefined;
  return planMove(response.consultation.template, target.template, (await movableAnswers(db, organisationId, responseId)));
}

export type MoveResult =
  | { status: "moved"; plan: MovePlan }
  | { status: "stale" }
  | { status: "exists"; responseId: number }
  | { status: "notFound" };

/**
 * Moves the response if its answers are still those the dry run listed (`fingerprint`); otherwise
 * `stale` and nothing changes.
 */
export async function moveResponse(db: Db, organisationId: number, responseId: number, targetVersionId: number, fingerprint: string): Promise<MoveResult> {
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    const plan = await planResponseMove(t, organisationId, responseId, targetVersionId);
    if (!plan) return { status: "notFound" } as const;
    await assertUnlocked(t, responseId);
    if (plan.fingerprint !== fingerprint) return { status: "stale" } as const;
    const other = (await t
      .select({ id: responses.id })
      .from(responses)
      .where(and(eq(responses.organisationId, organisationId), eq(responses.consultationVersionId, targetVersionId))))[0];
    if (other) return { status: other.id === responseId ? "notFound" : "exists", responseId: other.id } as MoveResult;
    const fromVersionId = (await getResponse(t, organisationId, responseId))!.consultationVersionId;
    for (const entry of plan.unmapped)
      await t.update(answers)
        .set({ questionKey: unmappedKey(entry.key, fromVersionId) })
        .where(and(eq(answers.responseId, responseId), eq(answers.questionKey, entry.key)));
    await t.update(responses)
      .set({ consultationVersionId: targetVersionId })
      .where(and(eq(responses.id, responseId), eq(responses.organisationId, organisationId)));
    return { status: "moved", plan } as const;
  });
}
