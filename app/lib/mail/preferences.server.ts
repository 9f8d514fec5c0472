/**
 * Per-person mail settings (the /account page) and the language mails are written in.
 * Per kind: "immediate" (a mail as it happens), "daily" (in the day's digest; for reminders: on,
 * sent at the digest hour) or "off". Defaults: mentions immediate, everything else daily.
 */
import { and, eq } from "drizzle-orm";
import { getDb, type Db } from "../../../db/client";
import { mailPreferences, users } from "../../../db/schema";
import type { Lang } from "../i18n";

import { DEFAULT_MODES, MAIL_KINDS, MODES_OF, type MailKind, type MailMode } from "./kinds";

export { DEFAULT_MODES, isMailKind, isMailMode, MAIL_KINDS, MAIL_MODES, MODES_OF, type MailKind, type MailMode } from "./kinds";

export async function rememberLanguage(userId: number, lang: Lang, db: Db = getDb()): Promise<void> {
  await db.update(users).set({ lang }).where(eq(users.id, userId));
}

function modeOf(kind: MailKind, row: { enabled: boolean; mode: MailMode | null } | undefined): MailMode {
  if (!row) return DEFAULT_MODES[kind];
  if (row.mode && MODES_OF[kind].includes(row.mode)) return row.mode;
  return row.enabled ? DEFAULT_MODES[kind] : "off";
}

export async function mailSettings(db: Db, userId: number): Promise<Record<MailKind, MailMode>> {
  const rows = new Map((await db.select().from(mailPreferences).where(eq(mailPreferences.userId, userId))).map((r) => [r.kind, r] as const));
  return Object.fromEntries(MAIL_KINDS.map((k) => [k, modeOf(k, rows.get(k))])) as Record<MailKind, MailMode>;
}

export async function setMailMode(db: Db, userId: number, kind: MailKind, mode: MailMode): Promise<void> {
  const stored = MODES_OF[kind].includes(mode) ? mode : DEFAULT_MODES[kind];
  await db.insert(mailPreferences)
    .values({ userId, kind, enabled: stored !== "off", mode: stored })
    .onConflictDoUpdate({ target: [mailPreferences.userId, mailPreferences.kind], set: { enabled: stored !== "off", mode: stored } });
}

export async function mailMode(db: Db, userId: number, kind: MailKind): Promise<MailMode> {
  const row = (await db
    .select({ enabled: mailPreferences.enabled, mode: mailPreferences.mode })
    .from(mailPreferences)
    .where(and(eq(mailPreferences.userId, userId), eq(mailPreferences.kind, kind))))[0];
  return modeOf(kind, row);
}
