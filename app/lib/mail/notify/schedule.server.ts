/**
 * The mail scheduler: the daily digests and the deadline reminders. It runs inside the outbox
 * sender (one per deployment, the lease holder) with the sender's clock, and can be run directly
 * with any `now` (tests). Exactly once, however often or late it runs:
 *  - a digest per reader, organisation and Oslo day, keyed "digest:<user>:<org>:<day>" in
 *    mail_once, inserted in the transaction that queues the mail and marks its events mailed;
 *  - a reminder per response, deadline, mark and reader, keyed
 *    "reminder:<response>:<which>:<deadline>:<mark>:<user>".
 * Which days and marks are due is the pure logic of windows.ts.
 */
import { and, asc, eq, gte, isNull, lt, ne, isNotNull } from "drizzle-orm";
import { IMMEDIATE, type Db } from "../../../../db/client";
import { comments, mailEvents, mailOnce, questionWork, responses } from "../../../../db/schema";
import { isLocked } from "../../../../db/queries/cockpit";
import { mailSettings, type MailKind } from "../preferences.server";
import { organisationOf, origin, questionLink, readerIn, responseInfo, userName, type ResponseInfo } from "./context.server";
import { footerFor, markMailed, queueQuietly } from "./events.server";
import { digestMail, reminderMail, type EventForMail } from "./mails";
import { unsubscribeHeaders } from "./unsubscribe.server";
import { dueReminder, dueWindows, type DigestWindow } from "./windows";

export interface ScheduleOptions {
  /** Local (Oslo) hour at which the previous day's digest and the day's reminders go out. */
  digestHour: number;
  /** How many days back a late scheduler still sends missed digests. */
  horizonDays: number;
  /** Reminder marks, in days before a deadline. */
  reminderDays: number[];
}

export function scheduleOptionsFromEnv(): ScheduleOptions {
  const hour = Number(process.env.MAIL_DIGEST_HOUR ?? 7);
  const days = (process.env.MAIL_REMINDER_DAYS ?? "3,1")
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0 && n < 60);
  return { digestHour: Number.isInteger(hour) && hour >= 0 && hour < 24 ? hour : 7, horizonDays: 7, reminderDays: days.length ? days : [3, 1] };
}

export interface ScheduleResult {
  digests: number;
  reminders: number;
}

/** Inserts a mail_once key; false when it exists already (sent before: do nothing). */
function once(db: Db, key: string, at: Date): boolean {
  return db.insert(mailOnce).values({ key, createdAt: at }).onConflictDoNothing().run().changes === 1;
}

function digestFor(db: Db, userId: number, organisationId: number, w: DigestWindow, at: Date, cache: Map<number, ResponseInfo | null>): boolean {
  return db.transaction((tx) => {
    const t = tx as unknown as Db;
    const key = `digest:${userId}:${organisationId}:${w.day}`;
    if (!once(t, key, at)) return false;
    const events = t
      .select()
      .from(mailEvents)
      .where(
        and(
          eq(mailEvents.userId, userId),
          eq(mailEvents.organisationId, organisationId),
          isNull(mailEvents.mailedAt),
          gte(mailEvents.createdAt, new Date(w.start)),
          lt(mailEvents.createdAt, new Date(w.end)),
        ),
      )
      .orderBy(asc(mailEvents.id))
      .all();
    const reader = readerIn(t, userId, organisationId);
    const org = organisationOf(t, organisationId);
    const modes = mailSettings(t, userId);
    // Kinds turned off since (or a reader who left): dealt with, not sent.
    // A comment deleted since is left out; an edited one is told as it reads now.
    const current = new Map<number, string | null>();
    for (const e of events)
      if (e.commentId !== null && !current.has(e.commentId)) {
        const c = t.select({ body: comments.body, deletedAt: comments.deletedAt }).from(comments).where(eq(comments.id, e.commentId)).get();
        current.set(e.commentId, c && !c.deletedAt ? c.body : null);
      }
    const wanted = reader && org ? events.filter((e) => modes[e.kind] !== "off" && (e.commentId === null || current.get(e.commentId) !== null)) : [];
    markMailed(t, events.map((e) => e.id), at);
    if (!reader || !org || wanted.length === 0) return false;
    const items: EventForMail[] = [];
    for (const e of wanted) {
      const info = responseInfo(t, cache, organisationId, e.responseId);
      if (!info) continue;
      items.push({
        kind: e.kind,
        actorName: userName(t, e.actorId),
        number: info.numbers.get(e.questionKey) ?? e.questionKey,
        title: info.title,
        excerpt: e.commentId !== null ? current.get(e.commentId)! : e.excerpt,
        link: questionLink(org.slug, e.responseId, e.questionKey, e.threadId),
      });
    }
    if (!items.length) return false;
    const kinds = [...new Set(wanted.map((e) => e.kind))] as MailKind[];
    const footer = footerFor(userId, org.name, ["digest", ...kinds]);
    const mail = digestMail(reader, w.day, items, footer);
    const outboxId = queueQuietly(t, { ...mail, to: reader.email, kind: "digest", organisationId, headers: unsubscribeHeaders(footer.unsubscribe[0]!.url) });
    if (outboxId !== null) t.update(mailOnce).set({ outboxId }).where(eq(mailOnce.key, key)).run();
    return outboxId !== null;
  }, IMMEDIATE);
}

function sendDigests(db: Db, now: number, options: ScheduleOptions): number {
  let sent = 0;
  const at = new Date(now);
  const cache = new Map<number, ResponseInfo | null>();
  for (const w of dueWindows(now, options.digestHour, options.horizonDays)) {
    const pairs = db
      .selectDistinct({ userId: mailEvents.userId, organisationId: mailEvents.organisationId })
      .from(mailEvents)
      .where(and(isNull(mailEvents.mailedAt), gte(mailEvents.createdAt, new Date(w.start)), lt(mailEvents.createdAt, new Date(w.end))))
      .all();
    for (const p of pairs) if (digestFor(db, p.userId, p.organisationId, w, at, cache)) sent++;
  }
  return sent;
}

function sendReminders(db: Db, now: number, options: ScheduleOptions): number {
  let sent = 0;
  const at = new Date(now);
  const cache = new Map<number, ResponseInfo | null>();
  // Unfinished assigned questions, per response and assignee.
  const open = db
    .select({
      responseId: questionWork.responseId,
      organisationId: questionWork.organisationId,
      userId: questionWork.assigneeId,
      key: questionWork.questionKey,
      internalDeadline: responses.internalDeadline,
    })
    .from(questionWork)
    .innerJoin(responses, eq(responses.id, questionWork.responseId))
    .where(and(isNotNull(questionWork.assigneeId), ne(questionWork.status, "agreed")))
    .orderBy(asc(questionWork.responseId), asc(questionWork.id))
    .all();
  const groups = new Map<string, typeof open>();
  for (const row of open) {
    const k = `${row.responseId}:${row.userId}`;
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  const locked = new Map<number, boolean>();
  for (const rows of groups.values()) {
    const { responseId, organisationId, internalDeadline } = rows[0]!;
    const userId = rows[0]!.userId!;
    if (!locked.has(responseId)) locked.set(responseId, isLocked(db, responseId));
    if (locked.get(responseId)) continue;
    const info = responseInfo(db, cache, organisationId, responseId);
    if (!info) continue;
    for (const [which, deadline] of [["internal", internalDeadline], ["official", info.deadline]] as const) {
      if (!deadline) continue;
      const due = dueReminder(deadline, now, options.digestHour, options.reminderDays);
      if (!due) continue;
      const done = db.transaction((tx) => {
        const t = tx as unknown as Db;
        if (mailSettings(t, userId).reminder === "off") return false;
        const reader = readerIn(t, userId, organisationId);
        const org = organisationOf(t, organisationId);
        if (!reader || !org) return false;
        const key = `reminder:${responseId}:${which}:${deadline}:${due.mark}:${userId}`;
        if (!once(t, key, at)) return false;
        const footer = footerFor(userId, org.name, ["reminder"]);
        const mail = reminderMail(
          reader,
          {
            which,
            deadline,
            daysLeft: due.daysLeft,
            title: info.title,
            numbers: rows.map((r) => info.numbers.get(r.key) ?? r.key),
            link: `${origin()}/o/${org.slug}/r/${responseId}/remaining?assignee=${userId}`,
          },
          footer,
        );
        const outboxId = queueQuietly(t, { ...mail, to: reader.email, kind: "reminder", organisationId, headers: unsubscribeHeaders(footer.unsubscribe[0]!.url) });
        if (outboxId !== null) t.update(mailOnce).set({ outboxId }).where(eq(mailOnce.key, key)).run();
        return outboxId !== null;
      }, IMMEDIATE);
      if (done) sent++;
    }
  }
  return sent;
}

/** One scheduler run at `now` (ms): queues every digest and reminder that is due and not yet sent. */
export function runMailSchedule(db: Db, now: number, options: ScheduleOptions = scheduleOptionsFromEnv()): ScheduleResult {
  return { digests: sendDigests(db, now, options), reminders: sendReminders(db, now, options) };
}
