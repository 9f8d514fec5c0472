/** The discussion forms' schema (one zod schema, one branch per intent) and their element ids. */
import { z } from "zod";

const id = z.coerce.number().int().positive();
const text = z.string().default("");
const common = { returnTo: z.string().max(500).optional(), js: z.string().optional() };

export const DiscussionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("comment"), body: text, ...common }),
  z.object({ intent: z.literal("reply"), threadId: id, body: text, ...common }),
  z.object({ intent: z.literal("edit"), commentId: id, version: id, body: text, ...common }),
  z.object({ intent: z.literal("delete"), commentId: id, version: id, ...common }),
  z.object({ intent: z.literal("resolve"), threadId: id, version: id, note: text, ...common }),
  z.object({ intent: z.literal("reopen"), threadId: id, version: id, ...common }),
]);
export type DiscussionInput = z.infer<typeof DiscussionSchema>;
export type DiscussionIntent = DiscussionInput["intent"];

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

/** What a discussion post answers when it is refused (or, with JavaScript, accepted). */
export interface DiscussionReply {
  ok: boolean;
  formId: string;
  error?: string;
  /** The user's text, given back intact. */
  body?: string;
  note?: string;
}
