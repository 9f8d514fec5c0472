/**
 * Word diffs computed in the browser (history, import preview). The section page's merge panel
 * lives in conflict-panel.tsx and gets its diff from the server (no `diff` package in its bundle).
 */
import { diffWords } from "diff";
import { DiffView } from "./conflict-panel";

export { MergePanel, type Conflict } from "./conflict-panel";

export function WordDiff({ before, after }: { before: string; after: string }) {
  return <DiffView parts={diffWords(before, after)} />;
}
