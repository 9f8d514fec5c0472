/**
 * The merge view's diff, computed where the conflict is found (the section action), so the
 * browser bundle does not carry the `diff` package for a view it rarely shows. Bounded in work.
 */
import { answerAsText } from "./answer-text";
import type { FieldConflict, ShownConflict, ShownDiff } from "./conflict";
import { boundedDiff } from "./diff";
import type { Translate } from "./i18n";
import type { FormItem } from "../../consultation/form";

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

/** Adds the diff between their stored answer and mine, as the merge panel shows them. */
export function withDiff(conflicts: FieldConflict[], items: FormItem[], t: Translate): ShownConflict[] {
  return conflicts.map((conflict) => {
    const item = items.find((i) => i.key === conflict.key);
    const theirs = item ? answerAsText(item, conflict.theirs, t) : "";
    const mine = item ? answerAsText(item, conflict.mine, t) : "";
    return { ...conflict, diff: shownDiff(theirs, mine) };
  });
}
