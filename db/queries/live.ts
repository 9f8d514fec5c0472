/**
 * Live updates (issue 10): the response event log the triggers of migration 0010 write, and the
 * presence table. Statements are prepared once per connection: the live hub runs them many times a second.
 */
import type { Db } from "../client";
import { statement as stmt } from "../statements";

/** A tab not heard from for this long is gone (heartbeats come every PRESENCE_HEARTBEAT_MS). Env: tests shorten it. */
export const PRESENCE_TTL_MS = Number(process.env.PRESENCE_TTL_MS) || 30_000;
export const PRESENCE_HEARTBEAT_MS = 10_000;

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


const EVENT_COLUMNS = "id, response_id as responseId, kind, subject, actor_id as actorId, payload";

/** One response's events after `afterId`, oldest first (a reconnecting browser's backlog). */
export async function responseEventsAfter(db: Db, organisationId: number, responseId: number, afterId: number, limit: number): Promise<ResponseEvent[]> {
  return (await stmt(
    db,
    `select ${EVENT_COLUMNS} from response_events where response_id = ? and organisation_id = ? and id > ? order by id limit ?`,
  ).all(responseId, organisationId, afterId, limit)) as ResponseEvent[];
}

/** Every response's events after `afterId`: the hub reads the log once for all its streams. */
export async function allEventsAfter(db: Db, afterId: number, limit: number): Promise<ResponseEvent[]> {
  return (await stmt(db, `select ${EVENT_COLUMNS} from response_events where id > ? order by id limit ?`).all(afterId, limit)) as ResponseEvent[];
}

/** The newest event id (0 when none): where a page that was just read starts listening. */
export async function latestEventId(db: Db): Promise<number> {
  return ((await stmt(db, "select coalesce(max(id), 0) as id from response_events").get()) as { id: number }).id;
}

/** The oldest event still kept; ids below it may have been pruned. */
export async function oldestEventId(db: Db): Promise<number | null> {
  return ((await stmt(db, "select min(id) as id from response_events").get()) as { id: number | null }).id;
}

/** Drops events older than `beforeMs`; a browser further behind is told to reload instead. */
export async function pruneEvents(db: Db, beforeMs: number): Promise<number> {
  return (await stmt(db, "delete from response_events where created_at < ?").run(beforeMs)).changes;
}

/** Whether the user is still a member of the organisation the response belongs to (a stream's re-check). */
export async function mayStillRead(db: Db, userId: number, organisationId: number, responseId: number): Promise<boolean> {
  return (
    (await stmt(
      db,
      `select 1 from memberships m join responses r on r.organisation_id = m.organisation_id
       where m.user_id = ? and m.organisation_id = ? and r.id = ?`,
    ).get(userId, organisationId, responseId)) !== undefined
  );
}

/**
 * Which of these readers may still read their response (member of its organisation, response still
 * there), as "user:organisation:response" keys: the hub's check of all its streams in one query.
 */
export async function readersStillMembers(db: Db, readers: { userId: number; organisationId: number; responseId: number }[]): Promise<Set<string>> {
  if (!readers.length) return new Set();
  const rows = (await stmt(
    db,
    `select m.user_id as userId, m.organisation_id as organisationId, r.id as responseId
     from json_each(?) j
     join memberships m on m.user_id = json_extract(j.value, '$[0]') and m.organisation_id = json_extract(j.value, '$[1]')
     join responses r on r.id = json_extract(j.value, '$[2]') and r.organisation_id = m.organisation_id`,
  ).all(JSON.stringify(readers.map((r) => [r.userId, r.organisationId, r.responseId])))) as { userId: number; organisationId: number; responseId: number }[];
  return new Set(rows.map((r) => `${r.userId}:${r.organisationId}:${r.responseId}`));
}

/** A tab says it is here (and where); the key includes the user, so a tab id cannot touch another user's row. */
export async function touchPresence(
  db: Db,
  tab: { organisationId: number; responseId: number; userId: number; tabId: string; sectionId: string | null; questionKey: string | null },
  now = Date.now(),
): Promise<void> {
  (await stmt(
    db,
    `insert into presence (user_id, tab_id, organisation_id, response_id, section_id, question_key, seen_at) values (?, ?, ?, ?, ?, ?, ?)
     on conflict (user_id, tab_id) do update set organisation_id = excluded.organisation_id, response_id = excluded.response_id,
       section_id = excluded.section_id, question_key = excluded.question_key, seen_at = excluded.seen_at`,
  ).run(tab.userId, tab.tabId, tab.organisationId, tab.responseId, tab.sectionId, tab.questionKey, now));
}

export async function leavePresence(db: Db, userId: number, tabId: string): Promise<void> {
  (await stmt(db, "delete from presence where user_id = ? and tab_id = ?").run(userId, tabId));
}

/**
 * The tab's stream ended from its side: it leaves, unless it said "here" within `graceMs` (a reload
 * or a reconnect whose new page reported before the old stream's end reached us). Returns whether it left.
 */
export async function leavePresenceUnlessRecent(db: Db, userId: number, tabId: string, graceMs = 2_000, now = Date.now()): Promise<boolean> {
  return (await stmt(db, "delete from presence where user_id = ? and tab_id = ? and seen_at < ?").run(userId, tabId, now - graceMs)).changes > 0;
}

/** Tabs seen within the TTL on the given responses, with their user's name. */
export async function presentTabs(db: Db, responseIds: number[], now = Date.now()): Promise<PresentTab[]> {
  if (!responseIds.length) return [];
  // json_each keeps one prepared statement for any number of responses.
  return (await stmt(
    db,
    `select p.response_id as responseId, p.user_id as userId, u.name, p.section_id as sectionId, p.question_key as questionKey
     from presence p join users u on u.id = p.user_id
     where p.response_id in (select value from json_each(?)) and p.seen_at > ?
     order by u.name, p.user_id`,
  ).all(JSON.stringify(responseIds), now - PRESENCE_TTL_MS)) as PresentTab[];
}

export async function prunePresence(db: Db, now = Date.now()): Promise<number> {
  return (await stmt(db, "delete from presence where seen_at <= ?").run(now - PRESENCE_TTL_MS)).changes;
}
