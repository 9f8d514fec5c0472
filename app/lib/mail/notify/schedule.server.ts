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
import { transaction, type Db } from "../../../../db/client";
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
async function once(db: Db, key: string, at: Date): Promise<boolean> {
  return (await db.insert(mailOnce).values({ key, createdAt: at }).onConflictDoNothing().returning({ key: mailOnce.key })).length === 1;
}

async function digestFor(db: Db, userId: number, organisationId: number, w: DigestWindow, at: Date, cache: Map<number, ResponseInfo | null>): Promise<boolean> {
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    const key = `digest:${userId}:${organisationId}:${w.day}`;
    if (!(await once(t, key, at))) return false;
    const events = await t
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
      .orderBy(asc(mailEvents.id));
    const reader = await readerIn(t, userId, organisationId);
    const org = await organisationOf(t, organisationId);
    const modes = await mailSettings(t, userId);
    // Kinds turned off since (or a reader who left): dealt with, not sent.
    // A comment deleted since is left out; an edited one is told as it reads now.
    const current = new Map<number, string | null>();
    for (const e of events)
      if (e.commentId !== null && !current.has(e.commentId)) {
        const c = (await t.select({ body: comments.body, deletedAt: comments.deletedAt }).from(comments).where(eq(comments.id, e.commentId)))[0];
        current.set(e.commentId, c && !c.deletedAt ? c.body : null);
      }
    const wanted = reader && org ? events.filter((e) => modes[e.kind] !== "off" && (e.commentId === null || current.get(e.commentId) !== null)) : [];
    await markMailed(t, events.map((e) => e.id), at);
    if (!reader || !org || wanted.length === 0) return false;
    const items: EventForMail[] = [];
    for (const e of wanted) {
      const info = await responseInfo(t, cache, organisationId, e.responseId);
      if (!info) continue;
      items.push({
        kind: e.kind,
        actorName: (await userName(t, e.actorId)),
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
    const outboxId = await queueQuietly(t, { ...mail, to: reader.email, kind: "digest", organisationId, headers: unsubscribeHeaders(footer.unsubscribe[0]!.url) });
    if (outboxId !== null) await t.update(mailOnce).set({ outboxId }).where(eq(mailOnce.key, key));
    return outboxId !== null;
  });
}

async function sendDigests(db: Db, now: number, options: ScheduleOptions): Promise<number> {
  let sent = 0;
  const at = new Date(now);
  const cache = new Map<number, ResponseInfo | null>();
  for (const w of dueWindows(now, options.digestHour, options.horizonDays)) {
    const pairs = await db
      .selectDistinct({ userId: mailEvents.userId, organisationId: mailEvents.organisationId })
      .from(mailEvents)
      .where(and(isNull(mailEvents.mailedAt), gte(mailEvents.createdAt, new Date(w.start)), lt(mailEvents.createdAt, new Date(w.end))));
    for (const p of pairs) if ((await digestFor(db, p.userId, p.organisationId, w, at, cache))) sent++;
  }
  return sent;
}

async function sendReminders(db: Db, now: number, options: ScheduleOptions): Promise<number> {
  let sent = 0;
  const at = new Date(now);
  const cache = new Map<number, ResponseInfo | null>();
  // Unfinished assigned questions, per response and assignee.
  const open = await db
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
    .orderBy(asc(questionWork.responseId), asc(questionWork.id));
  const groups = new Map<string, typeof open>();
  for (const row of open) {
    const k = `${row.responseId}:${row.userId}`;
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  const locked = new Map<number, boolean>();
  for (const rows of groups.values()) {
    const { responseId, organisationId, internalDeadline } = rows[0]!;
    const userId = rows[0]!.userId!;
    if (!locked.has(responseId)) locked.set(responseId, (await isLocked(db, responseId)));
    if (locked.get(responseId)) continue;
    const info = await responseInfo(db, cache, organisationId, responseId);
    if (!info) continue;
    for (const [which, deadline] of [["internal", internalDeadline], ["official", info.deadline]] as const) {
      if (!deadline) continue;
      const due = dueReminder(deadline, now, options.digestHour, options.reminderDays);
      if (!due) continue;
      const done = await transaction(db, async (tx) => {
        const t = tx as unknown as Db;
        if ((await mailSettings(t, userId)).reminder === "off") return false;
        const reader = await readerIn(t, userId, organisationId);
        const org = await organisationOf(t, organisationId);
        if (!reader || !org) return false;
        const key = `reminder:${responseId}:${which}:${deadline}:${due.mark}:${userId}`;
        if (!(await once(t, key, at))) return false;
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
        const outboxId = await queueQuietly(t, { ...mail, to: reader.email, kind: "reminder", organisationId, headers: unsubscribeHeaders(footer.unsubscribe[0]!.url) });
        if (outboxId !== null) await t.update(mailOnce).set({ outboxId }).where(eq(mailOnce.key, key));
        return outboxId !== null;
      });
      if (done) sent++;
    }
  }
  return sent;
}

/** One scheduler run at `now` (ms): queues every digest and reminder that is due and not yet sent. */
export async function runMailSchedule(db: Db, now: number, options: ScheduleOptions = scheduleOptionsFromEnv()): Promise<ScheduleResult> {
  return { digests: (await sendDigests(db, now, options)), reminders: (await sendReminders(db, now, options)) };
}
