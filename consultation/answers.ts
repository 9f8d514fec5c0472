/** Answer values and what counts as answered; shared by UI, export and progress. */
import type { FormItem } from "./form";

/** "yes"/"no", a choice id, text, or measure ids with rank 1 first. */
export type AnswerValue = string | string[];

export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
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
