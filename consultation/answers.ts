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

// Reading a typed number (validate.ts re-exports it): here, with the answer values, because the
// chapter page needs it with the page and the answer rules only when someone types (decision 94).

/** Longest number text read (digits, spaces and one separator): a longer one is not a number anyone typed. */
export const MAX_NUMBER_CHARS = 40;

/**
 * A typed number to a JS number: "1 500", "1500", "12,5" (decimal comma), "12.5", "-3"; spaces
 * (also no-break and thin spaces) group thousands. Undefined when it is not such a number.
 */
export function parseNumber(raw: string): number | undefined {
  if (raw.length > MAX_NUMBER_CHARS) return undefined;
  const compact = raw.trim().replace(/[\s\u00a0\u202f\u2009]/g, "").replace(/^\u2212/, "-");
  if (!/^[-+]?\d+([.,]\d+)?$/.test(compact)) return undefined;
  const value = Number(compact.replace(",", "."));
  return Number.isFinite(value) ? value : undefined;
}

