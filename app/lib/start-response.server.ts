/** Starting an organisation's response to a published consultation (the dashboard's "start" list). */
import { getDb } from "../../db/client";
import { isStartable, listVisibleConsultations } from "../../db/queries/consultations";
import { listResponses, startResponse } from "../../db/queries/responses";

export interface StartableConsultation {
  versionId: number;
  title: string;
  issuer: string;
  deadline: string;
  /** The organisation's existing response to this version, if any. */
  responseId: number | null;
}

export function startableConsultations(organisationId: number): StartableConsultation[] {
  const db = getDb();
  const existing = new Map(listResponses(db, organisationId).map((r) => [r.consultationVersionId, r.id]));
  return listVisibleConsultations(db, organisationId)
    .filter((c) => c.status === "published")
    .map(({ current: { id, template } }) => ({
      versionId: id,
      title: template.title,
      issuer: template.issuer,
      deadline: template.deadline,
      responseId: existing.get(id) ?? null,
    }));
}

/** Starts (or finds) the response; undefined when the version is not the current version of a published consultation the organisation sees. */
export function startResponseTo(organisationId: number, versionId: number, userId: number): number | undefined {
  const db = getDb();
  if (!isStartable(db, organisationId, versionId)) return undefined;
  return startResponse(db, organisationId, versionId, userId);
}
