/**
 * The cover letter page's server side: stored cover.* answers (with versions) or the defaults
 * (addressed to the issuer, the case number, today's date, the template's or language's text),
 * and saving through the section-form machinery (versions, conflicts, revisions, history).
 */
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { getDb } from "../../db/client";
import { getAnswers, type ResponseWithTemplate } from "../../db/queries/responses";
import { COVER_FIELDS, COVER_LIMITS, coverItems, coverKey, type CoverField } from "../../consultation/cover";
import { coverDefaults, coverLabel } from "../../export/cover";
import { documentLabels } from "../../export/labels";
import { todayInNorway } from "../../export/load";
import { saveSectionForm } from "./drafting.server";
import type { Lang } from "./i18n";
import { cachedSectionSchema } from "./section-form/section-schema";

export interface CoverFieldView {
  field: CoverField;
  name: string;
  label: string;
  value: string;
  version: number;
  max: number;
  multiline: boolean;
}

export async function coverPage(response: ResponseWithTemplate) {
  const template = response.consultation.template;
  const stored = await getAnswers(getDb(), response.organisationId, response.id, COVER_FIELDS.map(coverKey));
  const defaults = { ...coverDefaults(template, response.organisationName), date: todayInNorway() };
  const labels = documentLabels(template);
  const fields: CoverFieldView[] = COVER_FIELDS.map((field) => {
    const answer = stored.get(coverKey(field));
    return {
      field,
      name: coverKey(field).replace(".", "__"),
      label: coverLabel(labels, field),
      value: typeof answer?.value === "string" ? answer.value : defaults[field],
      version: answer?.version ?? 0,
      max: COVER_LIMITS[field],
      multiline: field === "text",
    };
  });
  return { fields, exists: stored.size > 0, defaultText: defaults.text, language: labels.languageTag };
}

export type CoverSave =
  | { status: "invalid"; reply: SubmissionResult<string[]> }
  | { status: "conflict"; fields: string[] }
  | { status: "saved"; versions: Record<string, number>; changed: number; autosave: boolean };

/** Validates (limits) and saves the posted fields against their versions. */
export async function saveCover(response: ResponseWithTemplate, userId: number, formData: FormData, lang: Lang): Promise<CoverSave> {
  const submission = parseWithZod(formData, { schema: cachedSectionSchema(coverItems(), lang) });
  if (submission.status !== "success") return { status: "invalid", reply: submission.reply() };
  const { v: baseVersions = {}, autosave, intent: _intent, ...values } = submission.value as Record<string, unknown> & {
    v?: Record<string, number>;
    autosave?: string;
  };
  const result = await saveSectionForm({ organisationId: response.organisationId, responseId: response.id, items: coverItems(), values, baseVersions, userId });
  if (result.status === "conflict") return { status: "conflict", fields: result.conflicts.map((c) => c.key) };
  if (result.status === "notAsked") return { status: "conflict", fields: [] }; // cover fields have no conditions
  return { status: "saved", versions: result.versions, changed: result.changed.length, autosave: Boolean(autosave) };
}
