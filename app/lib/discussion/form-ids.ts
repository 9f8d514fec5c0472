/** Discussion form ids and replies (no zod: this is in the chapter page's browser code). */
/**
 * Each discussion form's element id. The forms themselves are rendered outside the chapter page's
 * big section <form> (forms cannot nest); the fields next to the question point at them with
 * `form="<id>"`. The same ids tell a refused post's reply which form it belongs to.
 */
export const formIds = {
  comment: (questionKey: string) => `cf-new-${questionKey}`,
  reply: (threadId: number) => `cf-reply-${threadId}`,
  edit: (commentId: number) => `cf-edit-${commentId}`,
  delete: (commentId: number) => `cf-del-${commentId}`,
  status: (threadId: number) => `cf-status-${threadId}`,
};

/** The fetcher a question's discussion posts go through (its forms and its threads share it). */
export const fetcherKey = (questionKey: string) => `discussion-${questionKey}`;

/** What a discussion post answers when it is refused (or, with JavaScript, accepted). */
export interface DiscussionReply {
  ok: boolean;
  formId: string;
  error?: string;
  /** The user's text, given back intact. */
  body?: string;
  note?: string;
}
