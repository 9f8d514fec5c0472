/**
 * Diffs computed in the browser (history, import preview), bounded in work (app/lib/diff.ts). The
 * section page's merge panel lives in conflict-panel.tsx and gets its diff from the server (no
 * `diff` package in its bundle).
 */
import { boundedDiff } from "~/lib/diff";
import { DiffView } from "./conflict-panel";

export { MergePanel, type Conflict } from "./conflict-panel";

/** A word diff; for large texts a line diff or a note. */
export function WordDiff({ before, after }: { before: string; after: string }) {
  return <DiffView diff={boundedDiff(before, after)} />;
}
