/**
 * Diffs shown to users (history, merge view, import review), bounded in work: jsdiff's Myers
 * algorithm costs about tokens × edits, and a word diff of two unrelated 15,000-character texts
 * took 0.8 s of server rendering. Small texts get a word diff, larger ones (or ones with many
 * edits) a line diff, and past the line bounds the page says "too large to compare".
 */
import { diffLines, diffWords, type Change } from "diff";
import { DIFF_MAX_CHARS, DIFF_MAX_EDITS, LINE_DIFF_MAX_CHARS, LINE_DIFF_MAX_LINES } from "../../consultation/limits";

export type BoundedDiff =
  | { kind: "words" | "lines"; parts: Pick<Change, "value" | "added" | "removed">[] }
  | { kind: "tooLarge"; chars: number };

function lineCount(text: string, max: number): number {
  let lines = 1;
  for (let i = text.indexOf("\n"); i >= 0 && lines <= max; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}

export function boundedDiff(before: string, after: string): BoundedDiff {
  const chars = before.length + after.length;
  if (before === after) return { kind: "words", parts: [{ value: after, added: false, removed: false }] };
  // maxEditLength stops the search (undefined result) once more edits than that are needed.
  if (chars <= DIFF_MAX_CHARS) {
    const words = diffWords(before, after, { maxEditLength: DIFF_MAX_EDITS });
    if (words) return { kind: "words", parts: words };
  }
  if (chars <= LINE_DIFF_MAX_CHARS && lineCount(before, LINE_DIFF_MAX_LINES) + lineCount(after, LINE_DIFF_MAX_LINES) <= LINE_DIFF_MAX_LINES) {
    const lines = diffLines(before, after, { maxEditLength: DIFF_MAX_EDITS });
    if (lines) return { kind: "lines", parts: lines };
  }
  return { kind: "tooLarge", chars };
}
