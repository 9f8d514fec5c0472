/**
 * Comments on a response's questions: reading threads for pages, and the six writes (comment,
 * reply, edit, delete, resolve, reopen) with their notifications, each in one IMMEDIATE transaction.
 * Every id from a form is looked up with the organisation and response id (foreign → not found).
 */
import { getDb, transaction, type Db } from "../../../db/client";
import {
  getComment,
  getThread,
  insertComment,
  insertNotifications,
  insertThread,
  listThreads,
  openThreadCounts,
  organisationMembers,
  setThreadStatus,
  softDeleteComment,
  threadHasLiveComments,
  threadCounts,
  threadParticipants,
  updateCommentBody,
  type ThreadWithComments,
} from "../../../db/queries/discussion";
import type { NotificationKind, Role } from "../../../db/schema";
import { can } from "../auth/permissions";
import type { Translate } from "../i18n";
import { recordMailEvents } from "../mail/notify/events.server";
import { checkCommentText, RESOLUTION_NOTE_MAX } from "./limits";
import { findMentions } from "./mentions";
import type { DiscussionInput } from "./forms";
import { formIds, type DiscussionReply } from "./form-ids";
import type { DiscussionCounts, DiscussionView, ThreadView } from "./types";

export type { DiscussionView, ThreadView };

function view(t: ThreadWithComments): ThreadView {
  return {
    id: t.id,
    key: t.questionKey,
    status: t.status,
    version: t.version,
    resolvedByName: t.resolvedByName,
    resolvedAt: t.resolvedAt?.toISOString() ?? null,
    note: t.resolutionNote,
    comments: t.comments.map((c) => ({
      id: c.id,
      authorId: c.authorId,
      authorName: c.authorName,
      body: c.deletedAt ? "" : c.body,
      version: c.version,
      edited: c.editedAt !== null,
      deleted: c.deletedAt !== null,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}

/** Threads for some questions of a response (a chapter, or one question), with what the user may do. */
export async function discussionFor(input: {
  organisationId: number;
  responseId: number;
  keys: readonly string[];
  userId: number;
  role: Role;
  /** Submitted (issue 9): threads stay readable, nobody comments or resolves until it is reopened. */
  locked?: boolean;
}): Promise<DiscussionView> {
  const db = getDb();
  const canComment = can(input.role, "comment") && !input.locked;
  return {
    threads: (await listThreads(db, input.organisationId, input.responseId, input.keys)).map(view),
    userId: input.userId,
    canComment,
    canResolve: can(input.role, "resolve") && !input.locked,
    members: canComment ? (await organisationMembers(db, input.organisationId)).map(({ id, name }) => ({ id, name })) : [],
  };
}

/** The chapter page's discussion: per question its open and resolved threads, no texts (issue 20). */
export async function discussionCountsFor(input: { organisationId: number; responseId: number; keys: readonly string[]; role: Role; locked?: boolean }): Promise<DiscussionCounts> {
  return {
    counts: (await threadCounts(getDb(), input.organisationId, input.responseId, input.keys)),
    canComment: can(input.role, "comment") && !input.locked,
  };
}

export async function openCounts(organisationId: number, responseId: number): Promise<Record<string, number>> {
  return Object.fromEntries((await openThreadCounts(getDb(), organisationId, responseId)));
}

export interface DiscussionContext {
  organisationId: number;
  responseId: number;
  questionKey: string;
  userId: number;
  role: Role;
  t: Translate;
}

export type Outcome = { status: 200 | 400 | 403 | 404 | 409; reply: DiscussionReply; threadId?: number };

/** Carries out one discussion post. The caller has checked membership and the question key. */
export async function applyDiscussion(ctx: DiscussionContext, input: DiscussionInput): Promise<Outcome> {
  const db = getDb();
  const { t } = ctx;
  const formId =
    input.intent === "comment"
      ? formIds.comment(ctx.questionKey)
      : input.intent === "reply"
        ? formIds.reply(input.threadId)
        : input.intent === "edit"
          ? formIds.edit(input.commentId)
          : input.intent === "delete"
            ? formIds.delete(input.commentId)
            : formIds.status(input.threadId);
  const kept = { body: "body" in input ? input.body : undefined, note: "note" in input ? input.note : undefined };
  const refuse = (status: Outcome["status"], error: string): Outcome => ({ status, reply: { ok: false, formId, error, ...kept } });
  const done = (threadId: number): Outcome => ({ status: 200, reply: { ok: true, formId }, threadId });

  const checkBody = (raw: string) => {
    const checked = checkCommentText(raw);
    if (checked.ok) return checked;
    return {
      ok: false as const,
      outcome: refuse(
        400,
        checked.problem.kind === "empty" ? t("discussion.error.empty") : t("validation.tooLong", { length: checked.problem.length, max: checked.problem.max }),
      ),
    };
  };

  return await transaction(db, async (tx) => {
    const d = tx as unknown as Db;
    switch (input.intent) {
      case "comment":
      case "reply": {
        let threadId: number | undefined;
        if (input.intent === "reply") {
          const thread = await getThread(d, ctx.organisationId, ctx.responseId, input.threadId);
          if (!thread || thread.questionKey !== ctx.questionKey) return refuse(404, t("discussion.error.noThread"));
          // Every comment deleted: the thread is gone (its placeholders stay readable).
          if (!(await threadHasLiveComments(d, ctx.organisationId, thread.id))) return refuse(404, t("discussion.error.threadDeleted"));
          threadId = thread.id;
        }
        if (!can(ctx.role, "comment")) return refuse(403, t("discussion.error.cannotComment"));
        const body = checkBody(input.body);
        if (!body.ok) return body.outcome;
        threadId ??= (await insertThread(d, { organisationId: ctx.organisationId, responseId: ctx.responseId, questionKey: ctx.questionKey, userId: ctx.userId }));
        const commentId = await insertComment(d, { organisationId: ctx.organisationId, threadId, authorId: ctx.userId, body: body.text });
        await notify(d, ctx, threadId, commentId, body.text, input.intent === "reply");
        return done(threadId);
      }
      case "edit":
      case "delete": {
        const found = await getComment(d, ctx.organisationId, ctx.responseId, input.commentId);
        if (!found || found.thread.questionKey !== ctx.questionKey) return refuse(404, t("discussion.error.noComment"));
        if (found.comment.deletedAt) return refuse(404, t("discussion.error.deleted"));
        if (found.comment.authorId !== ctx.userId || !can(ctx.role, "comment")) return refuse(403, t("discussion.error.notYours"));
        if (found.comment.version !== input.version) return refuse(409, t("discussion.error.stale"));
        if (input.intent === "delete") {
          if (!(await softDeleteComment(d, ctx.organisationId, found.comment.id, input.version, found.comment.body))) return refuse(409, t("discussion.error.stale"));
          return done(found.thread.id);
        }
        const body = checkBody(input.body);
        if (!body.ok) return body.outcome;
        if (body.text !== found.comment.body && !(await updateCommentBody(d, ctx.organisationId, found.comment.id, input.version, body.text, found.comment.body)))
          return refuse(409, t("discussion.error.stale"));
        return done(found.thread.id);
      }
      case "resolve":
      case "reopen": {
        const thread = await getThread(d, ctx.organisationId, ctx.responseId, input.threadId);
        if (!thread || thread.questionKey !== ctx.questionKey) return refuse(404, t("discussion.error.noThread"));
        if (!can(ctx.role, "resolve")) return refuse(403, t("discussion.error.cannotResolve"));
        if (thread.version !== input.version) return refuse(409, t("discussion.error.staleThread"));
        let note: string | null = null;
        if (input.intent === "resolve") {
          note = input.note.trim() || null;
          if (note && [...note].length > RESOLUTION_NOTE_MAX)
            return refuse(400, t("validation.tooLong", { length: [...note].length, max: RESOLUTION_NOTE_MAX }));
        }
        const status = input.intent === "resolve" ? "resolved" : "open";
        if (!(await setThreadStatus(d, { organisationId: ctx.organisationId, threadId: thread.id, version: input.version, status, userId: ctx.userId, note })))
          return refuse(409, t("discussion.error.staleThread"));
        if (status === "resolved" && thread.createdBy !== null && thread.createdBy !== ctx.userId) {
          await insertNotifications(d, [
            { userId: thread.createdBy, organisationId: ctx.organisationId, kind: "resolved", threadId: thread.id, commentId: null, actorId: ctx.userId },
          ]);
          await recordMailEvents(d, [
            { userId: thread.createdBy, organisationId: ctx.organisationId, kind: "resolved", responseId: ctx.responseId, questionKey: ctx.questionKey, threadId: thread.id, actorId: ctx.userId, excerpt: note ?? "" },
          ]);
        }
        return done(thread.id);
      }
    }
  });
}

/** Mentioned members get "mention"; other earlier participants of a reply's thread get "reply". */
async function notify(db: Db, ctx: DiscussionContext, threadId: number, commentId: number, text: string, isReply: boolean) {
  const members = await organisationMembers(db, ctx.organisationId);
  const mentioned = new Set(findMentions(text, members));
  const rows: { userId: number; kind: NotificationKind }[] = [...mentioned].map((userId) => ({ userId, kind: "mention" }));
  if (isReply)
    for (const userId of (await threadParticipants(db, ctx.organisationId, threadId)))
      if (!mentioned.has(userId)) rows.push({ userId, kind: "reply" });
  const told = rows.filter((r) => r.userId !== ctx.userId);
  await insertNotifications(
    db,
    told.map((r) => ({ ...r, organisationId: ctx.organisationId, threadId, commentId, actorId: ctx.userId })),
  );
  // The same people by mail (right away or in the day's digest, as each of them chose).
  await recordMailEvents(
    db,
    told.map((r) => ({
      userId: r.userId,
      kind: r.kind === "mention" ? "mention" : "reply",
      organisationId: ctx.organisationId,
      responseId: ctx.responseId,
      questionKey: ctx.questionKey,
      threadId,
      commentId,
      actorId: ctx.userId,
      excerpt: text,
    })),
  );
}
