/** Starting an organisation's response to a published consultation (the dashboard's "start" list). */
import { getDb } from "../../db/client";
import { getConsultationVersion, isStartable, listVisibleConsultations } from "../../db/queries/consultations";
import { listResponses, startResponse } from "../../db/queries/responses";

export interface StartableConsultation {
  versionId: number;
  title: string;
  issuer: string;
  deadline: string;
  /** The organisation's existing response to this consultation (this or an earlier version), if any. */
  responseId: number | null;
}

/** The organisation's newest response per consultation (an edited consultation is a new version, not a new hearing). */
async function responsesByConsultation(organisationId: number): Promise<Map<string, number>> {
  const db = getDb();
  const byConsultation = new Map<string, number>();
  for (const r of (await listResponses(db, organisationId))) {
    const consultationId = (await getConsultationVersion(db, r.consultationVersionId))?.consultationId;
    if (consultationId) byConsultation.set(consultationId, r.id);
  }
  return byConsultation;
}

export async function startableConsultations(organisationId: number): Promise<StartableConsultation[]> {
  const existing = await responsesByConsultation(organisationId);
  return (await listVisibleConsultations(getDb(), organisationId))
    .filter((c) => c.status === "published")
    .map(({ id: consultationId, current: { id, template } }) => ({
      versionId: id,
      title: template.title,
      issuer: template.issuer,
      deadline: template.deadline,
      responseId: existing.get(consultationId) ?? null,
    }));
}

/**
 * Starts (or finds) the response; undefined when the version is not the current version of a
 * published consultation the organisation sees. One response per consultation: with a response to
 * an earlier version, that one is returned (its overview offers the move to the new version).
 */
export async function startResponseTo(organisationId: number, versionId: number, userId: number): Promise<number | undefined> {
  const db = getDb();
  if (!(await isStartable(db, organisationId, versionId))) return undefined;
  const consultationId = (await getConsultationVersion(db, versionId))?.consultationId;
  const earlier = consultationId ? (await responsesByConsultation(organisationId)).get(consultationId) : undefined;
  return earlier ?? (await startResponse(db, organisationId, versionId, userId));
}
