/** Read models for response pages: the form's sections joined with the stored answers. */
import { getDb, type Db } from "../../db/client";
import { userOrganisations } from "./auth/organisations.server";
import { getAnswers, listResponses, recentChanges, type StoredAnswer } from "../../db/queries/responses";
import { getConsultationVersion, listConsultations } from "../../db/queries/consultations";
import { isAnswered, isAsked, progressOf, type Progress } from "../../consultation/answers";
import { formItems, formSections, type FormSection } from "../../consultation/form";
import type { Template } from "../../consultation/schema";
import { sectionHeading } from "./section-title";

export interface SectionView extends FormSection {
  progress: Progress;
  /** Numbers of asked items without an answer: what the board still has to write. */
  openNumbers: number[];
}

export function sectionViews(template: Template, answers: Map<string, StoredAnswer>): SectionView[] {
  const valueOf = (key: string) => answers.get(key)?.value;
  return formSections(template).map((section) => ({
    ...section,
    progress: progressOf(section.items, valueOf),
    openNumbers: section.items.filter((item) => isAsked(item, valueOf) && !isAnswered(valueOf(item.key))).map((item) => item.number),
  }));
}

export interface ResponseListEntry {
  id: number;
  consultationId: string;
  title: string;
  issuer: string;
  deadline: string;
  progress: Progress;
}

/** An organisation's responses with progress, for dashboards. */
export async function responseList(db: Db, organisationId: number): Promise<ResponseListEntry[]> {
  const list: ResponseListEntry[] = [];
  for (const response of await listResponses(db, organisationId)) {
    const version = await getConsultationVersion(db, response.consultationVersionId);
    if (!version) continue;
    const answers = await getAnswers(db, organisationId, response.id);
    const { template } = version;
    list.push({
      id: response.id,
      consultationId: template.id,
      title: template.title,
      issuer: template.issuer,
      deadline: template.deadline,
      progress: progressOf(formItems(template), (key) => answers.get(key)?.value),
    });
  }
  return list;
}

/** Stored answers of a response, scoped to the organisation (only `keys` when given). */
export async function responseAnswers(organisationId: number, responseId: number, keys?: readonly string[]): Promise<Map<string, StoredAnswer>> {
  return await getAnswers(getDb(), organisationId, responseId, keys);
}

/**
 * One section of the form with its progress and its neighbours, reading only that section's
 * answers (conditional items depend on a trigger in the same section).
 */
export async function sectionPage(organisationId: number, responseId: number, template: Template, sectionId: string | undefined) {
  const sections = formSections(template);
  const index = sections.findIndex((s) => s.id === sectionId);
  if (index < 0) return undefined;
  const section = sections[index]!;
  const answers = await getAnswers(getDb(), organisationId, responseId, section.items.map((item) => item.key));
  const valueOf = (key: string) => answers.get(key)?.value;
  return { section, progress: progressOf(section.items, valueOf), answers, prev: sections[index - 1], next: sections[index + 1] };
}

/** Home page: the loaded consultations, and for a signed-in user their organisations' responses. */
export async function homePage(userId: number | null) {
  const db = getDb();
  const consultations = (await listConsultations(db)).map(({ id, template }) => ({
    versionId: id,
    title: template.title,
    issuer: template.issuer,
    caseNumber: template.caseNumber,
    deadline: template.deadline,
    itemCount: formItems(template).length,
  }));
  const orgs = userId === null ? null : await Promise.all((await userOrganisations(db, userId)).map(async (org) => ({ ...org, responses: await responseList(db, org.id) })));
  return { consultations, orgs };
}

export async function organisationResponses(organisationId: number): Promise<ResponseListEntry[]> {
  return await responseList(getDb(), organisationId);
}

/** The newest saves of a response, with the form number and section of each answer. */
export async function recentActivity(organisationId: number, responseId: number, template: Template) {
  const where = new Map(formSections(template).flatMap((section) => section.items.map((item) => [item.key, { item, section }] as const)));
  return (await recentChanges(getDb(), organisationId, responseId)).flatMap((change) => {
    const place = where.get(change.key);
    return place
      ? [
          {
            key: change.key,
            version: change.version,
            createdByName: change.createdByName,
            createdAt: change.createdAt.toISOString(),
            number: place.item.number,
            sectionId: place.section.id,
            section: sectionHeading(place.section),
          },
        ]
      : [];
  });
}
