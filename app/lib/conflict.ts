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
