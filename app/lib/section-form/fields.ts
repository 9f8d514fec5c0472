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
import type { NotAskedProblem } from "../../../consultation/conditional";

export const fieldName = (key: string) => key.replaceAll(".", "__");
export const keyOfField = (field: string) => field.replaceAll("__", ".");

/** A problem's message; one that names its question (the conditional rule's) starts "Question N:". */
export function problemMessage(t: Translate, problem: AnswerProblem & { number?: number }): string {
  const message = t(`validation.${problem.code}`, localParams(problem.params, t));
  return problem.number === undefined ? message : t("import.problemAt", { number: problem.number, message });
}

/**
 * Message parameters in the reader's language: a yes/no answer code becomes its label, the
 * consultation's own (`label`, from yesNoLabels) when the problem carries one; `{yes}` and `{no}`
 * default to the reader's language unless the problem names the consultation's words.
 */
export function localParams(params: Record<string, string | number> | undefined, t: Translate): Record<string, string | number> {
  const words = { yes: t("answer.yes"), no: t("answer.no") };
  if (!params) return words;
  if (params.answer !== "yes" && params.answer !== "no") return { ...words, ...params };
  const answer = typeof params.label === "string" && params.label ? params.label : words[params.answer];
  return { ...words, ...params, answer };
}

/** The stored shape of a validated field: "" for an empty choice, text or number, [] for no ranks or choices. */
export function toAnswerValue(item: FormItem, value: unknown): AnswerValue {
  if (item.answerType === "ranking" || item.answerType === "multiple_choice") return Array.isArray(value) ? (value as string[]) : [];
  if (item.answerType === "number" && typeof value === "number") return value;
  return typeof value === "string" ? value : "";
}

/**
 * Field errors for feedback given where it is not asked, worded as the import words them
 * ("Question 66: … answered No …"): on the feedback field when it was posted, else on its trigger
 * (an autosave posts one question at a time).
 */
export function notAskedErrors(
  problems: NotAskedProblem[],
  items: FormItem[],
  posted: Record<string, unknown>,
  t: Translate,
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const problem of problems) {
    const item = items.find((i) => i.key === problem.key);
    const trigger = item?.askedWhen?.key;
    const field = fieldName(posted[fieldName(problem.key)] === undefined && trigger ? trigger : problem.key);
    (errors[field] ??= []).push(problemMessage(t, problem));
  }
  return errors;
}
