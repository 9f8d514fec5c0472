/**
 * Saving a section form: only fields the user changed are written, each against the version it
 * started from. A field someone else changed meanwhile is a conflict: nothing is written and the
 * caller shows both versions. Everything runs in one transaction.
 */
import { getDb, transaction, type Db } from "../../db/client";
import { getAnswers, getRevision, getRevisionValue, revisionPage, saveAnswer, type Revision, type SaveResult } from "../../db/queries/responses";
import type { FieldConflict } from "./conflict";
import { sameValue, type AnswerValue } from "../../consultation/answers";
import { conditionalKeys, feedbackNotAsked, type NotAskedProblem } from "../../consultation/conditional";
import type { FormItem } from "../../consultation/form";
import { checkAnswer, type AnswerProblem } from "../../consultation/validate";
import { fieldName, toAnswerValue } from "./section-form/section-schema";

import { ResponseLockedError } from "../../db/queries/cockpit";
import { lockedResponse } from "./auth/membership.server";

export type { FieldConflict };

export type SaveSectionResult =
  | { status: "saved"; versions: Record<string, number>; changed: string[] }
  | { status: "conflict"; conflicts: FieldConflict[] }
  /** Feedback given where it is not asked (consultation/conditional.ts): nothing stored. */
  | { status: "notAsked"; problems: NotAskedProblem[] };

export async function saveSection(
  db: Db,
  input: {
    organisationId: number;
    responseId: number;
    items: FormItem[];
    values: Record<string, unknown>;
    baseVersions: Record<string, number>;
    userId: number;
    source?: "form" | "merge";
  },
): Promise<SaveSectionResult> {
  const { organisationId, responseId } = input;
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    // Only the submitted fields' answers: a save must not read the whole response (write lock held).
    const submitted = input.items.filter((item) => input.baseVersions[fieldName(item.key)] !== undefined).map((item) => item.key);
    const current = await getAnswers(t, organisationId, responseId, submitted);
    const writes: { item: FormItem; value: AnswerValue; base: number }[] = [];
    const conflicts: FieldConflict[] = [];
    const versions: Record<string, number> = {};
    for (const item of input.items) {
      const field = fieldName(item.key);
      const base = input.baseVersions[field];
      if (base === undefined) continue; // not part of this submission
      const mine = toAnswerValue(item, input.values[field]);
      const stored = current.get(item.key);
      const storedVersion = stored?.version ?? 0;
      // A base newer than the stored version never existed (crafted, or another response's page).
      const unknownBase = base > storedVersion;
      if (!unknownBase && sameValue(mine, stored?.value)) {
        // Nothing to write; tell the client which version its value now corresponds to.
        versions[field] = storedVersion;
        continue;
      }
      if (storedVersion === base) {
        writes.push({ item, value: mine, base });
        continue;
      }
      // Someone saved since this edit started; if this user left the field alone, theirs stands.
      if (!unknownBase && sameValue(mine, (await getRevisionValue(t, organisationId, responseId, item.key, base)))) continue;
      conflicts.push({
        key: item.key,
        field,
        mine,
        theirs: stored?.value ?? toAnswerValue(item, undefined),
        theirVersion: storedVersion,
        theirAuthor: stored?.updatedByName ?? null,
        theirAt: stored ? stored.updatedAt.toISOString() : null,
        ...(unknownBase ? { unknownBase: base } : {}),
      });
    }
    if (conflicts.length) return { status: "conflict", conflicts } as const;
    // The conditional rule over what this save writes, merged with the stored answers.
    const changed = new Map(writes.map((w) => [w.item.key, w.value]));
    const extra = conditionalKeys(input.items, changed.keys()).filter((key) => !current.has(key) && !submitted.includes(key));
    const others = extra.length ? (await getAnswers(t, organisationId, responseId, extra)) : new Map();
    const problems = feedbackNotAsked(input.items, changed, (key) => (current.get(key) ?? others.get(key))?.value);
    if (problems.length) return { status: "notAsked", problems } as const;
    for (const { item, value, base } of writes) {
      const result = await saveAnswer(t, {
        organisationId,
        responseId,
        key: item.key,
        value,
        baseVersion: base,
        userId: input.userId,
        source: input.source ?? "form",
      });
      if (result.status !== "saved") throw new Error(`unexpected conflict on ${item.key}`); // checked above, same transaction
      versions[fieldName(item.key)] = result.version;
    }
    return { status: "saved", versions, changed: writes.map((w) => w.item.key) } as const;
  });
}

/** Revisions shown per history page. */
export const HISTORY_PAGE_SIZE = 50;

const forPage = (r: Revision) => ({ ...r, createdAt: r.createdAt.toISOString() });

/**
 * One page (1 = newest) of an answer's revisions, newest first, with the revision just before the
 * page for the last diff; undefined when the page does not exist.
 */
export async function answerHistory(organisationId: number, responseId: number, key: string, page: number) {
  const result = await revisionPage(getDb(), organisationId, responseId, key, page, HISTORY_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(result.total / HISTORY_PAGE_SIZE));
  if (page > pages) return undefined;
  return {
    revisions: result.revisions.map(forPage),
    previous: result.previous && forPage(result.previous),
    currentVersion: result.currentVersion,
    page,
    pages,
  };
}

/**
 * Restores a revision as a new one, against the version the user saw; undefined if it does not
 * exist. The value passes the same answer rules as every other write: it may predate a rule
 * (e.g. the size limit).
 */
export async function restoreRevision(input: {
  organisationId: number;
  responseId: number;
  item: FormItem;
  /** The whole form: the conditional rule looks at the item's trigger or feedback. */
  items: FormItem[];
  revisionId: number;
  baseVersion: number;
  userId: number;
}): Promise<{ revision: { version: number }; result: SaveResult | { status: "invalid"; problems: AnswerProblem[] } } | undefined> {
  return refuseLocked(async () => await transaction(getDb(), async (tx) => {
    const db = tx as unknown as Db;
    const revision = await getRevision(db, input.organisationId, input.responseId, input.item.key, input.revisionId);
    if (!revision) return undefined;
    const problems: AnswerProblem[] = checkAnswer(input.item, revision.value);
    if (!problems.length) {
      // The conditional rule: the restored value merged with the stored answers.
      const restored = new Map([[input.item.key, revision.value]]);
      const stored = await getAnswers(db, input.organisationId, input.responseId, conditionalKeys(input.items, restored.keys()));
      problems.push(...feedbackNotAsked(input.items, restored, (key) => stored.get(key)?.value));
    }
    if (problems.length) return { revision, result: { status: "invalid" as const, problems } };
    const result = await saveAnswer(db, {
      organisationId: input.organisationId,
      responseId: input.responseId,
      key: input.item.key,
      value: revision.value,
      baseVersion: input.baseVersion,
      userId: input.userId,
      source: "restore",
      restoredFrom: revision.version,
    });
    return { revision, result };
  }));
}

/** Saves a validated section form for a user (see saveSection). */
export async function saveSectionForm(input: Omit<Parameters<typeof saveSection>[1], "source">): Promise<SaveSectionResult> {
  return refuseLocked(async () => await saveSection(getDb(), input));
}

/**
 * Runs a write; a response submitted meanwhile (db/queries/cockpit.ts assertUnlocked, inside the
 * write transaction) becomes the same 423 requireResponse gives, not a 500.
 */
export async function refuseLocked<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ResponseLockedError) throw lockedResponse();
    throw error;
  }
}
