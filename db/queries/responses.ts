/** Responses and their answers. Every function takes the organisation id: no query crosses organisations. */
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { AnswerValue } from "../../consultation/answers";
import { transaction, type Db } from "../client";
import { inJson, prepared } from "../statements";
import { answerRevisions, answers, organisations, responses, users } from "../schema";
import { getConsultationVersion, type ConsultationVersion } from "./consultations";
import { assertUnlocked, autoDraft } from "./cockpit";

const param = (name: string) => sql.placeholder(name);


export interface ResponseSummary {
  id: number;
  organisationId: number;
  consultationVersionId: number;
  createdAt: Date;
}

export async function listResponses(db: Db, organisationId: number): Promise<ResponseSummary[]> {
  return await db
    .select({
      id: responses.id,
      organisationId: responses.organisationId,
      consultationVersionId: responses.consultationVersionId,
      createdAt: responses.createdAt,
    })
    .from(responses)
    .where(eq(responses.organisationId, organisationId))
    .orderBy(asc(responses.id));
}

export interface ResponseWithTemplate extends ResponseSummary {
  organisationName: string;
  consultation: ConsultationVersion;
}

/** The response if it belongs to the organisation; undefined otherwise (callers answer 404). */
export async function getResponse(db: Db, organisationId: number, responseId: number): Promise<ResponseWithTemplate | undefined> {
  const row = (await prepared(db, "getResponse", () =>
    db
      .select({
        id: responses.id,
        organisationId: responses.organisationId,
        consultationVersionId: responses.consultationVersionId,
        createdAt: responses.createdAt,
        organisationName: organisations.name,
      })
      .from(responses)
      .innerJoin(organisations, eq(organisations.id, responses.organisationId))
      .where(and(eq(responses.id, param("responseId")), eq(responses.organisationId, param("organisationId"))))
      .prepare(),
  ).execute({ responseId, organisationId }))[0];
  if (!row) return undefined;
  const consultation = await getConsultationVersion(db, row.consultationVersionId);
  return consultation && { ...row, consultation };
}

/** Starts (or returns the existing) response of an organisation to a consultation version. */
export async function startResponse(db: Db, organisationId: number, consultationVersionId: number, userId: number | null): Promise<number> {
  const existing = (await db
    .select({ id: responses.id })
    .from(responses)
    .where(and(eq(responses.organisationId, organisationId), eq(responses.consultationVersionId, consultationVersionId))))[0];
  if (existing) return existing.id;
  return (await db
    .insert(responses)
    .values({ organisationId, consultationVersionId, createdBy: userId })
    .returning({ id: responses.id }))[0]!.id;
}

export interface StoredAnswer {
  key: string;
  value: AnswerValue;
  version: number;
  updatedAt: Date;
  updatedByName: string | null;
}

/**
 * Stored answers of a response, scoped to the organisation; with `keys`, only those answers
 * (a section page reads its own items, not the whole response: at 10× the form that matters).
 */
export async function getAnswers(db: Db, organisationId: number, responseId: number, keys?: readonly string[]): Promise<Map<string, StoredAnswer>> {
  if (keys && keys.length === 0) return new Map();
  const query = (withKeys: boolean) =>
    db
      .select({
        key: answers.questionKey,
        value: answers.value,
        version: answers.version,
        updatedAt: answers.updatedAt,
        updatedByName: users.name,
      })
      .from(answers)
      .innerJoin(responses, eq(responses.id, answers.responseId))
      .leftJoin(users, eq(users.id, answers.updatedBy))
      .where(
        and(
          eq(answers.responseId, param("responseId")),
          eq(responses.organisationId, param("organisationId")),
          withKeys ? inJson(db, answers.questionKey, "keys") : undefined,
        ),
      )
      .prepare();
  const rows = keys
    ? (await prepared(db, "getAnswers:keys", () => query(true)).execute({ responseId, organisationId, keys: JSON.stringify(keys) }))
    : (await prepared(db, "getAnswers", () => query(false)).execute({ responseId, organisationId }));
  return new Map(rows.map((row) => [row.key, row]));
}

export type SaveResult =
  | { status: "saved"; version: number; unchanged: boolean }
  | { status: "conflict"; current: StoredAnswer };

export interface SaveAnswerInput {
  organisationId: number;
  responseId: number;
  key: string;
  value: AnswerValue;
  /** The answer version the edit started from; 0 when there was no answer yet. */
  baseVersion: number;
  userId: number | null;
  source?: "form" | "import" | "printout" | "seed" | "restore" | "merge" | "adopt";
  restoredFrom?: number;
  now?: Date;
}

/**
 * Saves one answer if nobody saved since `baseVersion`; otherwise reports the conflict and
 * writes nothing. The answer and its revision are written in one transaction. Saving the
 * same value again is acknowledged without a new revision.
 */
export async function saveAnswer(db: Db, input: SaveAnswerInput): Promise<SaveResult> {
  const now = input.now ?? new Date();
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    const owned = (await prepared(t, "saveAnswer:owned", () =>
      t
        .select({ id: responses.id })
        .from(responses)
        .where(and(eq(responses.id, param("responseId")), eq(responses.organisationId, param("organisationId"))))
        .prepare(),
    ).execute({ responseId: input.responseId, organisationId: input.organisationId }))[0];
    if (!owned) throw new Error(`response ${input.responseId} not found for organisation ${input.organisationId}`);
    // A submitted response takes no saves: checked under the write lock, so no save lands after a submit's snapshot.
    await assertUnlocked(t, input.responseId);
    const current = (await prepared(t, "saveAnswer:current", () =>
      t
        .select()
        .from(answers)
        .where(and(eq(answers.responseId, param("responseId")), eq(answers.questionKey, param("key"))))
        .prepare(),
    ).execute({ responseId: input.responseId, key: input.key }))[0];
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== input.baseVersion) {
      const full = (await getAnswers(tx as unknown as Db, input.organisationId, input.responseId, [input.key])).get(input.key)!;
      return { status: "conflict", current: full } as const;
    }
    if (current && JSON.stringify(current.value) === JSON.stringify(input.value))
      return { status: "saved", version: currentVersion, unchanged: true } as const;
    const version = currentVersion + 1;
    // Prepared once per handle. The value goes in as the JSON text drizzle stores (null stays NULL,
    // so the NOT NULL constraint still refuses it: a placeholder through the column's encoder would
    // write the text "null"), the time as epoch milliseconds.
    const value = input.value == null ? null : JSON.stringify(input.value);
    const at = now.getTime();
    const raw = (name: string) => sql`${param(name)}`;
    let answerId: number;
    if (current) {
      await prepared(t, "saveAnswer:update", () =>
        t
          .update(answers)
          .set({ value: raw("value"), version: raw("version"), updatedBy: raw("userId"), updatedAt: raw("at") })
          .where(eq(answers.id, param("id")))
          .prepare(),
      ).execute({ value, version, userId: input.userId, at, id: current.id });
      answerId = current.id;
    } else {
      const inserted = await prepared(t, "saveAnswer:insert", () =>
        t
          .insert(answers)
          .values({ responseId: raw("responseId"), questionKey: raw("key"), value: raw("value"), version: raw("version"), updatedBy: raw("userId"), updatedAt: raw("at") })
          .returning({ id: answers.id })
          .prepare(),
      ).execute({ responseId: input.responseId, key: input.key, value, version, userId: input.userId, at });
      answerId = inserted[0]!.id;
    }
    await prepared(t, "saveAnswer:revision", () =>
      t
        .insert(answerRevisions)
        .values({
          answerId: raw("answerId"),
          version: raw("version"),
          value: raw("value"),
          createdBy: raw("userId"),
          createdAt: raw("at"),
          source: raw("source"),
          restoredFrom: raw("restoredFrom"),
        })
        .prepare(),
    ).execute({ answerId, version, value, userId: input.userId, at, source: input.source ?? "form", restoredFrom: input.restoredFrom ?? null });
    // Every write path (form, autosave, import, restore, merge, seed) comes through here.
    await autoDraft(t, input.organisationId, input.responseId, input.key, input.userId, at);
    return { status: "saved", version, unchanged: false } as const;
  });
}

export interface Revision {
  id: number;
  key: string;
  version: number;
  value: AnswerValue;
  createdAt: Date;
  createdByName: string | null;
  source: string;
  restoredFrom: number | null;
}

/** One answer of a response, only when the response is the organisation's (query joins answers → responses). */
function oneAnswer(organisationId: number, responseId: number, key: string) {
  return and(eq(answers.responseId, responseId), eq(answers.questionKey, key), eq(responses.organisationId, organisationId));
}

/** Revision rows with their answer key and author, for the organisation's responses only. */
function revisions(db: Db, where: SQL | undefined) {
  return db
    .select({
      id: answerRevisions.id,
      key: answers.questionKey,
      version: answerRevisions.version,
      value: answerRevisions.value,
      createdAt: answerRevisions.createdAt,
      createdByName: users.name,
      source: answerRevisions.source,
      restoredFrom: answerRevisions.restoredFrom,
    })
    .from(answerRevisions)
    .innerJoin(answers, eq(answers.id, answerRevisions.answerId))
    .innerJoin(responses, eq(responses.id, answers.responseId))
    .leftJoin(users, eq(users.id, answerRevisions.createdBy))
    .where(where);
}

/** Revisions of one answer, oldest first. */
export async function listRevisions(db: Db, organisationId: number, responseId: number, key: string): Promise<Revision[]> {
  return await revisions(db, oneAnswer(organisationId, responseId, key)).orderBy(asc(answerRevisions.version));
}

/** The value an answer had at `version` (undefined for version 0 or an unknown version). */
export async function getRevisionValue(db: Db, organisationId: number, responseId: number, key: string, version: number): Promise<AnswerValue | undefined> {
  if (version === 0) return undefined;
  return (await db
    .select({ value: answerRevisions.value })
    .from(answerRevisions)
    .innerJoin(answers, eq(answers.id, answerRevisions.answerId))
    .innerJoin(responses, eq(responses.id, answers.responseId))
    .where(and(oneAnswer(organisationId, responseId, key), eq(answerRevisions.version, version))))[0]?.value;
}

export async function getRevision(db: Db, organisationId: number, responseId: number, key: string, revisionId: number): Promise<Revision | undefined> {
  return (await revisions(db, and(oneAnswer(organisationId, responseId, key), eq(answerRevisions.id, revisionId))))[0];
}

export interface RevisionPage {
  /** This page's revisions, newest first. */
  revisions: Revision[];
  /** The revision just older than the page's last one (its diff needs it); undefined on the last page. */
  previous: Revision | undefined;
  total: number;
  /** The answer's current version (0: never answered). */
  currentVersion: number;
}

/**
 * One page of an answer's history, newest first: `size` revisions plus the one before them, read
 * with LIMIT/OFFSET on the (answer, version) index, so a long history costs one page's rows.
 */
export async function revisionPage(db: Db, organisationId: number, responseId: number, key: string, page: number, size: number): Promise<RevisionPage> {
  const answer = (await db
    .select({ version: answers.version, total: count(answerRevisions.id) })
    .from(answers)
    .innerJoin(responses, eq(responses.id, answers.responseId))
    .leftJoin(answerRevisions, eq(answerRevisions.answerId, answers.id))
    .where(oneAnswer(organisationId, responseId, key))
    .groupBy(answers.id))[0];
  if (!answer) return { revisions: [], previous: undefined, total: 0, currentVersion: 0 };
  const rows = await revisions(db, oneAnswer(organisationId, responseId, key))
    .orderBy(desc(answerRevisions.version))
    .limit(size + 1)
    .offset((page - 1) * size);
  return { revisions: rows.slice(0, size), previous: rows[size], total: answer.total, currentVersion: answer.version };
}

/** The newest saves across a response (any answer), newest first. */
export async function recentChanges(db: Db, organisationId: number, responseId: number, limit = 10): Promise<Revision[]> {
  return await revisions(db, and(eq(answers.responseId, responseId), eq(responses.organisationId, organisationId)))
    .orderBy(desc(answerRevisions.createdAt), desc(answerRevisions.id))
    .limit(limit);
}
