/** Answer values and what counts as answered; shared by UI, export and progress. */
import type { FormItem } from "./form";

/**
 * "yes"/"no", a choice or scale id, text, measure ids with rank 1 first, the chosen option ids of
 * a multiple-choice question (in option order), or a number ("" when a number is unanswered).
 */
export type AnswerValue = string | string[] | number;

export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === "number") return true;
  return Array.isArray(value) ? value.length > 0 : value.trim() !== "";
}

/** Same answer? Empty text, no choice and no ranks all count as "no answer". */
export function sameValue(a: AnswerValue | undefined, b: AnswerValue | undefined): boolean {
  if (!isAnswered(a) && !isAnswered(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Is the item asked, given the other answers? Conditional feedback depends on its trigger. */
export function isAsked(item: FormItem, valueOf: (key: string) => AnswerValue | undefined): boolean {
  return !item.askedWhen || valueOf(item.askedWhen.key) === item.askedWhen.answer;
}

export interface Progress {
  answered: number;
  total: number;
}

/** Counts asked items and how many of them have an answer. */
export function progressOf(items: FormItem[], valueOf: (key: string) => AnswerValue | undefined): Progress {
  const asked = items.filter((item) => isAsked(item, valueOf));
  return { answered: asked.filter((item) => isAnswered(valueOf(item.key))).length, total: asked.length };
}

/** Locale of a document or UI language for numbers. */
const NUMBER_LOCALES: Record<string, string> = { nb: "nb-NO", nn: "nn-NO", en: "en-GB" };

/**
 * A number as the language writes it: nb/nn "1 500" (no-break space) and "12,5"; en "1,500" and
 * "12.5"; with the item's unit after a space ("1 500 kr", "12,5 %").
 */
export function formatNumber(value: number, language: string, unit?: string): string {
  const text = value.toLocaleString(NUMBER_LOCALES[language] ?? language, { maximumFractionDigits: 20 }).replace(/\u2212/g, "-");
  return unit ? `${text} ${unit}` : text;
}
