/**
 * Form field names and stored shapes, without zod: imported by browser code (the section page)
 * as well as by the server's schema (section-schema.ts re-exports these).
 *
 * Field names: an answer key with "." replaced by "__" (Conform reads "." as nesting);
 * `v.<field>` carries the answer version the edit started from; a ranking posts
 * `<field>.<measureId>` = rank.
 */
import type { Translate } from "../i18n";
import type { AnswerValue } from "../../../consultation/answers";
import type { FormItem } from "../../../consultation/form";
import type { AnswerProblem } from "../../../consultation/validate";

export const fieldName = (key: string) => key.replaceAll(".", "__");
export const keyOfField = (field: string) => field.replaceAll("__", ".");

export function problemMessage(t: Translate, problem: AnswerProblem): string {
  return t(`validation.${problem.code}`, problem.params);
}

/** The stored shape of a validated field: "" for an empty choice or text, [] for no ranks. */
export function toAnswerValue(item: FormItem, value: unknown): AnswerValue {
  if (item.answerType === "ranking") return Array.isArray(value) ? (value as string[]) : [];
  return typeof value === "string" ? value : "";
}
