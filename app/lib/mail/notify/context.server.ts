/** What a notification mail needs to know about its organisation, response, question and reader. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { memberships, organisations, users } from "../../../../db/schema";
import { formItems } from "../../../../consultation/form";
import { getResponse } from "../../../../db/queries/responses";
import { linkOrigin } from "../../config/public-url.server";
import type { Reader } from "./mails";

export interface ReaderRow extends Reader {
  id: number;
  email: string;
}

/** The reader if they are still a member of the organisation. */
export async function readerIn(db: Db, userId: number, organisationId: number): Promise<ReaderRow | undefined> {
  return (await db
    .select({ id: users.id, email: users.email, name: users.name, lang: users.lang })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organisationId, organisationId)))
    .where(eq(users.id, userId)))[0];
}

export async function organisationOf(db: Db, organisationId: number) {
  return (await db.select({ name: organisations.name, slug: organisations.slug }).from(organisations).where(eq(organisations.id, organisationId)))[0];
}

export async function userName(db: Db, userId: number | null): Promise<string | null> {
  if (userId === null) return null;
  return (await db.select({ name: users.name }).from(users).where(eq(users.id, userId)))[0]?.name ?? null;
}

/** Per response: the consultation's title, official deadline and each question's number (cached for one run). */
export async function responseInfo(db: Db, cache: Map<number, ResponseInfo | null>, organisationId: number, responseId: number): Promise<ResponseInfo | null> {
  if (cache.has(responseId)) return cache.get(responseId)!;
  const response = await getResponse(db, organisationId, responseId);
  const info = response
    ? {
        title: response.consultation.template.title,
        deadline: response.consultation.template.deadline,
        numbers: new Map(formItems(response.consultation.template).map((i) => [i.key, i.number] as const)),
      }
    : null;
  cache.set(responseId, info);
  return info;
}
export interface ResponseInfo {
  title: string;
  deadline: string;
  numbers: Map<string, number | string>;
}

export const origin = () => linkOrigin();

export function questionLink(slug: string, responseId: number, questionKey: string, threadId: number | null): string {
  return `${origin()}/o/${slug}/r/${responseId}/q/${encodeURIComponent(questionKey)}${threadId ? `#t-${threadId}` : ""}`;
}
