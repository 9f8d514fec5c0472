/**
 * The cockpit (issue 9): question status and assignee, the internal deadline, check
 * acknowledgements and submissions with their frozen bytes. Every function takes the organisation id.
 *
 * The lock: a response is locked while its newest submission is not reopened. `assertUnlocked` is
 * called inside the write transactions (saveAnswer, and every write here), so a submit that wins the
 * write lock first is seen by any save that comes after it.
 */
import { and, desc, eq, inArray, max, ne, sql } from "drizzle-orm";
import { isQuestionStatus, statusAfterSave, type QuestionStatus } from "../../consultation/question-status";
import { transaction, type Db } from "../client";
import { inJson, prepared } from "../statements";
import {
  answerRevisions,
  answers,
  checkAcknowledgements,
  consultationVersions,
  memberships,
  organisations,
  questionWork,
  responses,
  submissions,
  users,
  type SubmissionChannel,
} from "../schema";

/** Thrown by a write transaction on a submitted response; the app answers 423. */
export class ResponseLockedError extends Error {
  constructor(readonly responseId: number) {
    super(`response ${responseId} is submitted and locked`);
    this.name = "ResponseLockedError";
  }
}


/** Whether the response's newest submission stands (not reopened). */
export async function isLocked(db: Db, responseId: number): Promise<boolean> {
  const row = (
    await prepared(db, "cockpit:isLocked", () =>
      db
        .select({ reopenedAt: submissions.reopenedAt })
        .from(submissions)
        .where(eq(submissions.responseId, sql.placeholder("responseId")))
        .orderBy(desc(submissions.id))
        .limit(1)
        .prepare(),
    ).execute({ responseId })
  )[0];
  return row !== undefined && row.reopenedAt === null;
}

export async function assertUnlocked(db: Db, responseId: number): Promise<void> {
  if ((await isLocked(db, responseId))) throw new ResponseLockedError(responseId);
}

/**
 * The automatic step: an answer saved to an open question (no row, or status open) makes it a
 * draft. Called by saveAnswer in its transaction.
 */
export async function autoDraft(db: Db, organisationId: number, responseId: number, key: string, userId: number | null, at: number): Promise<void> {
  const row = (
    await prepared(db, "cockpit:autoDraft:status", () =>
      db
        .select({ status: questionWork.status })
        .from(questionWork)
        .where(and(eq(questionWork.responseId, sql.placeholder("responseId")), eq(questionWork.questionKey, sql.placeholder("key"))))
        .prepare(),
    ).execute({ responseId, key })
  )[0];
  if (row && statusAfterSave(row.status) === row.status) return;
  if (row)
    await prepared(db, "cockpit:autoDraft:update", () =>
      db
        .update(questionWork)
        .set({ status: "draft", version: sql`${questionWork.version} + 1`, updatedBy: sql`${sql.placeholder("userId")}`, updatedAt: sql`${sql.placeholder("at")}` })
        .where(and(eq(questionWork.responseId, sql.placeholder("responseId")), eq(questionWork.questionKey, sql.placeholder("key"))))
        .prepare(),
    ).execute({ userId, at, responseId, key });
  else
    await prepared(db, "cockpit:autoDraft:insert", () =>
      db
        .insert(questionWork)
        .values({
          organisationId: sql`${sql.placeholder("organisationId")}`,
          responseId: sql`${sql.placeholder("responseId")}`,
          questionKey: sql`${sql.placeholder("key")}`,
          status: "draft",
          version: 1,
          updatedBy: sql`${sql.placeholder("userId")}`,
          updatedAt: sql`${sql.placeholder("at")}`,
        })
        .prepare(),
    ).execute({ organisationId, responseId, key, userId, at });
}

export interface QuestionWork {
  key: string;
  status: QuestionStatus;
  assigneeId: number | null;
  assigneeName: string | null;
  version: number;
  updatedByName: string | null;
  updatedAt: Date;
}

/** Status and assignee per question key (absent: open, unassigned, version 0). */
export async function getWork(db: Db, organisationId: number, responseId: number, keys?: readonly string[]): Promise<Map<string, QuestionWork>> {
  // Every chapter page: prepared once per connection (with and without a list of keys).
  const query = prepared(db, keys ? "work.get.keys" : "work.get", () => {
    const assignee = sql<string | null>`(select name from ${users} where ${users.id} = ${questionWork.assigneeId})`;
    return db
      .select({
        key: questionWork.questionKey,
        status: questionWork.status,
        assigneeId: questionWork.assigneeId,
        assigneeName: assignee,
        version: questionWork.version,
        updatedByName: users.name,
        updatedAt: questionWork.updatedAt,
      })
      .from(questionWork)
      .leftJoin(users, eq(users.id, questionWork.updatedBy))
      .where(
        and(
          eq(questionWork.organisationId, sql.placeholder("org")),
          eq(questionWork.responseId, sql.placeholder("response")),
          keys ? inJson(db, questionWork.questionKey, "keys") : undefined,
        ),
      )
      .prepare();
  });
  const rows = await query.execute({ org: organisationId, response: responseId, ...(keys ? { keys: JSON.stringify(keys) } : {}) });
  return new Map(rows.map((r) => [r.key, r]));
}

export const NO_WORK = { status: "open" as QuestionStatus, assigneeId: null, assigneeName: null, version: 0 };

export interface WorkChange {
  key: string;
  /** The version the user saw (0: no row yet). */
  version: number;
  status?: QuestionStatus;
  /** null: unassign. */
  assigneeId?: number | null;
}

export type WorkResult =
  | { status: "saved"; changed: number }
  | { status: "conflict"; keys: string[] }
  | { status: "badAssignee" }
  | { status: "badStatus" };

/** Members who may be assigned questions: editors, secretariat and admins of the organisation. */
export async function assignableMembers(db: Db, organisationId: number): Promise<{ id: number; name: string }[]> {
  return await db
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), inArray(memberships.role, ["admin", "secretariat", "editor"])))
    .orderBy(users.name);
}

/** Names of all the organisation's members (the personal-data check looks for them in answers). */
export async function memberNames(db: Db, organisationId: number): Promise<string[]> {
  return (await db
    .select({ name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    )
    .map((r) => r.name);
}

/**
 * Sets status and/or assignee of several questions at once, each against the version the user saw:
 * any stale one is a conflict and nothing is written. `validKeys` are the form's item keys.
 */
export async function setWork(
  db: Db,
  input: {
    organisationId: number;
    responseId: number;
    userId: number;
    changes: WorkChange[];
    validKeys: ReadonlySet<string>;
    now?: Date;
    /** Called in the transaction with each question newly assigned to someone (mail, issue 22). */
    onAssigned?: (db: Db, assigned: { key: string; assigneeId: number }[]) => Promise<void>;
  },
): Promise<WorkResult> {
  const at = (input.now ?? new Date()).getTime();
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    await assertUnlocked(t, input.responseId);
    if (input.changes.some((c) => c.status !== undefined && !isQuestionStatus(c.status))) return { status: "badStatus" } as const;
    const assignable = new Set((await assignableMembers(t, input.organisationId)).map((m) => m.id));
    if (input.changes.some((c) => c.assigneeId != null && !assignable.has(c.assigneeId))) return { status: "badAssignee" } as const;
    const current = await getWork(t, input.organisationId, input.responseId, input.changes.map((c) => c.key));
    const stale = input.changes.filter((c) => !input.validKeys.has(c.key) || (current.get(c.key)?.version ?? 0) !== c.version).map((c) => c.key);
    if (stale.length) return { status: "conflict", keys: stale } as const;
    let changed = 0;
    const assigned: { key: string; assigneeId: number }[] = [];
    for (const change of input.changes) {
      const row = current.get(change.key);
      const status = change.status ?? row?.status ?? "open";
      const assigneeId = change.assigneeId === undefined ? (row?.assigneeId ?? null) : change.assigneeId;
      if (status === (row?.status ?? "open") && assigneeId === (row?.assigneeId ?? null)) continue;
      changed++;
      if (assigneeId !== null && assigneeId !== (row?.assigneeId ?? null)) assigned.push({ key: change.key, assigneeId });
      if (row)
        await t
          .update(questionWork)
          .set({ status, assigneeId, version: sql`${questionWork.version} + 1`, updatedBy: input.userId, updatedAt: new Date(at) })
          .where(and(eq(questionWork.responseId, input.responseId), eq(questionWork.questionKey, change.key)));
      else
        await t.insert(questionWork).values({
          organisationId: input.organisationId,
          responseId: input.responseId,
          questionKey: change.key,
          status,
          assigneeId,
          version: 1,
          updatedBy: input.userId,
          updatedAt: new Date(at),
        });
    }
    if (assigned.length) await input.onAssigned?.(t, assigned);
    return { status: "saved", changed } as const;
  });
}

export interface ResponseMeta {
  internalDeadline: string | null;
  version: number;
}

export async function responseMeta(db: Db, organisationId: number, responseId: number): Promise<ResponseMeta | undefined> {
  return (await db
    .select({ internalDeadline: responses.internalDeadline, version: responses.version })
    .from(responses)
    .where(and(eq(responses.id, responseId), eq(responses.organisationId, organisationId))))[0];
}

/** Sets (or clears, with null) the internal deadline against the response version the user saw. */
export async function setInternalDeadline(
  db: Db,
  organisationId: number,
  responseId: number,
  deadline: string | null,
  version: number,
): Promise<{ status: "saved"; version: number } | { status: "conflict"; current: ResponseMeta }> {
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    await assertUnlocked(t, responseId);
    const current = (await responseMeta(t, organisationId, responseId))!;
    if (current.version !== version) return { status: "conflict", current } as const;
    await t.update(responses)
      .set({ internalDeadline: deadline, version: version + 1 })
      .where(and(eq(responses.id, responseId), eq(responses.organisationId, organisationId)));
    return { status: "saved", version: version + 1 } as const;
  });
}

/** The newest revision id of a response's answers: a submit checks nothing was saved while it built the files. */
export async function answersMark(db: Db, organisationId: number, responseId: number): Promise<number> {
  const row = (
    await prepared(db, "cockpit:answersMark", () =>
      db
        .select({ mark: max(answerRevisions.id) })
        .from(answerRevisions)
        .innerJoin(answers, eq(answers.id, answerRevisions.answerId))
        .innerJoin(responses, eq(responses.id, answers.responseId))
        .where(and(eq(answers.responseId, sql.placeholder("responseId")), eq(responses.organisationId, sql.placeholder("organisationId"))))
        .prepare(),
    ).execute({ responseId, organisationId })
  )[0];
  return Number(row?.mark ?? 0);
}

export interface SubmissionFiles {
  docx: Buffer;
  docxName: string;
  markdown: Buffer;
  markdownName: string;
  docxSha256: string;
  markdownSha256: string;
  pdf: Buffer;
  pdfName: string;
  pdfSha256: string;
}

export type SubmitResult = { status: "submitted"; id: number } | { status: "alreadySubmitted" } | { status: "changed" };

/** Stores a submission with its files, unless the response is already submitted or changed since `mark`. */
export async function submitResponse(
  db: Db,
  input: {
    organisationId: number;
    responseId: number;
    userId: number;
    submittedOn: string;
    channel: SubmissionChannel;
    receipt: string | null;
    files: SubmissionFiles;
    mark: number;
    now?: Date;
  },
): Promise<SubmitResult> {
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    if ((await isLocked(t, input.responseId))) return { status: "alreadySubmitted" } as const;
    if ((await answersMark(t, input.organisationId, input.responseId)) !== input.mark) return { status: "changed" } as const;
    const id = (await t
      .insert(submissions)
      .values({
        organisationId: input.organisationId,
        responseId: input.responseId,
        submittedOn: input.submittedOn,
        submittedAt: input.now ?? new Date(),
        submittedBy: input.userId,
        channel: input.channel,
        receipt: input.receipt,
        ...input.files,
      })
      .returning({ id: submissions.id }))[0]!.id;
    return { status: "submitted", id } as const;
  });
}

/** Reopens the standing submission (with the admin's reason); false if the response is not submitted. */
export async function reopenResponse(db: Db, organisationId: number, responseId: number, userId: number, reason: string, now = new Date()): Promise<boolean> {
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    const latest = (await t
      .select({ id: submissions.id, reopenedAt: submissions.reopenedAt })
      .from(submissions)
      .where(and(eq(submissions.responseId, responseId), eq(submissions.organisationId, organisationId)))
      .orderBy(desc(submissions.id))
      .limit(1))[0];
    if (!latest || latest.reopenedAt !== null) return false;
    await t.update(submissions).set({ reopenedAt: now, reopenedBy: userId, reopenReason: reason }).where(eq(submissions.id, latest.id));
    return true;
  });
}

export type SubmittedFormat = "docx" | "md" | "pdf";
export const SUBMITTED_FORMATS: readonly SubmittedFormat[] = ["docx", "md", "pdf"];

export interface SubmittedFile {
  format: SubmittedFormat;
  /** The file name as downloaded (UTF-8). */
  name: string;
  sha256: string;
}

/** The stored file name is the JSON of an ExportFilename ({ ascii, utf8 }). */
const downloadName = (stored: string) => (JSON.parse(stored) as { utf8: string }).utf8;

export interface SubmissionEntry {
  id: number;
  submittedOn: string;
  submittedAt: Date;
  submittedByName: string | null;
  channel: SubmissionChannel;
  receipt: string | null;
  /** The frozen files, each with its download name and full SHA-256 (no PDF in submissions stored before it was frozen). */
  files: SubmittedFile[];
  reopenedAt: Date | null;
  reopenedByName: string | null;
  reopenReason: string | null;
}

/** The submission log of a response, newest first (without the files). */
export async function listSubmissions(db: Db, organisationId: number, responseId: number): Promise<SubmissionEntry[]> {
  const name = (column: typeof submissions.submittedBy | typeof submissions.reopenedBy) =>
    sql<string | null>`(select name from ${users} where ${users.id} = ${column})`;
  return (await db
    .select({
      id: submissions.id,
      submittedOn: submissions.submittedOn,
      submittedAt: submissions.submittedAt,
      submittedByName: name(submissions.submittedBy),
      channel: submissions.channel,
      receipt: submissions.receipt,
      docxName: submissions.docxName,
      docxSha256: submissions.docxSha256,
      markdownName: submissions.markdownName,
      markdownSha256: submissions.markdownSha256,
      pdfName: submissions.pdfName,
      pdfSha256: submissions.pdfSha256,
      reopenedAt: submissions.reopenedAt,
      reopenedByName: name(submissions.reopenedBy),
      reopenReason: submissions.reopenReason,
    })
    .from(submissions)
    .where(and(eq(submissions.responseId, responseId), eq(submissions.organisationId, organisationId)))
    .orderBy(desc(submissions.id))
    )
    .map(({ docxName, docxSha256, markdownName, markdownSha256, pdfName, pdfSha256, ...entry }) => ({
      ...entry,
      files: [
        { format: "docx" as const, name: downloadName(docxName), sha256: docxSha256 },
        { format: "md" as const, name: downloadName(markdownName), sha256: markdownSha256 },
        ...(pdfName && pdfSha256 ? [{ format: "pdf" as const, name: downloadName(pdfName), sha256: pdfSha256 }] : []),
      ],
    }));
}

/** One stored file of a submission, exactly as stored; undefined for another organisation's id (or no PDF frozen). */
export async function submissionFile(
  db: Db,
  organisationId: number,
  responseId: number,
  submissionId: number,
  format: SubmittedFormat,
): Promise<{ bytes: Buffer; name: string; sha256: string } | undefined> {
  const columns = {
    docx: { bytes: submissions.docx, name: submissions.docxName, sha256: submissions.docxSha256 },
    md: { bytes: submissions.markdown, name: submissions.markdownName, sha256: submissions.markdownSha256 },
    pdf: { bytes: submissions.pdf, name: submissions.pdfName, sha256: submissions.pdfSha256 },
  }[format];
  const row = (await db
    .select(columns)
    .from(submissions)
    .where(and(eq(submissions.id, submissionId), eq(submissions.responseId, responseId), eq(submissions.organisationId, organisationId))))[0];
  if (!row?.bytes || !row.name || !row.sha256) return undefined;
  return { bytes: row.bytes, name: row.name, sha256: row.sha256 };
}

export async function acknowledgedFindings(db: Db, organisationId: number, responseId: number): Promise<Set<string>> {
  return new Set(
    (await db
      .select({ f: checkAcknowledgements.fingerprint })
      .from(checkAcknowledgements)
      .where(and(eq(checkAcknowledgements.responseId, responseId), eq(checkAcknowledgements.organisationId, organisationId)))
      )
      .map((r) => r.f),
  );
}

/** Marks several findings as seen at once (one transaction): "mark all of this kind as seen". */
export async function acknowledgeAll(db: Db, organisationId: number, responseId: number, fingerprints: readonly string[], userId: number): Promise<void> {
  await transaction(db, async (tx) => {
    const now = new Date();
    for (const fingerprint of fingerprints)
      await tx.insert(checkAcknowledgements).values({ organisationId, responseId, fingerprint, acknowledgedBy: userId, acknowledgedAt: now }).onConflictDoNothing();
  });
}

export async function setAcknowledged(db: Db, organisationId: number, responseId: number, fingerprint: string, on: boolean, userId: number): Promise<void> {
  await transaction(db, async (tx) => {
    const where = and(
      eq(checkAcknowledgements.responseId, responseId),
      eq(checkAcknowledgements.organisationId, organisationId),
      eq(checkAcknowledgements.fingerprint, fingerprint),
    );
    if (!on) await tx.delete(checkAcknowledgements).where(where);
    else
      await tx.insert(checkAcknowledgements)
        .values({ organisationId, responseId, fingerprint, acknowledgedBy: userId, acknowledgedAt: new Date() })
        .onConflictDoNothing();
  });
}

export interface TaskRow {
  organisationSlug: string;
  organisationName: string;
  responseId: number;
  consultationVersionId: number;
  internalDeadline: string | null;
  key: string;
  status: QuestionStatus;
}

/**
 * Questions assigned to the user and not yet agreed, across the organisations they are still a
 * member of (a membership join: a removed member's old assignments do not show).
 */
export async function myTasks(db: Db, userId: number): Promise<TaskRow[]> {
  return await db
    .select({
      organisationSlug: organisations.slug,
      organisationName: organisations.name,
      responseId: responses.id,
      consultationVersionId: responses.consultationVersionId,
      internalDeadline: responses.internalDeadline,
      key: questionWork.questionKey,
      status: questionWork.status,
    })
    .from(questionWork)
    .innerJoin(responses, and(eq(responses.id, questionWork.responseId), eq(responses.organisationId, questionWork.organisationId)))
    .innerJoin(organisations, eq(organisations.id, responses.organisationId))
    .innerJoin(memberships, and(eq(memberships.organisationId, organisations.id), eq(memberships.userId, userId)))
    .innerJoin(consultationVersions, eq(consultationVersions.id, responses.consultationVersionId))
    .where(and(eq(questionWork.assigneeId, userId), ne(questionWork.status, "agreed")))
    .orderBy(organisations.name, responses.id, questionWork.id);
}
