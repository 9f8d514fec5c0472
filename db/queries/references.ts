/**
 * Reference answers: other organisations' published answers, read from their printouts, kept
 * read-only beside one of our responses. Every function takes the organisation id.
 */
import { and, asc, eq } from "drizzle-orm";
import type { AnswerValue } from "../../consultation/answers";
import { IMMEDIATE, type Db } from "../client";
import { referenceAnswers, responses, users } from "../schema";

/** A response has at most this many references: enough for every allied organisation, bounded for the pages. */
export const MAX_REFERENCES_PER_RESPONSE = 30;

export interface ReferenceAnswer {
  id: number;
  organisationName: string;
  sourceUrl: string | null;
  publishedOn: string | null;
  answers: Record<string, AnswerValue>;
  problems: string[];
  createdBy: number | null;
  createdByName: string | null;
  createdAt: Date;
  version: number;
}

const columns = {
  id: referenceAnswers.id,
  organisationName: referenceAnswers.organisationName,
  sourceUrl: referenceAnswers.sourceUrl,
  publishedOn: referenceAnswers.publishedOn,
  answers: referenceAnswers.answers,
  problems: referenceAnswers.problems,
  createdBy: referenceAnswers.createdBy,
  createdByName: users.name,
  createdAt: referenceAnswers.createdAt,
  version: referenceAnswers.version,
};

/** The response's references, oldest first (a stable column order on the comparison page). */
export function listReferences(db: Db, organisationId: number, responseId: number): ReferenceAnswer[] {
  return db
    .select(columns)
    .from(referenceAnswers)
    .leftJoin(users, eq(users.id, referenceAnswers.createdBy))
    .where(and(eq(referenceAnswers.organisationId, organisationId), eq(referenceAnswers.responseId, responseId)))
    .orderBy(asc(referenceAnswers.id))
    .all();
}

export function getReference(db: Db, organisationId: number, responseId: number, id: number): ReferenceAnswer | undefined {
  return db
    .select(columns)
    .from(referenceAnswers)
    .leftJoin(users, eq(users.id, referenceAnswers.createdBy))
    .where(and(eq(referenceAnswers.organisationId, organisationId), eq(referenceAnswers.responseId, responseId), eq(referenceAnswers.id, id)))
    .get();
}

export interface NewReference {
  organisationName: string;
  sourceUrl?: string | null;
  publishedOn?: string | null;
  answers: Record<string, AnswerValue>;
  problems?: string[];
  createdBy: number | null;
}

export type AddReferenceResult = { status: "added"; id: number } | { status: "full" } | { status: "noResponse" };

/** Adds a reference to one of the organisation's responses (checked in the same transaction). */
export function addReference(db: Db, organisationId: number, responseId: number, input: NewReference): AddReferenceResult {
  return db.transaction((tx) => {
    const response = tx
      .select({ id: responses.id })
      .from(responses)
      .where(and(eq(responses.id, responseId), eq(responses.organisationId, organisationId)))
      .get();
    if (!response) return { status: "noResponse" } as const;
    const existing = tx
      .select({ id: referenceAnswers.id })
      .from(referenceAnswers)
      .where(and(eq(referenceAnswers.organisationId, organisationId), eq(referenceAnswers.responseId, responseId)))
      .all();
    if (existing.length >= MAX_REFERENCES_PER_RESPONSE) return { status: "full" } as const;
    const row = tx
      .insert(referenceAnswers)
      .values({
        organisationId,
        responseId,
        organisationName: input.organisationName,
        sourceUrl: input.sourceUrl ?? null,
        publishedOn: input.publishedOn ?? null,
        answers: input.answers,
        problems: input.problems ?? [],
        createdBy: input.createdBy,
      })
      .returning({ id: referenceAnswers.id })
      .get();
    return { status: "added", id: row.id } as const;
  }, IMMEDIATE);
}

export type DeleteReferenceResult = "deleted" | "notFound" | "stale";

/** Deletes a reference named by id and the version the user saw (a stale page gets "stale"). */
export function deleteReference(db: Db, organisationId: number, responseId: number, id: number, version: number): DeleteReferenceResult {
  return db.transaction((tx) => {
    const row = getReference(tx as unknown as Db, organisationId, responseId, id);
    if (!row) return "notFound";
    if (row.version !== version) return "stale";
    tx.delete(referenceAnswers).where(and(eq(referenceAnswers.id, id), eq(referenceAnswers.organisationId, organisationId))).run();
    return "deleted";
  }, IMMEDIATE);
}
