/**
 * One hub per server process fans the response event log out to that process's open streams.
 *
 * The log is the database (response_events, written by triggers in the writers' transactions), so a
 * save through any process, or any machine on the same database, reaches every stream. Each stream
 * gets the rows of its response it has not had yet; "id > last sent" is exactly "not sent yet"
 * because one response's ids grow in commit order on both engines (decision 110):
 *
 * - SQLite has one writer at a time, so the whole log commits in id order: the hub reads what was
 *   committed after one cursor every POLL_MS, once for all its streams.
 * - PostgreSQL commits different responses' events out of id order (only one response's writers
 *   queue on its lock), so the hub keeps a cursor per watched response and reads a response when
 *   PostgreSQL NOTIFYs that it changed (LISTEN on its own connection, no polling while idle); after
 *   each (re)connection of the listener it reads every watched response once.
 *
 * Presence is read the same way, once a second for all watched responses, and sent only when a
 * response's snapshot changed. In the same tick the hub checks, in one query for all its streams,
 * that each reader is still a member of the response's organisation: a member removed stops
 * receiving events within a second (at once when the removal went through this process), not
 * at the stream's next heartbeat.
 */
import { getDb } from "../../../db/client";
import { isPostgres } from "../../../db/engine/kind";
import { listenPostgres, type PostgresDb, type PostgresListener } from "../../../db/engine/postgres";
import {
  allEventsAfter,
  latestEventId,
  latestResponseEventId,
  oldestEventId,
  presentTabs,
  pruneEvents,
  readersStillMembers,
  prunePresence,
  responseEventsAfter,
  type PresentTab,
  type ResponseEvent,
} from "../../../db/queries/live";
import { SerialTask } from "./serial-task";
import { logger } from "../ops/log.server";

export interface LiveStream {
  organisationId: number;
  responseId: number;
  /** The reader; with `end`, the hub ends the stream once they are no longer a member. */
  userId?: number;
  /** Closes the stream (the hub calls it for a reader who lost access). */
  end?(): void;
  /** The newest event id this stream has sent (or the browser already had). */
  lastId: number;
  /** Writes SSE text; the stream closes itself when its client stops reading. */
  write(text: string): void;
}

const POLL_MS = Number(process.env.LIVE_POLL_MS) || 50;
const PRESENCE_MS = 1_000;
/** A browser further behind than this reloads its page's data instead of replaying. */
const BACKLOG_LIMIT = 500;
const BATCH = 1_000;
/** Events are kept a day: enough for a laptop that slept through a meeting. */
const RETAIN_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;

/** SSE framing of one logged event; the same text goes to every stream of its response. */
export function frameEvent(event: ResponseEvent): string {
  // The author is shown with an answer anyway; other kinds (members' views) do not name anyone.
  const actor = event.kind === "answer" ? event.actorId : null;
  return `id: ${event.id}\nevent: ${event.kind}\ndata: {"subject":${JSON.stringify(event.subject)},"actor":${actor},"payload":${event.payload}}\n\n`;
}

/** Who is here, per user: the sections and questions their tabs are in. */
export function presenceSnapshot(tabs: PresentTab[]) {
  const byUser = new Map<number, { id: number; name: string; sections: string[]; questions: string[] }>();
  for (const tab of tabs) {
    let user = byUser.get(tab.userId);
    if (!user) byUser.set(tab.userId, (user = { id: tab.userId, name: tab.name, sections: [], questions: [] }));
    if (tab.sectionId && !user.sections.includes(tab.sectionId)) user.sections.push(tab.sectionId);
    if (tab.questionKey && !user.questions.includes(tab.questionKey)) user.questions.push(tab.questionKey);
  }
  return [...byUser.values()];
}

class LiveHub {
  private streams = new Map<number, Set<LiveStream>>();
  /** SQLite: the newest id read from the whole log. */
  private cursor = -1;
  /** PostgreSQL: per watched response, the newest id read, and the responses notified since read. */
  private responseCursors = new Map<number, number>();
  private notified = new Set<number>();
  private listener: PostgresListener | undefined;
  /** Streams still being sent their backlog, with what the hub read for them meanwhile. */
  private catchingUp = new Map<LiveStream, [ResponseEvent, string][]>();
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private presenceTimer: ReturnType<typeof setInterval> | undefined;
  private presenceSent = new Map<number, string>();
  private lastPrune = 0;
  // Each tick runs alone (a timer firing while the previous read is still out waits for it: one
  // more run after it) and logs its failures: a rejection from a timer would end the process.
  private readonly logTask = new SerialTask(
    () => this.readLog(),
    (error) => logger().error({ component: "live", err: error }, "Live: reading the event log failed; retrying."),
  );
  private readonly notifiedTask = new SerialTask(
    () => this.readNotified(),
    (error) => logger().error({ component: "live", err: error }, "Live: reading notified responses failed; retrying."),
  );
  private readonly membersTask = new SerialTask(
    () => this.endRemovedReaders(),
    (error) => logger().error({ component: "live", err: error }, "Live: checking readers' memberships failed; retrying."),
  );
  private readonly presenceTask = new SerialTask(
    () => this.sendPresence(),
    (error) => logger().error({ component: "live", err: error }, "Live: reading presence failed; retrying."),
  );

  /** Sends what the stream missed since `stream.lastId`, then keeps it up to date. */
  async subscribe(stream: LiveStream): Promise<void> {
    const db = getDb();
    const postgres = isPostgres(db);
    // SQLite: one cursor over the whole log. PostgreSQL: this response's own (see above).
    if (!postgres && this.cursor < 0) this.cursor = await latestEventId(db);
    const latest = await latestResponseEventId(db, stream.responseId);
    const newlyWatched = postgres && !this.responseCursors.has(stream.responseId);
    if (newlyWatched) this.responseCursors.set(stream.responseId, latest);
    // From here the hub's reads reach this stream, held back until its backlog is written (on
    // PostgreSQL a read may run while this one waits for the backlog).
    const held: [ResponseEvent, string][] = [];
    this.catchingUp.set(stream, held);
    let set = this.streams.get(stream.responseId);
    if (!set) this.streams.set(stream.responseId, (set = new Set()));
    set.add(stream);
    // A NOTIFY for this response that arrived while `latest` was being read was not for a watched
    // response yet: read it once now (what it announced is after the cursor, or already there).
    if (newlyWatched) {
      this.notified.add(stream.responseId);
      void this.notifiedTask.run();
    }
    try {
      const oldest = await oldestEventId(db);
      // Events of this response after lastId may have been pruned (only if it has newer ones than the client).
      const pruned = stream.lastId > 0 && stream.lastId < latest && oldest !== null && stream.lastId < oldest - 1;
      const backlog = stream.lastId >= latest || pruned ? [] : await responseEventsAfter(db, stream.organisationId, stream.responseId, stream.lastId, BACKLOG_LIMIT + 1);
      if (pruned || stream.lastId > latest || backlog.length > BACKLOG_LIMIT) {
        // Too far behind (or from another database): the page reloads its data and goes on from now.
        stream.lastId = latest;
        stream.write(`id: ${latest}\nevent: reset\ndata: {}\n\n`);
      } else {
        for (const event of backlog) this.deliver(stream, event);
      }
      for (const [event, framed] of held) this.deliver(stream, event, framed);
    } finally {
      this.catchingUp.delete(stream);
    }
    const shown = this.presenceSent.get(stream.responseId);
    stream.write(`event: presence\ndata: ${shown ?? JSON.stringify(presenceSnapshot(await presentTabs(db, [stream.responseId])))}\n\n`);
    if (postgres) this.listener ??= this.listen(db as unknown as PostgresDb);
    else this.pollTimer ??= setInterval(() => void this.logTask.run(), POLL_MS);
    this.presenceTimer ??= setInterval(() => {
      if (postgres) void this.pruneTask.run();
      void this.membersTask.run();
      void this.presenceTask.run();
    }, PRESENCE_MS);
  }

  unsubscribe(stream: LiveStream): void {
    const set = this.streams.get(stream.responseId);
    if (!set?.delete(stream) || set.size) return;
    this.streams.delete(stream.responseId);
    this.presenceSent.delete(stream.responseId);
    this.responseCursors.delete(stream.responseId);
    if (this.streams.size) return;
    clearInterval(this.pollTimer);
    clearInterval(this.presenceTimer);
    this.pollTimer = this.presenceTimer = undefined;
    void this.listener?.close();
    this.listener = undefined;
    this.cursor = -1; // idle: nothing to read until someone listens again
  }

  /** PostgreSQL: a NOTIFY names the response that changed; after (re)connecting, read them all. */
  private listen(db: PostgresDb): PostgresListener {
    return listenPostgres(
      db,
      "response_events",
      (payload) => {
        const responseId = Number(payload);
        if (!this.responseCursors.has(responseId)) return;
        this.notified.add(responseId);
        void this.notifiedTask.run();
      },
      () => {
        for (const responseId of this.responseCursors.keys()) this.notified.add(responseId);
        void this.notifiedTask.run();
      },
    );
  }

  /** PostgreSQL: reads each notified response after its own cursor. */
  private async readNotified(): Promise<void> {
    const db = getDb();
    while (this.notified.size) {
      const responseIds = [...this.notified];
      this.notified.clear();
      for (const responseId of responseIds) {
        const set = this.streams.get(responseId);
        const first = set?.values().next().value;
        if (!set || !first) continue;
        for (;;) {
          const after = this.responseCursors.get(responseId);
          if (after === undefined) break; // its last stream went meanwhile
          const events = await responseEventsAfter(db, first.organisationId, responseId, after, BATCH);
          for (const event of events) {
            if (this.responseCursors.has(responseId)) this.responseCursors.set(responseId, event.id);
            this.fanOut(responseId, event);
          }
          if (events.length < BATCH) break;
        }
      }
    }
  }

  private readonly pruneTask = new SerialTask(
    () => this.pruneOld(),
    (error) => logger().error({ component: "live", err: error }, "Live: pruning the event log failed; retrying."),
  );

  /** Drops events older than RETAIN_MS, every PRUNE_EVERY_MS while streams are open. */
  private async pruneOld(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune <= PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await pruneEvents(getDb(), now - RETAIN_MS);
  }

  /** Memberships changed in this process: check the readers now instead of at the next tick. */
  membershipsChanged(): void {
    if (this.streams.size) setImmediate(() => void this.membersTask.run());
  }

  /** Presence changed in this process: tell its streams now instead of at the next tick. */
  presenceChanged(): void {
    if (this.streams.size) setImmediate(() => void this.presenceTask.run());
  }

  streamCount(): number {
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  /** One event to every stream of its response (held for a stream still catching up). */
  private fanOut(responseId: number, event: ResponseEvent): void {
    const set = this.streams.get(responseId);
    if (!set) return;
    const framed = frameEvent(event);
    for (const stream of set) {
      const held = this.catchingUp.get(stream);
      if (held) held.push([event, framed]);
      else this.deliver(stream, event, framed);
    }
  }

  private deliver(stream: LiveStream, event: ResponseEvent, framed = frameEvent(event)): void {
    if (event.id <= stream.lastId) return;
    stream.lastId = event.id;
    stream.write(framed);
  }

  private async readLog(): Promise<void> {
    const db = getDb();
    for (;;) {
      const events = await allEventsAfter(db, this.cursor, BATCH);
      for (const event of events) {
        this.cursor = event.id;
        this.fanOut(event.responseId, event);
      }
      if (events.length < BATCH) break;
    }
    await this.pruneOld();
  }

  /** Ends the streams of readers no longer in the response's organisation (one query for all). */
  private async endRemovedReaders(): Promise<void> {
    const readers = new Map<string, { userId: number; organisationId: number; responseId: number }>();
    for (const set of this.streams.values())
      for (const stream of set)
        if (stream.userId !== undefined && stream.end)
          readers.set(`${stream.userId}:${stream.organisationId}:${stream.responseId}`, {
            userId: stream.userId,
            organisationId: stream.organisationId,
            responseId: stream.responseId,
          });
    if (!readers.size) return;
    const allowed = await readersStillMembers(getDb(), [...readers.values()]);
    for (const set of [...this.streams.values()])
      for (const stream of [...set])
        if (stream.userId !== undefined && stream.end && !allowed.has(`${stream.userId}:${stream.organisationId}:${stream.responseId}`)) stream.end();
  }

  private async sendPresence(): Promise<void> {
    const db = getDb();
    const responseIds = [...this.streams.keys()];
    const tabs = await presentTabs(db, responseIds);
    for (const responseId of responseIds) {
      const snapshot = JSON.stringify(presenceSnapshot(tabs.filter((t) => t.responseId === responseId)));
      if (this.presenceSent.get(responseId) === snapshot) continue;
      this.presenceSent.set(responseId, snapshot);
      for (const stream of this.streams.get(responseId) ?? []) stream.write(`event: presence\ndata: ${snapshot}\n\n`);
    }
    if (Math.random() < 0.02) await prunePresence(db);
  }
}

export const liveHub = new LiveHub();
