/** The kinds of notification mail and the modes a person can choose for each (shared with the /account form). */
import { z } from "zod";

export const MAIL_KINDS = ["mention", "reply", "resolved", "assigned", "reminder"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
export const MAIL_MODES = ["immediate", "daily", "off"] as const;
export type MailMode = (typeof MAIL_MODES)[number];
export const isMailKind = (v: unknown): v is MailKind => typeof v === "string" && (MAIL_KINDS as readonly string[]).includes(v);
export const isMailMode = (v: unknown): v is MailMode => typeof v === "string" && (MAIL_MODES as readonly string[]).includes(v);

export const DEFAULT_MODES: Record<MailKind, MailMode> = { mention: "immediate", reply: "daily", resolved: "daily", assigned: "daily", reminder: "daily" };
/** The modes a kind offers (a reminder is one mail on its day: on or off). */
export const MODES_OF: Record<MailKind, readonly MailMode[]> = {
  mention: MAIL_MODES,
  reply: MAIL_MODES,
  resolved: MAIL_MODES,
  assigned: MAIL_MODES,
  reminder: ["daily", "off"],
};


/** The /account form: one mode per kind. */
export const MailSettingsSchema = z.object({
  intent: z.literal("mailSettings"),
  mention: z.enum(MAIL_MODES),
  reply: z.enum(MAIL_MODES),
  resolved: z.enum(MAIL_MODES),
  assigned: z.enum(MAIL_MODES),
  reminder: z.enum(["daily", "off"]),
});
