/**
 * The cover letter in the document model and its defaults: the template's `coverLetter.text` or
 * the language's default (labels.ts), with the consultation's title and case number filled in.
 */
import type { AnswerValue } from "../consultation/answers";
import { fillCoverText, storedCover, type CoverField, type CoverValues } from "../consultation/cover";
import type { Template } from "../consultation/schema";
import { documentLabels, type DocumentLabels } from "./labels";

export interface CoverLetter {
  heading: string;
  /** Recipient, reference, date, organisation, contact: always all five, in this order (the import reads them back by position). */
  fields: { field: Exclude<CoverField, "text">; label: string; value: string }[];
  paragraphs: string[];
}

export const COVER_LINE_FIELDS = ["recipient", "reference", "date", "organisation", "contact"] as const;

export function coverLabel(labels: DocumentLabels, field: CoverField): string {
  const map: Record<CoverField, string> = {
    recipient: labels.coverRecipient,
    reference: labels.coverReference,
    date: labels.coverDate,
    organisation: labels.coverOrganisation,
    contact: labels.coverContact,
    text: labels.coverHeading,
  };
  return map[field];
}

/** What a new cover letter starts with: addressed to the issuer, the case number as reference, the default text. */
export function coverDefaults(template: Template, organisationName: string): Record<CoverField, string> {
  const labels = documentLabels(template);
  return {
    recipient: template.issuer,
    reference: template.caseNumber,
    date: "",
    organisation: organisationName,
    contact: "",
    text: fillCoverText(template.coverLetter?.text ?? labels.coverDefaultText, { title: template.title, caseNumber: template.caseNumber }),
  };
}

/**
 * The model's cover letter when the response has one (any field with content). An empty date
 * prints the export date; the paragraphs split as answer texts do (`split`, model.ts textParagraphs).
 */
export function coverLetterPart(
  template: Template,
  valueOf: (key: string) => AnswerValue | undefined,
  date: string,
  split: (text: string) => string[],
): CoverLetter | undefined {
  const stored: CoverValues | undefined = storedCover(valueOf);
  if (!stored) return undefined;
  const labels = documentLabels(template);
  const oneLine = (s: string | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
  return {
    heading: labels.coverHeading,
    fields: COVER_LINE_FIELDS.map((field) => ({
      field,
      label: coverLabel(labels, field),
      value: field === "date" ? oneLine(stored.date) || date : oneLine(stored[field]),
    })),
    paragraphs: split(stored.text ?? ""),
  };
}
