/** The discussion forms' schema: one zod schema, one branch per intent (server side; ids in form-ids.ts). */
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

