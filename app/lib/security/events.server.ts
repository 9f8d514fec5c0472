/**
 * Security event log: who did what security-relevant thing, when, from where. Append-only rows in
 * `security_events`; organisation admins read their organisation's events at /o/<org>/security,
 * users their own sign-ins at /account. Never pass passwords or tokens in `detail`.
 */
import { and, desc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import { getDb, type Db } from "../../../db/client";
import { memberships, securityEvents, users } from "../../../db/schema";

export const SECURITY_EVENT_TYPES = [
  "login.success",
  "login.failure",
  "login.lockout",
  "login.unconfirmed",
  "signup.attempt",
  "signup.confirmed",
  "password.changed",
  "password.changeFailed",
  "password.resetRequested",
  "password.reset",
  "signup.resend",
  "mail.retried",
  "backup.taken",
  "backup.downloaded",
  "sessions.revokedAll",
  "organisation.created",
  "member.roleChanged",
  "member.removed",
  "invite.created",
  "invite.revoked",
  "invite.accepted",
  "export",
  "rateLimit.refused",
  "consultation.added",
  "consultation.edited",
  "consultation.statusChanged",
  "consultation.sharedChanged",
  "response.moved",
  // --- cockpit (issue 9) ---
  "response.submitted",
  "response.reopened",
] as const;
export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

export interface SecurityEventInput {
  type: SecurityEventType;
  userId?: number | null;
  organisationId?: number | null;
  ip?: string | null;
  detail?: Record<string, string | number | boolean | null>;
  now?: Date;
}

export async function recordSecurityEvent(db: Db, event: SecurityEventInput): Promise<void> {
  await db.insert(securityEvents)
    .values({
      type: event.type,
      userId: event.userId ?? null,
      organisationId: event.organisationId ?? null,
      ip: event.ip ?? null,
      detail: event.detail ?? null,
      at: event.now ?? new Date(),
    });
}

/** On the shared connection; for routes (e.g. the export routes). */
export async function logSecurityEvent(event: SecurityEventInput): Promise<void> {
  await recordSecurityEvent(getDb(), event);
}

export interface SecurityEventRow {
  id: number;
  type: string;
  at: Date;
  ip: string | null;
  userName: string | null;
  userEmail: string | null;
  detail: Record<string, string | number | boolean | null> | null;
}

export const EVENTS_PAGE_SIZE = 50;

/** Account events (no organisation) an organisation's admins also see for its current members. */
const MEMBER_ACCOUNT_EVENTS: SecurityEventType[] = ["login.success", "login.failure", "login.lockout", "password.changed", "sessions.revokedAll"];

/** One page of an organisation's events, newest first; `before` is the last id of the previous page. */
export async function organisationEvents(
  db: Db,
  organisationId: number,
  options: { before?: number; limit?: number } = {},
): Promise<{ events: SecurityEventRow[]; nextBefore: number | null }> {
  const limit = options.limit ?? EVENTS_PAGE_SIZE;
  const rows = await db
    .select({
      id: securityEvents.id,
      type: securityEvents.type,
      at: securityEvents.at,
      ip: securityEvents.ip,
      userName: users.name,
      userEmail: users.email,
      detail: securityEvents.detail,
    })
    .from(securityEvents)
    .leftJoin(users, eq(users.id, securityEvents.userId))
    .where(
      and(
        or(
          eq(securityEvents.organisationId, organisationId),
          // Sign-ins, failures and lockouts of the organisation's members: who got into its answers.
          and(
            isNull(securityEvents.organisationId),
            inArray(securityEvents.type, MEMBER_ACCOUNT_EVENTS),
            inArray(
              securityEvents.userId,
              db.select({ id: memberships.userId }).from(memberships).where(eq(memberships.organisationId, organisationId)),
            ),
          ),
        ),
        options.before ? lt(securityEvents.id, options.before) : undefined,
      ),
    )
    .orderBy(desc(securityEvents.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const events = rows.slice(0, limit);
  return { events, nextBefore: more ? events[events.length - 1]!.id : null };
}

/** The user's own recent sign-ins and failed attempts on their account. */
export async function recentSignIns(db: Db, userId: number, limit = 10): Promise<{ type: string; at: Date; ip: string | null }[]> {
  return await db
    .select({ type: securityEvents.type, at: securityEvents.at, ip: securityEvents.ip })
    .from(securityEvents)
    .where(and(eq(securityEvents.userId, userId), inArray(securityEvents.type, ["login.success", "login.failure", "login.lockout"])))
    .orderBy(desc(securityEvents.id))
    .limit(limit);
}
