/**
 * The optional cover letter (følgebrev) of a response. Its fields are stored as answers under
 * reserved keys (`cover.<field>`), so autosave, versions, history and revisions work as for any
 * answer; they are not form items and take no number (form.ts numbers only the form).
 */
import type { AnswerValue } from "./answers";
import type { FormItem } from "./form";

export const COVER_FIELDS = ["recipient", "reference", "date", "organisation", "contact", "text"] as const;
export type CoverField = (typeof COVER_FIELDS)[number];

/** Characters per field: a letter is a page; a field over its limit is refused with a message. */
export const COVER_LIMITS: Record<CoverField, number> = {
  recipient: 300,
  reference: 100,
  date: 40,
  organisation: 300,
  contact: 300,
  text: 5_000,
};

export const COVER_PREFIX = "cover.";
export const coverKey = (field: CoverField) => `${COVER_PREFIX}${field}`;
export const isCoverKey = (key: string) => key.startsWith(COVER_PREFIX);

const items = COVER_FIELDS.map(
  (field): FormItem => ({
    key: coverKey(field),
    // Not a form number: 0 marks "outside the form" (pages name cover fields by their label).
    number: 0,
    text: field,
    answerType: "text",
    section: "general",
    maxLength: COVER_LIMITS[field],
    ...(field === "text" ? {} : { short: true }),
  }),
);

/** The cover letter's fields as (unnumbered) items, for the section-form machinery and the import's checks. */
export function coverItems(): FormItem[] {
  return items;
}

export type CoverValues = Partial<Record<CoverField, string>>;

/** The stored cover letter, or undefined when no field has content (then no document has one). */
export function storedCover(valueOf: (key: string) => AnswerValue | undefined): CoverValues | undefined {
  const values: CoverValues = {};
  let any = false;
  for (const field of COVER_FIELDS) {
    const v = valueOf(coverKey(field));
    if (typeof v === "string" && v.trim() !== "") {
      values[field] = v;
      any = true;
    }
  }
  return any ? values : undefined;
}

/** `{title}` and `{caseNumber}` in a template's default text. */
export function fillCoverText(text: string, fill: { title: string; caseNumber: string }): string {
  return text.replace(/\{(title|caseNumber)\}/g, (_, name: "title" | "caseNumber") => fill[name]);
}
