/**
 * Comment threads, comments and notifications. Every function takes the organisation id (and the
 * response id where a thread belongs to one): an id from a form field that belongs elsewhere is
 * simply not found.
 */
import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { transaction, type Db } from "../client";
import { inJson, prepared } from "../statements";
import {
  commentRevisions,
  comments,
  commentThreads,
  memberships,
  notifications,
  organisations,
  responses,
  users,
  type NotificationKind,
  type ThreadStatus,
} from "../schema";

export interface ThreadRow {
  id: number;
  questionKey: string;
  status: ThreadStatus;
  version: number;
  createdBy: number | null;
  resolvedByName: string | null;
  resolvedAt: Date | null;
  resolutionNote: string | null;
  createdAt: Date;
}

export interface CommentRow {
  id: number;
  threadId: number;
  authorId: number | null;
  authorName: string | null;
  body: string;
  version: number;
  editedAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
}

export interface ThreadWithComments extends ThreadRow {
  comments: CommentRow[];
}

/** The threads (oldest first) with their comments for some questions of a response: two queries. */
export async function listThreads(db: Db, organisationId: number, responseId: number, questionKeys: readonly string[]): Promise<ThreadWithComments[]> {
  if (questionKeys.length === 0) return [];
  const resolver = alias(users, "resolver");
  const threads = await db
    .select({
      id: commentThreads.id,
      questionKey: commentThreads.questionKey,
      status: commentThreads.status,
      version: commentThreads.version,
      createdBy: commentThreads.createdBy,
      resolvedByName: resolver.name,
      resolvedAt: commentThreads.resolvedAt,
      resolutionNote: commentThreads.resolutionNote,
      createdAt: commentThreads.createdAt,
    })
    .from(commentThreads)
    .leftJoin(resolver, eq(resolver.id, commentThreads.resolvedBy))
    .where(
      and(
        eq(commentThreads.organisationId, organisationId),
        eq(commentThreads.responseId, responseId),
        inArray(commentThreads.questionKey, [...questionKeys]),
      ),
    )
    .orderBy(asc(commentThreads.id));
  if (threads.length === 0) return [];
  const rows = await db
    .select({
      id: comments.id,
      threadId: comments.threadId,
      authorId: comments.authorId,
      authorName: users.name,
      body: comments.body,
      version: comments.version,
      editedAt: comments.editedAt,
      deletedAt: comments.deletedAt,
      createdAt: comments.createdAt,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.organisationId, organisationId), inArray(comments.threadId, threads.map((t) => t.id))))
    .orderBy(asc(comments.id));
  const byThread = new Map<number, CommentRow[]>();
  for (const row of rows) byThread.set(row.threadId, [...(byThread.get(row.threadId) ?? []), row]);
  return threads.map((t) => ({ ...t, comments: byThread.get(t.id) ?? [] }));
}

/** Open threads per question key of a response (one grouped query on the thread index). */
export async function openThreadCounts(db: Db, organisationId: number, responseId: number): Promise<Map<string, number>> {
  const rows = await db
    .select({ key: commentThreads.questionKey, n: count() })
    .from(commentThreads)
    .where(and(eq(commentThreads.organisationId, organisationId), eq(commentThreads.responseId, responseId), eq(commentThreads.status, "open")))
    .groupBy(commentThreads.questionKey);
  return new Map(rows.map((r) => [r.key, r.n]));
}

/** Open and resolved threads per question of these keys (the chapter page's counts; texts load on demand). */
export async function threadCounts(db: Db, organisationId: number, responseId: number, keys: readonly string[]): Promise<Record<string, { open: number; resolved: number }>> {
  const rows = (await prepared(db, "threads.counts", () =>
    db
      .select({ key: commentThreads.questionKey, status: commentThreads.status, n: count() })
      .from(commentThreads)
      .where(
        and(
          eq(commentThreads.organisationId, sql.placeholder("org")),
          eq(commentThreads.responseId, sql.placeholder("response")),
          inJson(db, commentThreads.questionKey, "keys"),
        ),
      )
      .groupBy(commentThreads.questionKey, commentThreads.status)
      .prepare(),
  ).execute({ org: organisationId, response: responseId, keys: JSON.stringify(keys) }));
  const out: Record<string, { open: number; resolved: number }> = {};
  for (const r of rows) {
    const c = (out[r.key] ??= { open: 0, resolved: 0 });
    if (r.status === "open") c.open += r.n;
    else c.resolved += r.n;
  }
  return out;
}

export async function getThread(db: Db, organisationId: number, responseId: number, threadId: number) {
  return (await db
    .select()
    .from(commentThreads)
    .where(and(eq(commentThreads.id, threadId), eq(commentThreads.organisationId, organisationId), eq(commentThreads.responseId, responseId))))[0];
}

/** A comment with its thread, only when both belong to this organisation's response. */
export async function getComment(db: Db, organisationId: number, responseId: number, commentId: number) {
  return (await db
    .select({ comment: comments, thread: commentThreads })
    .from(comments)
    .innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
    .where(and(eq(comments.id, commentId), eq(comments.organisationId, organisationId), eq(commentThreads.responseId, responseId))))[0];
}

export async function insertThread(db: Db, input: { organisationId: number; responseId: number; questionKey: string; userId: number }): Promise<number> {
  return (await db
    .insert(commentThreads)
    .values({ organisationId: input.organisationId, responseId: input.responseId, questionKey: input.questionKey, createdBy: input.userId })
    .returning({ id: commentThreads.id }))[0]!.id;
}

export async function insertComment(db: Db, input: { organisationId: number; threadId: number; authorId: number; body: string }): Promise<number> {
  return (await db.insert(comments).values(input).returning({ id: comments.id }))[0]!.id;
}

/** Edits a comment if `version` is current: keeps the previous text as a revision. */
export async function updateCommentBody(db: Db, organisationId: number, commentId: number, version: number, body: string, previous: string): Promise<boolean> {
  const changed = (await db
    .update(comments)
    .set({ body, version: sql`${comments.version} + 1`, editedAt: new Date() })
    .where(and(eq(comments.id, commentId), eq(comments.organisationId, organisationId), eq(comments.version, version), isNull(comments.deletedAt)))
    .returning({ id: comments.id })).length;
  if (changed) await db.insert(commentRevisions).values({ commentId, version, body: previous });
  return changed === 1;
}

/** Soft delete: the row stays (replies keep their place), its text is kept only as a revision. */
export async function softDeleteComment(db: Db, organisationId: number, commentId: number, version: number, previous: string): Promise<boolean> {
  const changed = (await db
    .update(comments)
    .set({ body: "", version: sql`${comments.version} + 1`, deletedAt: new Date() })
    .where(and(eq(comments.id, commentId), eq(comments.organisationId, organisationId), eq(comments.version, version), isNull(comments.deletedAt)))
    .returning({ id: comments.id })).length;
  if (changed) await db.insert(commentRevisions).values({ commentId, version, body: previous });
  return changed === 1;
}

export async function commentRevisionsOf(db: Db, organisationId: number, commentId: number) {
  return await db
    .select({ version: commentRevisions.version, body: commentRevisions.body, createdAt: commentRevisions.createdAt })
    .from(commentRevisions)
    .innerJoin(comments, eq(comments.id, commentRevisions.commentId))
    .where(and(eq(commentRevisions.commentId, commentId), eq(comments.organisationId, organisationId)))
    .orderBy(asc(commentRevisions.version));
}

export async function setThreadStatus(
  db: Db,
  input: { organisationId: number; threadId: number; version: number; status: ThreadStatus; userId: number; note: string | null },
): Promise<boolean> {
  const resolved = input.status === "resolved";
  return (
    (await db
      .update(commentThreads)
      .set({
        status: input.status,
        resolvedBy: resolved ? input.userId : null,
        resolvedAt: resolved ? new Date() : null,
        resolutionNote: resolved ? input.note : null,
        version: sql`${commentThreads.version} + 1`,
      })
      .where(and(eq(commentThreads.id, input.threadId), eq(commentThreads.organisationId, input.organisationId), eq(commentThreads.version, input.version)))
      .returning({ id: commentThreads.id })).length === 1
  );
}

/** Whether any comment of the thread is not deleted (a thread whose every comment is deleted is gone). */
export async function threadHasLiveComments(db: Db, organisationId: number, threadId: number): Promise<boolean> {
  return (
    (await db
      .select({ id: comments.id })
      .from(comments)
      .where(and(eq(comments.threadId, threadId), eq(comments.organisationId, organisationId), isNull(comments.deletedAt)))
      .limit(1))[0] !== undefined
  );
}

/** Distinct authors of a thread's comments (who "took part"). */
export async function threadParticipants(db: Db, organisationId: number, threadId: number): Promise<number[]> {
  return (await db
    .selectDistinct({ id: comments.authorId })
    .from(comments)
    .where(and(eq(comments.threadId, threadId), eq(comments.organisationId, organisationId)))
    )
    .flatMap((r) => (r.id === null ? [] : [r.id]));
}

/** The organisation's members, for @mentions. */
export async function organisationMembers(db: Db, organisationId: number) {
  return await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(asc(users.name));
}

export async function insertNotifications(
  db: Db,
  rows: { userId: number; organisationId: number; kind: NotificationKind; threadId: number; commentId: number | null; actorId: number }[],
): Promise<void> {
  if (rows.length) await db.insert(notifications).values(rows);
}

/** Unread notifications of organisations the user still belongs to: one indexed count. */
export async function unreadCount(db: Db, userId: number): Promise<number> {
  return (
    (await db
      .select({ n: count() })
      .from(notifications)
      .innerJoin(memberships, and(eq(memberships.organisationId, notifications.organisationId), eq(memberships.userId, notifications.userId)))
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))))[0]?.n ?? 0
  );
}

export async function listNotifications(db: Db, userId: number, limit = 100) {
  const actor = alias(users, "actor");
  return await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      actorName: actor.name,
      organisationId: notifications.organisationId,
      orgSlug: organisations.slug,
      orgName: organisations.name,
      responseId: commentThreads.responseId,
      questionKey: commentThreads.questionKey,
      threadId: commentThreads.id,
      commentId: notifications.commentId,
    })
    .from(notifications)
    .innerJoin(memberships, and(eq(memberships.organisationId, notifications.organisationId), eq(memberships.userId, notifications.userId)))
    .innerJoin(organisations, eq(organisations.id, notifications.organisationId))
    .innerJoin(commentThreads, eq(commentThreads.id, notifications.threadId))
    .innerJoin(responses, eq(responses.id, commentThreads.responseId))
    .leftJoin(actor, eq(actor.id, notifications.actorId))
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .limit(limit);
}

/** Marks one (or, without an id, every) notification of the user read; false when the id is not theirs. */
export async function markRead(db: Db, userId: number, notificationId?: number): Promise<boolean> {
  return await transaction(db, async (tx) => {
    const where = notificationId === undefined
      ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
      : and(eq(notifications.userId, userId), eq(notifications.id, notificationId));
    if (notificationId !== undefined && !(await tx.select({ id: notifications.id }).from(notifications).where(where))[0]) return false;
    await tx.update(notifications).set({ readAt: new Date() }).where(and(where, isNull(notifications.readAt)));
    return true;
  });
}
