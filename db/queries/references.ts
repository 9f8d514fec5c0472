/**
 * Reference answers: other organisations' published answers, read from their printouts, kept
 * read-only beside one of our responses. Every function takes the organisation id.
 */
import { and, asc, eq } from "drizzle-orm";
import type { AnswerValue } from "../../consultation/answers";
import { transaction, type Db } from "../client";
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
export async function listReferences(db: Db, organisationId: number, responseId: number): Promise<ReferenceAnswer[]> {
  return await db
    .select(columns)
    .from(referenceAnswers)
    .leftJoin(users, eq(users.id, referenceAnswers.createdBy))
    .where(and(eq(referenceAnswers.organisationId, organisationId), eq(referenceAnswers.responseId, responseId)))
    .orderBy(asc(referenceAnswers.id));
}

export async function getReference(db: Db, organisationId: number, responseId: number, id: number): Promise<ReferenceAnswer | undefined> {
  return (await db
    .select(columns)
    .from(referenceAnswers)
    .leftJoin(users, eq(users.id, referenceAnswers.createdBy))
    .where(and(eq(referenceAnswers.organisationId, organisationId), eq(referenceAnswers.responseId, responseId), eq(referenceAnswers.id, id))))[0];
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
export async function addReference(db: Db, organisationId: number, responseId: number, input: NewReference): Promise<AddReferenceResult> {
  return await transaction(db, async (tx) => {
    const response = (await tx
      .select({ id: responses.id })
      .from(responses)
      .where(and(eq(responses.id, responseId), eq(responses.organisationId, organisationId))))[0];
    if (!response) return { status: "noResponse" } as const;
    const existing = await tx
      .select({ id: referenceAnswers.id })
      .from(referenceAnswers)
      .where(and(eq(referenceAnswers.organisationId, organisationId), eq(referenceAnswers.responseId, responseId)));
    if (existing.length >= MAX_REFERENCES_PER_RESPONSE) return { status: "full" } as const;
    const row = (await tx
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
      .returning({ id: referenceAnswers.id }))[0]!;
    return { status: "added", id: row.id } as const;
  });
}

export type DeleteReferenceResult = "deleted" | "notFound" | "stale";

/** Deletes a reference named by id and the version the user saw (a stale page gets "stale"). */
export async function deleteReference(db: Db, organisationId: number, responseId: number, id: number, version: number): Promise<DeleteReferenceResult> {
  return await transaction(db, async (tx) => {
    const row = await getReference(tx as unknown as Db, organisationId, responseId, id);
    if (!row) return "notFound";
    if (row.version !== version) return "stale";
    await tx.delete(referenceAnswers).where(and(eq(referenceAnswers.id, id), eq(referenceAnswers.organisationId, organisationId)));
    return "deleted";
  });
}
