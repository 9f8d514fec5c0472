/** The cockpit's form schemas (one per form), shared by routes and tests. */
import { z } from "zod";
import { QUESTION_STATUSES } from "../../../consultation/question-status";
import { SUBMISSION_CHANNELS } from "../../../consultation/submission-channel";

/** `item` entries are `<question key>@<work version seen>`. */
const item = z.string().max(200).regex(/^[A-Za-z0-9_.~-]+@\d{1,9}$/, "work.badForm");

export const WorkSchema = z.object({
  intent: z.enum(["set-work", "set-status", "assign"]),
  item: z.array(item).min(1, "remaining.noneSelected").max(2000),
  /** Empty: leave the status as it is. */
  status: z.union([z.enum(QUESTION_STATUSES, { error: "work.badStatus" }), z.literal("")]).optional(),
  /** A user id, "none" (unassign) or empty (leave as it is). */
  assignee: z.string().regex(/^(\d{1,9}|none|)$/, "work.badAssignee").optional(),
  returnTo: z.string().max(500).optional(),
  /**
   * What the form showed (`was.status`, `was.assignee`): only fields the person changed are
   * written, so a form shown before someone else's change cannot put the old value back.
   */
  was: z
    .object({
      status: z.string().max(20).optional(),
      assignee: z.string().max(12).optional(),
    })
    .optional(),
});

export function parseItems(items: string[]): { key: string; version: number }[] {
  return items.map((entry) => {
    const at = entry.lastIndexOf("@");
    return { key: entry.slice(0, at), version: Number(entry.slice(at + 1)) };
  });
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "submission.error.date");

export const SubmitSchema = z.object({
  intent: z.literal("submit"),
  submittedOn: date,
  channel: z.enum(SUBMISSION_CHANNELS, { error: "submission.error.channel" }),
  receipt: z.string().trim().max(200, "submission.error.receipt").optional(),
  /** The confirmation step's token: what the person was shown (absent: show the confirmation first). */
  reviewed: z.string().regex(/^[0-9a-f]{32}$/, "work.badForm").optional(),
});

export const ReopenSchema = z.object({
  intent: z.literal("reopen"),
  reason: z.string({ error: "submission.error.reason" }).trim().min(3, "submission.error.reason").max(1000),
});

export const DeadlineSchema = z.object({
  intent: z.literal("deadline"),
  /** Empty clears it. */
  internalDeadline: z.union([date, z.literal("")]).optional(),
  version: z.coerce.number().int().min(1),
});

export const AcknowledgeSchema = z.object({
  intent: z.enum(["acknowledge", "unacknowledge"]),
  fingerprint: z.string().regex(/^[0-9a-f]{32}$/),
});

/** "Mark all of this kind as seen": the fingerprints the page showed, space-separated. */
export const AcknowledgeKindSchema = z.object({
  intent: z.literal("acknowledge-kind"),
  kind: z.enum(["unanswered", "notAgreed", "ranking", "limit", "invalid", "comments", "personal"]),
  fingerprints: z.string().max(40_000).regex(/^[0-9a-f]{32}( [0-9a-f]{32})*$/, "work.badForm"),
});
