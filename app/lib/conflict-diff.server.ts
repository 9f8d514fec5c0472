/**
 * The merge view's word diff, computed where the conflict is found (the section action), so the
 * browser bundle does not carry the `diff` package for a view it rarely shows.
 */
import { diffWords } from "diff";
import { answerAsText } from "./answer-text";
import type { DiffPart, FieldConflict, ShownConflict } from "./conflict";
import type { Translate } from "./i18n";
import type { FormItem } from "./template/form";

export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map(({ value, added, removed }) => ({
    value,
    ...(added ? { added: true } : {}),
    ...(removed ? { removed: true } : {}),
  }));
}

/** Adds the diff between their stored answer and mine, as the merge panel shows them. */
export function withDiff(conflicts: FieldConflict[], items: FormItem[], t: Translate): ShownConflict[] {
  return conflicts.map((conflict) => {
    const item = items.find((i) => i.key === conflict.key);
    const theirs = item ? answerAsText(item, conflict.theirs, t) : "";
    const mine = item ? answerAsText(item, conflict.mine, t) : "";
    return { ...conflict, diff: wordDiff(theirs, mine) };
  });
}
