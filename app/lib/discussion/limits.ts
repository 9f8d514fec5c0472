/** Comment limits, shared by the server checks and the forms (pure: no server imports). */
export const COMMENT_MAX = 4000;
export const RESOLUTION_NOTE_MAX = 280;

export type CommentTextProblem = { kind: "empty" } | { kind: "tooLong"; length: number; max: number };

/**
 * Checks a comment's text as it will be stored: trailing spaces and blank edges trimmed (line
 * breaks inside are kept). Length counts characters (code points), as the user sees them.
 */
export function checkCommentText(raw: string, max = COMMENT_MAX): { ok: true; text: string } | { ok: false; problem: CommentTextProblem } {
  const text = raw.replace(/\r\n?/g, "\n").trim();
  if (text === "") return { ok: false, problem: { kind: "empty" } };
  const length = [...text].length;
  if (length > max) return { ok: false, problem: { kind: "tooLong", length, max } };
  return { ok: true, text };
}
