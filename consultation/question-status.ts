/**
 * The work status of a numbered question: open → draft → review (ready for review) → agreed.
 * A person may move a question to any other status (back any number of steps, or forward: a board
 * may agree a question in one meeting). The system moves exactly one thing by itself: saving an
 * answer to an open question makes it a draft. Nothing but a person ever makes a question agreed.
 */
export const QUESTION_STATUSES = ["open", "draft", "review", "agreed"] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** Message key of each status's label (nb.ts / en.ts). */
export const STATUS_LABEL_KEYS = {
  open: "work.status.open",
  draft: "work.status.draft",
  review: "work.status.review",
  agreed: "work.status.agreed",
} as const satisfies Record<QuestionStatus, string>;

export function isQuestionStatus(value: unknown): value is QuestionStatus {
  return typeof value === "string" && (QUESTION_STATUSES as readonly string[]).includes(value);
}

export type Actor = "person" | "system";

/** Whether `actor` may move a question from `from` to `to` (the same status is no move). */
export function canMove(from: QuestionStatus, to: QuestionStatus, actor: Actor): boolean {
  if (from === to) return false;
  if (actor === "system") return from === "open" && to === "draft";
  return true;
}

/** The status after an answer is saved: open becomes draft, anything else stays. */
export function statusAfterSave(current: QuestionStatus): QuestionStatus {
  return canMove(current, "draft", "system") ? "draft" : current;
}
