import type { AnswerValue } from "../../consultation/answers";

/** A refused save: the user's value and the newer one someone else stored meanwhile. */
export interface FieldConflict {
  key: string;
  field: string;
  mine: AnswerValue;
  theirs: AnswerValue;
  theirVersion: number;
  theirAuthor: string | null;
  /** null when there is no stored answer (the posted base version named one that never existed). */
  theirAt: string | null;
  /** Set when the edit's base version never existed (crafted, or from another response). */
  unknownBase?: number;
}

/** One run of a word diff (the `diff` package's change, without its counts). */
export interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

/** A diff as shown: words, lines (for larger texts), or too large to compare (app/lib/diff.ts). */
export type ShownDiff = { kind: "words" | "lines"; parts: DiffPart[] } | { kind: "tooLarge"; chars: number };

/** A conflict as the page shows it: the bounded diff (theirs → mine) is computed on the server. */
export interface ShownConflict extends FieldConflict {
  diff: ShownDiff;
}
