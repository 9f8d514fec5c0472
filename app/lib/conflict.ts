import type { AnswerValue } from "./template/answers";

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
