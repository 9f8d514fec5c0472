/** Route-facing parts of notification mail: assignments, settings, one-click unsubscribe. */
import { eq } from "drizzle-orm";
import { getDb, type Db, transaction } from "../../../../db/client";
import { users } from "../../../../db/schema";
import { MAIL_KINDS, mailSettings, setMailMode, type MailKind, type MailMode } from "../preferences.server";
import { recordMailEvents } from "./events.server";
import { verifyUnsubscribeToken } from "./unsubscribe.server";

export { recordMailEvents };

/** Inside setWork's transaction: each newly assigned person may be told (the actor is not). */
export async function tellAssigned(db: Db, ctx: { organisationId: number; responseId: number; actorId: number }, assigned: { key: string; assigneeId: number }[]): Promise<void> {
  await recordMailEvents(
    db,
    assigned.map((a) => ({ userId: a.assigneeId, kind: "assigned" as const, organisationId: ctx.organisationId, responseId: ctx.responseId, questionKey: a.key, actorId: ctx.actorId })),
  );
}

export const mailSettingsOf = async (userId: number) => await mailSettings(getDb(), userId);

export async function saveMailSettings(userId: number, modes: Partial<Record<MailKind, MailMode>>): Promise<void> {
  const db = getDb();
  await transaction(db, async (tx) => {
    for (const kind of MAIL_KINDS) {
      const mode = modes[kind];
      if (mode) await setMailMode(tx as unknown as Db, userId, kind, mode);
    }
  });
}

/**
 * The one-click unsubscribe: the kind named by a valid token is turned off for its user ("digest":
 * every kind now sent in the daily summary). Null for a forged or malformed token: nothing changed.
 */
export async function unsubscribe(token: string): Promise<{ kinds: MailKind[] } | null> {
  const found = verifyUnsubscribeToken(token);
  if (!found) return null;
  const db = getDb();
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    // A genuine token of an account deleted since: nothing left to turn off.
    if (!(await t.select({ id: users.id }).from(users).where(eq(users.id, found.userId)))[0]) return { kinds: [] };
    const current = await mailSettings(t, found.userId);
    const kinds: MailKind[] =
      found.kind === "digest" ? MAIL_KINDS.filter((k) => k !== "reminder" && current[k] === "daily") : [found.kind];
    for (const kind of kinds) await setMailMode(t, found.userId, kind, "off");
    return { kinds };
  });
}

/** Whether a token is genuine (the GET page shows its button only then). */
export const unsubscribeTarget = (token: string) => verifyUnsubscribeToken(token);
