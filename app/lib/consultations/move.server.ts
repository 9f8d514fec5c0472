import type { AnswerValue } from "../../../consultation/answers";
/** Moving a response to a newer version of its consultation: the offer, the dry run, the move. */
import { getDb } from "../../../db/client";
import { refuseLocked } from "../drafting.server";
import { getConsultationVersion, getVisibleConsultation, newerVersionFor } from "../../../db/queries/consultations";
import { moveResponse, planResponseMove } from "../../../db/queries/move-response";
import type { ResponseWithTemplate } from "../../../db/queries/responses";

/** The newer published version's id, when there is one the organisation sees. */
export async function newerVersionId(organisationId: number, response: ResponseWithTemplate): Promise<number | undefined> {
  return (await newerVersionFor(getDb(), organisationId, response.consultation.consultationId, response.consultationVersionId))?.current.id;
}

const show = (value: AnswerValue) => (Array.isArray(value) ? value.join(", ") : String(value));

/** The dry run as the page shows it; undefined when there is nothing newer. */
export async function moveDryRun(organisationId: number, response: ResponseWithTemplate) {
  const targetVersionId = await newerVersionId(organisationId, response);
  if (targetVersionId === undefined) return undefined;
  const plan = await planResponseMove(getDb(), organisationId, response.id, targetVersionId);
  if (!plan) return undefined;
  const entry = (e: (typeof plan.mapped)[number]) => ({ key: e.key, text: e.fromText ?? null, from: e.fromNumber ?? null, to: e.toNumber ?? null, value: show(e.value), reason: e.reason ?? null });
  return { targetVersionId, fingerprint: plan.fingerprint, mapped: plan.mapped.map(entry), unmapped: plan.unmapped.map(entry) };
}

export function applyMove(organisationId: number, responseId: number, targetVersionId: number, fingerprint: string) {
  return refuseLocked(async () => await moveResponse(getDb(), organisationId, responseId, targetVersionId, fingerprint));
}

/** Whether a consultation version belongs to a consultation the organisation may see (else callers answer 404). */
export async function versionVisibleTo(organisationId: number, versionId: number): Promise<boolean> {
  const db = getDb();
  const version = await getConsultationVersion(db, versionId);
  return version !== undefined && (await getVisibleConsultation(db, organisationId, version.consultationId)) !== undefined;
}
