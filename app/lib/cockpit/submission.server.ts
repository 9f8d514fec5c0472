/**
 * The submission page's actions (issue 9): submit with frozen files, reopen, the internal deadline.
 * Submitting takes two steps (issue 20): the first post shows what is unanswered, not agreed and
 * flagged (`confirm`, with a token of what was shown); only a post carrying that token, while it
 * still describes the response, records the submission.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { getDb } from "../../../db/client";
import { createHash } from "node:crypto";
import {
  acknowledgedFindings,
  answersMark,
  isLocked,
  listSubmissions,
  reopenResponse,
  responseMeta,
  setInternalDeadline,
  submitResponse,
} from "../../../db/queries/cockpit";
import { can, type Role } from "../auth/permissions";
import type { ResponseWithTemplate } from "../../../db/queries/responses";
import { formatDate, norwegianDate } from "../dates";
import { isMessageKey, type Translate } from "../i18n";
import { buildSubmissionFiles, checkFindings, FINDING_KINDS, internalDeadlineProblem, responseDeadlines, type FindingKind } from "./cockpit.server";
import { DeadlineSchema, ReopenSchema, SubmitSchema } from "./forms";

export type SubmissionAction =
  | { ok: true; message: string; status: 200 }
  | { ok: false; intent: string; message: string; status: number; values: Record<string, string>; confirm?: SubmitReview };

/** What the confirmation step states before a response is recorded as submitted. */
export interface SubmitReview {
  /** Form numbers of asked questions without an answer. */
  unanswered: number[];
  /** Form numbers of asked questions not agreed. */
  notAgreed: number[];
  /** Other warnings of the check not marked as seen, per kind. */
  flagged: { kind: Exclude<FindingKind, "unanswered" | "notAgreed">; count: number }[];
  /** Identifies what was shown: answers, statuses and acknowledgements as they were. */
  token: string;
}

/** The confirmation step's content, and a token that changes when anything it states (or any answer) changes. */
export async function submitReview(response: ResponseWithTemplate, t: Translate): Promise<SubmitReview> {
  const db = getDb();
  const mark = await answersMark(db, response.organisationId, response.id);
  const seen = await acknowledgedFindings(db, response.organisationId, response.id);
  const findings = await checkFindings(response, t);
  const numbers = (kind: FindingKind) => findings.filter((f) => f.kind === kind).map((f) => f.number);
  const flagged = FINDING_KINDS.flatMap((kind) => {
    if (kind === "unanswered" || kind === "notAgreed") return [];
    const count = findings.filter((f) => f.kind === kind && !seen.has(f.fingerprint)).length;
    return count ? [{ kind, count }] : [];
  });
  const open = findings.filter((f) => !seen.has(f.fingerprint)).map((f) => f.fingerprint);
  const token = createHash("sha256")
    .update(JSON.stringify({ mark, open, all: findings.map((f) => f.fingerprint) }))
    .digest("hex")
    .slice(0, 32);
  return { unanswered: numbers("unanswered"), notAgreed: numbers("notAgreed"), flagged, token };
}

const values = (form: FormData) => Object.fromEntries([...form].flatMap(([k, v]) => (typeof v === "string" ? [[k, v.slice(0, 1000)]] : [])));

function firstError(error: Record<string, string[] | null> | null | undefined, t: Translate, fallback: string): string {
  const first = Object.values(error ?? {}).flatMap((e) => e ?? [])[0];
  return first && isMessageKey(first) ? t(first) : fallback;
}

export async function submitAction(form: FormData, response: ResponseWithTemplate, userId: number, t: Translate, now = new Date()): Promise<SubmissionAction> {
  const fail = (message: string, status = 400) => ({ ok: false as const, intent: "submit", message, status, values: values(form) });
  const submission = parseWithZod(form, { schema: SubmitSchema });
  if (submission.status !== "success") return fail(firstError(submission.error, t, t("work.badForm")));
  const { submittedOn, channel, receipt } = submission.value;
  if (internalDeadlineProblem(submittedOn, "9999-12-31", new Date(0)) === "date") return fail(t("submission.error.date"));
  if (submittedOn > norwegianDate(now)) return fail(t("submission.error.dateFuture"));
  if ((await isLocked(getDb(), response.id))) return fail(t("submission.error.already"), 409);
  // Nothing is recorded before the person has seen what is unanswered, not agreed and flagged, as it is now.
  const review = await submitReview(response, t);
  if (submission.value.reviewed !== review.token) {
    const stale = submission.value.reviewed !== undefined;
    return { ...fail(stale ? t("submission.error.reviewStale") : "", stale ? 409 : 200), confirm: review };
  }
  const { files, mark } = await buildSubmissionFiles(response);
  const result = await submitResponse(getDb(), {
    organisationId: response.organisationId,
    responseId: response.id,
    userId,
    submittedOn,
    channel,
    receipt: receipt || null,
    files,
    mark,
    now,
  });
  if (result.status === "alreadySubmitted") return fail(t("submission.error.already"), 409);
  if (result.status === "changed") return fail(t("submission.error.changed"), 409);
  return { ok: true, message: t("submission.submitted"), status: 200 };
}

export async function reopenAction(form: FormData, response: ResponseWithTemplate, userId: number, t: Translate): Promise<SubmissionAction> {
  const fail = (message: string, status = 400) => ({ ok: false as const, intent: "reopen", message, status, values: values(form) });
  const submission = parseWithZod(form, { schema: ReopenSchema });
  if (submission.status !== "success") return fail(t("submission.error.reason"));
  if (!(await reopenResponse(getDb(), response.organisationId, response.id, userId, submission.value.reason))) return fail(t("submission.error.notSubmitted"), 409);
  return { ok: true, message: t("submission.reopened"), status: 200 };
}

export async function deadlineAction(form: FormData, response: ResponseWithTemplate, t: Translate, lang: "nb" | "en", now = new Date()): Promise<SubmissionAction> {
  const fail = (message: string, status = 400) => ({ ok: false as const, intent: "deadline", message, status, values: values(form) });
  const submission = parseWithZod(form, { schema: DeadlineSchema });
  if (submission.status !== "success") return fail(firstError(submission.error, t, t("submission.error.date")));
  const official = response.consultation.template.deadline;
  const value = submission.value.internalDeadline || null;
  if (value) {
    const problem = internalDeadlineProblem(value, official, now);
    if (problem === "date") return fail(t("submission.error.date"));
    if (problem === "past") return fail(t("submission.error.deadlinePast"));
    if (problem === "after") return fail(t("submission.error.deadlineAfter", { deadline: formatDate(official, lang) }));
  }
  const result = await setInternalDeadline(getDb(), response.organisationId, response.id, value, submission.value.version);
  if (result.status === "conflict") {
    const current = result.current.internalDeadline;
    return fail(t("submission.error.deadlineStale", { current: current ? formatDate(current, lang) : t("submission.none") }), 409);
  }
  return { ok: true, message: t("submission.deadlineSaved"), status: 200 };
}


/** What the submission page shows and offers (forms only to those who may use them, none of the writes while locked). */
export async function submissionPage(response: ResponseWithTemplate, role: Role, locked: boolean) {
  const log = await listSubmissions(getDb(), response.organisationId, response.id);
  return {
    title: response.consultation.template.title,
    locked,
    deadlines: (await responseDeadlines(response)),
    deadlineVersion: (await responseMeta(getDb(), response.organisationId, response.id))!.version,
    canSubmit: !locked && can(role, "submit"),
    canReopen: locked && can(role, "reopen"),
    canSetDeadline: !locked && can(role, "setDeadline"),
    canExport: can(role, "export"),
    log: log.map((s) => ({ ...s, submittedAt: s.submittedAt.toISOString(), reopenedAt: s.reopenedAt?.toISOString() ?? null })),
    today: norwegianDate(new Date()),
    now: new Date().toISOString(),
  };
}
