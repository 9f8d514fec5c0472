/** Read models for response pages: the form's sections joined with the stored answers. */
import type { Db } from "../../db/client";
import { getAnswers, listResponses, type StoredAnswer } from "../../db/queries/responses";
import { getConsultationVersion } from "../../db/queries/consultations";
import { isAnswered, isAsked, progressOf, type Progress } from "./template/answers";
import { formItems, formSections, type FormSection } from "./template/form";
import type { Template } from "./template/schema";

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
export function responseList(db: Db, organisationId: number): ResponseListEntry[] {
  return listResponses(db, organisationId).flatMap((response) => {
    const version = getConsultationVersion(db, response.consultationVersionId);
    if (!version) return [];
    const answers = getAnswers(db, organisationId, response.id);
    const { template } = version;
    return [
      {
        id: response.id,
        consultationId: template.id,
        title: template.title,
        issuer: template.issuer,
        deadline: template.deadline,
        progress: progressOf(formItems(template), (key) => answers.get(key)?.value),
      },
    ];
  });
}
