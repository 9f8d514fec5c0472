/**
 * Recording what people may be told by mail. Called inside the transaction of the change that
 * causes it (a comment, a resolution, an assignment): the event row, and for a reader who wants
 * this kind right away the mail itself, exist exactly when the change does. Events of a kind the
 * reader turned off are not recorded; the rest wait for the day's digest (schedule.server.ts).
 */
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { mailEvents } from "../../../../db/schema";
import { logger } from "../../ops/log.server";
import { queueMail, UndeliverableAddressError, type Mail } from "../outbox.server";
import { mailMode } from "../preferences.server";
import { organisationOf, origin, questionLink, readerIn, responseInfo, userName, type ResponseInfo } from "./context.server";
import { eventMail, type EventKind, type Footer } from "./mails";
import { unsubscribeHeaders, unsubscribeUrl } from "./unsubscribe.server";

export interface NewMailEvent {
  userId: number;
  organisationId: number;
  kind: EventKind;
  responseId: number;
  questionKey: string;
  threadId?: number | null;
  commentId?: number | null;
  actorId: number | null;
  excerpt?: string;
}

export function footerFor(userId: number, org: string, kinds: Footer["unsubscribe"][number]["kind"][]): Footer {
  return { org, settingsUrl: `${origin()}/account#mail`, unsubscribe: kinds.map((kind) => ({ kind, url: unsubscribeUrl(origin(), userId, kind) })) };
}

export async function recordMailEvents(db: Db, events: NewMailEvent[], now = new Date()): Promise<void> {
  const cache = new Map<number, ResponseInfo | null>();
  for (const e of events) {
    if (e.actorId !== null && e.userId === e.actorId) continue;
    const mode = await mailMode(db, e.userId, e.kind);
    if (mode === "off") continue;
    const row = (await db
      .insert(mailEvents)
      .values({
        userId: e.userId,
        organisationId: e.organisationId,
        kind: e.kind,
        responseId: e.responseId,
        questionKey: e.questionKey,
        threadId: e.threadId ?? null,
        commentId: e.commentId ?? null,
        actorId: e.actorId,
        excerpt: (e.excerpt ?? "").slice(0, 400),
        createdAt: now,
      })
      .returning({ id: mailEvents.id }))[0]!;
    if (mode !== "immediate") continue;
    const reader = await readerIn(db, e.userId, e.organisationId);
    const org = await organisationOf(db, e.organisationId);
    const info = await responseInfo(db, cache, e.organisationId, e.responseId);
    if (!reader || !org || !info) continue;
    const footer = footerFor(reader.id, org.name, [e.kind]);
    const mail = eventMail(
      reader,
      {
        kind: e.kind,
        actorName: (await userName(db, e.actorId)),
        number: info.numbers.get(e.questionKey) ?? e.questionKey,
        title: info.title,
        excerpt: e.excerpt ?? "",
        link: questionLink(org.slug, e.responseId, e.questionKey, e.threadId ?? null),
      },
      footer,
    );
    if (!(await queueQuietly(db, { ...mail, to: reader.email, kind: e.kind, organisationId: e.organisationId, headers: unsubscribeHeaders(footer.unsubscribe[0]!.url) }))) continue;
    await db.update(mailEvents).set({ mailedAt: now }).where(eq(mailEvents.id, row.id));
  }
}

/** Marks events as dealt with (sent in a digest, or dropped because their kind is now off). */
export async function markMailed(db: Db, ids: number[], at: Date): Promise<void> {
  if (ids.length) await db.update(mailEvents).set({ mailedAt: at }).where(inArray(mailEvents.id, ids));
}

/** queueMail, but an address that cannot be delivered to is skipped (logged), never a failed change. */
export async function queueQuietly(db: Db, mail: Mail): Promise<number | null> {
  try {
    return await queueMail(db, mail);
  } catch (error) {
    if (!(error instanceof UndeliverableAddressError)) throw error;
    logger().warn({ component: "mail" }, `[mail] notification not queued: ${error.message}`);
    return null;
  }
}
