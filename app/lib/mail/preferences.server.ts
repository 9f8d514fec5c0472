/**
 * Per-person mail settings (the /account page) and the language mails are written in.
 * Kinds: "mention" (right away), "activity" (replies, resolved threads, assignments: one digest
 * a day), "reminder" (deadlines). Everything is on until the person turns it off.
 */
import { and, eq } from "drizzle-orm";
import { getDb, type Db } from "../../../db/client";
import { mailPreferences, users } from "../../../db/schema";
import type { Lang } from "../i18n";

export const MAIL_KINDS = ["mention", "activity", "reminder"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
export const isMailKind = (v: unknown): v is MailKind => typeof v === "string" && (MAIL_KINDS as readonly string[]).includes(v);

export function rememberLanguage(userId: number, lang: Lang, db: Db = getDb()): void {
  db.update(users).set({ lang }).where(eq(users.id, userId)).run();
}

export function mailSettings(db: Db, userId: number): Record<MailKind, boolean> {
  const out: Record<MailKind, boolean> = { mention: true, activity: true, reminder: true };
  for (const row of db.select().from(mailPreferences).where(eq(mailPreferences.userId, userId)).all())
    if (isMailKind(row.kind)) out[row.kind] = row.enabled;
  return out;
}

export function setMailSetting(db: Db, userId: number, kind: MailKind, enabled: boolean): void {
  db.insert(mailPreferences)
    .values({ userId, kind, enabled })
    .onConflictDoUpdate({ target: [mailPreferences.userId, mailPreferences.kind], set: { enabled } })
    .run();
}

export function wantsMail(db: Db, userId: number, kind: MailKind): boolean {
  const row = db
    .select({ enabled: mailPreferences.enabled })
    .from(mailPreferences)
    .where(and(eq(mailPreferences.userId, userId), eq(mailPreferences.kind, kind)))
    .get();
  return row?.enabled ?? true;
}
