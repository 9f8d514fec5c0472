/**
 * Size limits on user input, one place for every write path (section form, autosave, import,
 * restore) and for the diffs shown to users. Pure module: the browser bundle uses it too.
 */
import type { FormItem } from "./form";

/** Free-text answers without a template `maxLength`/`feedbackMaxLength` get this limit (characters). */
export const DEFAULT_TEXT_MAX = 20_000;

/** RFC 5321's longest forward path; checked before any address pattern runs. */
export const EMAIL_MAX = 254;

/** The most characters a text answer may have: the template's own limit, else the default. */
export function textLimit(item: Pick<FormItem, "answerType" | "maxLength">): number {
  if (item.answerType === "email") return item.maxLength ?? EMAIL_MAX;
  return item.maxLength ?? DEFAULT_TEXT_MAX;
}

/**
 * Length in characters (code points, as users count them). Past 2 × `cap` UTF-16 units the text
 * is too long whatever it holds, so the UTF-16 length is returned without walking it.
 */
export function boundedLength(value: string, cap: number): number {
  if (value.length > 2 * cap) return value.length;
  let count = 0;
  for (let i = 0; i < value.length; i++, count++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) i++;
  }
  return count;
}

/**
 * Word diffs (jsdiff's Myers algorithm) cost about (tokens × edits): above these bounds the page
 * shows a line diff, and above the line bounds "too large to compare", so one diff is never more
 * than a few million steps.
 */
export const DIFF_MAX_CHARS = 20_000;
export const DIFF_MAX_EDITS = 200;
export const LINE_DIFF_MAX_CHARS = 400_000;
export const LINE_DIFF_MAX_LINES = 5_000;
