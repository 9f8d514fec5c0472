/**
 * Live updates (issue 10): the response event log the triggers of migration 0010 write, and the
 * presence table. Drizzle queries (both engines), prepared once per handle: the live hub runs them many times a second.
 */
import { and, asc, eq, gt, lt, lte, max, min, sql } from "drizzle-orm";
import type { Db } from "../client";
import { inJson, prepared } from "../statements";
import { memberships, presence, responseEvents, responses, users } from "../schema";

const param = (name: string) => sql.placeholder(name);

/** A tab not heard from for this long is gone (heartbeats come every PRESENCE_HEARTBEAT_MS). Env: tests shorten it. */
export const PRESENCE_TTL_MS = Number(process.env.PRESENCE_TTL_MS) || 30_000;

export interface ResponseEvent {
  id: number;
  responseId: number;
  kind: string;
  subject: string | null;
  actorId: number | null;
  payload: string;
}

export interface PresentTab {
  responseId: number;
  userId: number;
  name: string;
  sectionId: string | null;
  questionKey: string | null;
}


const EVENT_COLUMNS = {
  id: responseEvents.id,
  responseId: responseEvents.responseId,
  kind: responseEvents.kind,
  subject: responseEvents.subject,
  actorId: responseEvents.actorId,
  payload: responseEvents.payload,
};

/** One response's events after `afterId`, oldest first (a reconnecting browser's backlog). */
export async function responseEventsAfter(db: Db, organisationId: number, responseId: number, afterId: number, limit: number): Promise<ResponseEvent[]> {
  return await prepared(db, "live:responseEventsAfter", () =>
    db
      .select(EVENT_COLUMNS)
      .from(responseEvents)
      .where(and(eq(responseEvents.responseId, param("responseId")), eq(responseEvents.organisationId, param("organisationId")), gt(responseEvents.id, param("afterId"))))
      .orderBy(asc(responseEvents.id))
      .limit(param("limit"))
      .prepare(),
  ).execute({ responseId, organisationId, afterId, limit });
}

/** Every response's events after `afterId`: the hub reads the log once for all its streams. */
export async function allEventsAfter(db: Db, afterId: number, limit: number): Promise<ResponseEvent[]> {
  return await prepared(db, "live:allEventsAfter", () =>
    db.select(EVENT_COLUMNS).from(responseEvents).where(gt(responseEvents.id, param("afterId"))).orderBy(asc(responseEvents.id)).limit(param("limit")).prepare(),
  ).execute({ afterId, limit });
}

/** The newest event id in the whole log (0 when none). */
export async function latestEventId(db: Db): Promise<number> {
  const rows = await prepared(db, "live:latestEventId", () => db.select({ id: max(responseEvents.id) }).from(responseEvents).prepare()).execute();
  return Number(rows[0]?.id ?? 0);
}

/**
 * The newest event id of one response (0 when none): where a page that was just read starts
 * listening. Per response, not the whole log's: on PostgreSQL one response's events commit in id
 * order (its triggers queue on a per-response lock) but two responses' events need not, so a newer
 * id of another response says nothing about what of this one is still to come.
 */
export async function latestResponseEventId(db: Db, responseId: number): Promise<number> {
  const rows = await prepared(db, "live:latestResponseEventId", () =>
    db.select({ id: max(responseEvents.id) }).from(responseEvents).where(eq(responseEvents.responseId, param("responseId"))).prepare(),
  ).execute({ responseId });
  return Number(rows[0]?.id ?? 0);
}

/** The oldest event still kept; ids below it may have been pruned. */
export async function oldestEventId(db: Db): Promise<number | null> {
  const rows = await prepared(db, "live:oldestEventId", () => db.select({ id: min(responseEvents.id) }).from(responseEvents).prepare()).execute();
  const id = rows[0]?.id;
  return id == null ? null : Number(id);
}

/** Drops events older than `beforeMs`; a browser further behind is told to reload instead. */
export async function pruneEvents(db: Db, beforeMs: number): Promise<number> {
  return (await db.delete(responseEvents).where(lt(responseEvents.createdAt, beforeMs)).returning({ id: responseEvents.id })).length;
}

/** Whether the user is still a member of the organisation the response belongs to (a stream's re-check). */
export async function mayStillRead(db: Db, userId: number, organisationId: number, responseId: number): Promise<boolean> {
  const rows = await prepared(db, "live:mayStillRead", () =>
    db
      .select({ one: sql<number>`1` })
      .from(memberships)
      .innerJoin(responses, eq(responses.organisationId, memberships.organisationId))
      .where(and(eq(memberships.userId, param("userId")), eq(memberships.organisationId, param("organisationId")), eq(responses.id, param("responseId"))))
      .prepare(),
  ).execute({ userId, organisationId, responseId });
  return rows.length > 0;
}

/**
 * Which of these readers may still read their response (member of its organisation, response still
 * there), as "user:organisation:response" keys: the hub's check of all its streams in one query.
 * The query reads every (member, response) pair of the readers' users and responses; the exact
 * triples are picked out here.
 */
export async function readersStillMembers(db: Db, readers: { userId: number; organisationId: number; responseId: number }[]): Promise<Set<string>> {
  if (!readers.length) return new Set();
  const rows = await prepared(db, "live:readersStillMembers", () =>
    db
      .select({ userId: memberships.userId, organisationId: memberships.organisationId, responseId: responses.id })
      .from(memberships)
      .innerJoin(responses, eq(responses.organisationId, memberships.organisationId))
      .where(and(inJson(db, memberships.userId, "userIds"), inJson(db, responses.id, "responseIds")))
      .prepare(),
  ).execute({
    userIds: JSON.stringify([...new Set(readers.map((r) => r.userId))]),
    responseIds: JSON.stringify([...new Set(readers.map((r) => r.responseId))]),
  });
  const found = new Set(rows.map((r) => `${r.userId}:${r.organisationId}:${r.responseId}`));
  return new Set(readers.map((r) => `${r.userId}:${r.organisationId}:${r.responseId}`).filter((key) => found.has(key)));
}

/** A tab says it is here (and where); the key includes the user, so a tab id cannot touch another user's row. */
export async function touchPresence(
  db: Db,
  tab: { organisationId: number; responseId: number; userId: number; tabId: string; sectionId: string | null; questionKey: string | null },
  now = Date.now(),
): Promise<void> {
  await prepared(db, "live:touchPresence", () =>
    db
      .insert(presence)
      .values({
        userId: param("userId"),
        tabId: param("tabId"),
        organisationId: param("organisationId"),
        responseId: param("responseId"),
        sectionId: param("sectionId"),
        questionKey: param("questionKey"),
        seenAt: param("seenAt"),
      })
      .onConflictDoUpdate({
        target: [presence.userId, presence.tabId],
        set: {
          organisationId: sql`excluded.organisation_id`,
          responseId: sql`excluded.response_id`,
          sectionId: sql`excluded.section_id`,
          questionKey: sql`excluded.question_key`,
          seenAt: sql`excluded.seen_at`,
        },
      })
      .prepare(),
  ).execute({ ...tab, seenAt: now });
}

export async function leavePresence(db: Db, userId: number, tabId: string): Promise<void> {
  await db.delete(presence).where(and(eq(presence.userId, userId), eq(presence.tabId, tabId)));
}

/**
 * The tab's stream ended from its side: it leaves, unless it said "here" within `graceMs` (a reload
 * or a reconnect whose new page reported before the old stream's end reached us). Returns whether it left.
 */
export async function leavePresenceUnlessRecent(db: Db, userId: number, tabId: string, graceMs = 2_000, now = Date.now()): Promise<boolean> {
  const gone = await db
    .delete(presence)
    .where(and(eq(presence.userId, userId), eq(presence.tabId, tabId), lt(presence.seenAt, now - graceMs)))
    .returning({ userId: presence.userId });
  return gone.length > 0;
}

/** Tabs seen within the TTL on the given responses, with their user's name. */
export async function presentTabs(db: Db, responseIds: number[], now = Date.now()): Promise<PresentTab[]> {
  if (!responseIds.length) return [];
  // A JSON list keeps one prepared statement for any number of responses.
  return await prepared(db, "live:presentTabs", () =>
    db
      .select({ responseId: presence.responseId, userId: presence.userId, name: users.name, sectionId: presence.sectionId, questionKey: presence.questionKey })
      .from(presence)
      .innerJoin(users, eq(users.id, presence.userId))
      .where(and(inJson(db, presence.responseId, "responseIds"), gt(presence.seenAt, param("since"))))
      .orderBy(asc(users.name), asc(presence.userId))
      .prepare(),
  ).execute({ responseIds: JSON.stringify(responseIds), since: now - PRESENCE_TTL_MS });
}

export async function prunePresence(db: Db, now = Date.now()): Promise<number> {
  return (await db.delete(presence).where(lte(presence.seenAt, now - PRESENCE_TTL_MS)).returning({ userId: presence.userId })).length;
}
