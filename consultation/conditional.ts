/**
 * The conditional-feedback rule, one place for every write path (section form, autosave, merge,
 * restore, Markdown import): feedback asked only on one answer of a yes/no question may hold text
 * only while that question has that answer.
 *
 * The check looks at a set of answers as they would be after the write (the posted values merged
 * over the stored ones) and at every conditional item the write touches (its own value or its
 * trigger's). Clearing a feedback is always allowed. Choosing the other answer while the feedback
 * still holds text is refused (the message says to empty the feedback first): text is never
 * dropped silently. Pure module: the browser bundle may use it.
 */
import { isAnswered, isAsked, type AnswerValue } from "./answers";
import type { FormItem } from "./form";
import type { YesNo } from "./schema";

/** Problem code shared with validate.ts's codes (translated as `validation.notAsked`). */
export interface NotAskedProblem {
  code: "notAsked";
  /** Answer key and form number of the feedback that holds text. */
  key: string;
  number: number;
  /** `label`: the consultation's own word for `answer` (yesNoLabels), when it has one. */
  params: { trigger: number | string; answer: YesNo; label?: string };
}

/**
 * Feedback given where it is not asked, after `posted` is written over `stored`.
 * `items` must include the triggers of the conditional items (pass the whole form, or a section:
 * a conditional item's trigger is always in its own section).
 */
export function feedbackNotAsked(
  items: readonly FormItem[],
  posted: ReadonlyMap<string, AnswerValue>,
  stored: (key: string) => AnswerValue | undefined,
): NotAskedProblem[] {
  const valueOf = (key: string) => (posted.has(key) ? posted.get(key) : stored(key));
  const problems: NotAskedProblem[] = [];
  for (const item of items) {
    const when = item.askedWhen;
    if (!when || !(posted.has(item.key) || posted.has(when.key))) continue;
    if (!isAnswered(valueOf(item.key)) || isAsked(item, valueOf)) continue;
    const trigger = items.find((i) => i.key === when.key);
    const label = trigger?.yesNoLabels?.[when.answer];
    problems.push({ code: "notAsked", key: item.key, number: item.number, params: { trigger: trigger?.number ?? "?", answer: when.answer, ...(label ? { label } : {}) } });
  }
  return problems;
}

/** Keys whose stored values the rule needs for a write of `keys`: each touched pair, both sides. */
export function conditionalKeys(items: readonly FormItem[], keys: Iterable<string>): string[] {
  const touched = new Set(keys);
  const needed = new Set<string>();
  for (const item of items) {
    if (!item.askedWhen) continue;
    if (touched.has(item.key) || touched.has(item.askedWhen.key)) needed.add(item.key).add(item.askedWhen.key);
  }
  return [...needed];
}
