import type { AnswerValue } from "./template/answers";

/** A refused save: the user's value and the newer one someone else stored meanwhile. */
export interface FieldConflict {
  key: string;
  field: string;
  mine: AnswerValue;
  theirs: AnswerValue;
  theirVersion: number;
  theirAuthor: string | null;
  theirAt: string;
}

/** One run of a word diff (the `diff` package's change, without its counts). */
export interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

/** A conflict as the page shows it: the word diff (theirs → mine) is computed on the server. */
export interface ShownConflict extends FieldConflict {
  diff: DiffPart[];
}
