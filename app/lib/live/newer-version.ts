/**
 * The merge view for a newer version that arrived live while the reader was editing: the same
 * panel as a refused save, opened before the save instead of after. A lazy chunk (it carries the
 * diff), loaded only when that happens.
 */
import type { AnswerValue } from "../../../consultation/answers";
import type { FormItem } from "../../../consultation/form";
import type { ShownConflict } from "../conflict";
import { answerDiff } from "../conflict-diff";
import type { Translate } from "../i18n";

export { answerDiff };

export function newerVersionConflict(
  item: FormItem,
  field: string,
  mine: AnswerValue,
  newer: { value: AnswerValue; version: number; by: string | null; at: string },
  t: Translate,
): ShownConflict & { live: true } {
  return {
    key: item.key,
    field,
    mine,
    theirs: newer.value,
    theirVersion: newer.version,
    theirAuthor: newer.by,
    theirAt: newer.at,
    diff: answerDiff(item, newer.value, mine, t),
    live: true,
  };
}
