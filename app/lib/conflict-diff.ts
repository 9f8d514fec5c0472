/**
 * The merge view's diff, computed where the conflict is found: the section action for a refused
 * save, the lazy live chunk (app/lib/live/newer-version.ts) for a newer version arriving while
 * the reader edits. Never in the chapter page's main bundle. Bounded in work.
 */
import { answerAsText } from "./answer-text";
import type { FieldConflict, ShownConflict, ShownDiff } from "./conflict";
import { boundedDiff } from "./diff";
import type { Translate } from "./i18n";
import type { FormItem } from "../../consultation/form";
import type { AnswerValue } from "../../consultation/answers";

export function shownDiff(before: string, after: string): ShownDiff {
  const diff = boundedDiff(before, after);
  if (diff.kind === "tooLarge") return diff;
  const parts = diff.parts.map(({ value, added, removed }) => ({
    value,
    ...(added ? { added: true } : {}),
    ...(removed ? { removed: true } : {}),
  }));
  return { kind: diff.kind, parts };
}

/** Their stored answer → mine, as the merge panel shows them (as text). */
export function answerDiff(item: FormItem, theirs: AnswerValue, mine: AnswerValue, t: Translate): ShownDiff {
  return shownDiff(answerAsText(item, theirs, t), answerAsText(item, mine, t));
}

/** Adds the diff between their stored answer and mine to each conflict. */
export function withDiff(conflicts: FieldConflict[], items: FormItem[], t: Translate): ShownConflict[] {
  return conflicts.map((conflict) => {
    const item = items.find((i) => i.key === conflict.key);
    return { ...conflict, diff: item ? answerDiff(item, conflict.theirs, conflict.mine, t) : shownDiff("", "") };
  });
}
