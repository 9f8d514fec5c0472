/**
 * Server side of the cockpit pages (issue 9): what is left, the pre-submission check, deadlines
 * and the frozen submission files. Routes stay thin; queries are in db/queries/cockpit.ts.
 */
import { createHash } from "node:crypto";
import { getDb } from "../../../db/client";
import { getAnswers, listResponses, type ResponseWithTemplate } from "../../../db/queries/responses";
import { answersMark, assignableMembers, getWork, isLocked, listSubmissions, memberNames, myTasks, NO_WORK, responseMeta, type SubmissionFiles } from "../../../db/queries/cockpit";
import { getConsultationVersion } from "../../../db/queries/consultations";
import { userOrganisations } from "../auth/organisations.server";
import { can, type Role } from "../auth/permissions";
import { isAnswered, isAsked } from "../../../consultation/answers";
import { formSections, type FormItem } from "../../../consultation/form";
import { findPersonalDataInAnswers, personalDataItems, type PersonalDataKind } from "../../../consultation/personal-data";
import { isQuestionStatus, type QuestionStatus } from "../../../consultation/question-status";
import { checkAnswer } from "../../../consultation/validate";
import { toDocx } from "../../../export/docx";
import { exportFilename } from "../../../export/filename";
import { toMarkdown } from "../../../export/markdown";
import { toPdf } from "../../../export/pdf";
import { daysUntil, norwegianDate } from "../dates";
import { openThreadCounts } from "../../../db/queries/discussion";
import { responseDocument, todayInNorway } from "../export.server";
import { sectionHeading } from "../section-title";
import { sharedObjects } from "../shared-objects.server";
import type { Translate } from "../i18n";
import { problemMessage } from "../section-form/fields";

/** Question keys with at least one open comment thread. */
export async function openThreadKeys(organisationId: number, responseId: number): Promise<Set<string>> {
  return new Set((await openThreadCounts(getDb(), organisationId, responseId)).keys());
}

export interface Deadlines {
  official: string;
  officialDays: number;
  internal: string | null;
  internalDays: number | null;
  /** Past the internal deadline (and not submitted: the caller decides). */
  pastInternal: boolean;
}

export function deadlinesOf(official: string, internal: string | null, now = new Date()): Deadlines {
  const internalDays = internal ? daysUntil(internal, now) : null;
  return { official, officialDays: daysUntil(official, now), internal, internalDays, pastInternal: internalDays !== null && internalDays < 0 };
}

export async function responseDeadlines(response: ResponseWithTemplate, now = new Date()): Promise<Deadlines> {
  const meta = await responseMeta(getDb(), response.organisationId, response.id);
  return deadlinesOf(response.consultation.template.deadline, meta?.internalDeadline ?? null, now);
}

/** Checks a new internal deadline: a date, not in the past (Norwegian today), before the official deadline. */
export function internalDeadlineProblem(value: string, official: string, now = new Date()): "date" | "past" | "after" | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)
    return "date";
  if (value < norwegianDate(now)) return "past";
  if (value > official) return "after";
  return null;
}

export interface RemainingFilters {
  status?: QuestionStatus;
  /** A user id, or "none" for unassigned. */
  assignee?: number | "none";
  unanswered?: boolean;
  comments?: boolean;
}

export function parseRemainingFilters(params: URLSearchParams): RemainingFilters {
  const status = params.get("status");
  const assignee = params.get("assignee");
  const id = Number(assignee);
  return {
    ...(isQuestionStatus(status) && status !== "agreed" ? { status } : {}),
    ...(assignee === "none" ? { assignee: "none" as const } : Number.isSafeInteger(id) && id > 0 ? { assignee: id } : {}),
    ...(params.get("unanswered") ? { unanswered: true } : {}),
    ...(params.get("comments") ? { comments: true } : {}),
  };
}

export interface RemainingItem {
  key: string;
  number: number;
  text: string;
  answered: boolean;
  status: QuestionStatus;
  assigneeId: number | null;
  assigneeName: string | null;
  version: number;
  openComments: boolean;
}

/** Every asked question not yet agreed, by section, after the filters. */
export async function remainingView(response: ResponseWithTemplate, filters: RemainingFilters) {
  const db = getDb();
  const answers = await getAnswers(db, response.organisationId, response.id);
  const work = await getWork(db, response.organisationId, response.id);
  const threads = await openThreadKeys(response.organisationId, response.id);
  const valueOf = (key: string) => answers.get(key)?.value;
  const sections = formSections(response.consultation.template).map((section) => {
    const items: RemainingItem[] = section.items.flatMap((item) => {
      const w = work.get(item.key) ?? NO_WORK;
      if (w.status === "agreed" || !isAsked(item, valueOf)) return [];
      const row: RemainingItem = {
        key: item.key,
        number: item.number,
        text: item.text,
        answered: isAnswered(valueOf(item.key)),
        status: w.status,
        assigneeId: w.assigneeId,
        assigneeName: w.assigneeName,
        version: w.version,
        openComments: threads.has(item.key),
      };
      if (filters.status && row.status !== filters.status) return [];
      if (filters.assignee === "none" && row.assigneeId !== null) return [];
      if (typeof filters.assignee === "number" && row.assigneeId !== filters.assignee) return [];
      if (filters.unanswered && row.answered) return [];
      if (filters.comments && !row.openComments) return [];
      return [row];
    });
    return { id: section.id, heading: sectionHeading(section), items };
  });
  return sections.filter((s) => s.items.length);
}

export type FindingKind = "unanswered" | "notAgreed" | "ranking" | "limit" | "invalid" | "comments" | "personal";
export const FINDING_KINDS: FindingKind[] = ["unanswered", "notAgreed", "ranking", "limit", "invalid", "comments", "personal"];

export interface Finding {
  kind: FindingKind;
  key: string;
  number: number;
  sectionId: string;
  /** The question's text, shortened. */
  text: string;
  /** What is wrong, in the reader's language (the match for personal data). */
  detail?: string;
  personalKind?: PersonalDataKind;
  /** Stable across reloads while the finding is the same: acknowledgements are stored by it. */
  fingerprint: string;
}

const fingerprint = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);

/** The pre-submission check: warnings, never blocks. */
export async function checkFindings(response: ResponseWithTemplate, t: Translate): Promise<Finding[]> {
  const db = getDb();
  const answers = await getAnswers(db, response.organisationId, response.id);
  const work = await getWork(db, response.organisationId, response.id);
  const threads = await openThreadKeys(response.organisationId, response.id);
  const valueOf = (key: string) => answers.get(key)?.value;
  const place = new Map<string, { item: FormItem; sectionId: string }>();
  for (const section of formSections(response.consultation.template)) for (const item of section.items) place.set(item.key, { item, sectionId: section.id });
  const findings: Finding[] = [];
  const add = (kind: FindingKind, item: FormItem, extra: Partial<Finding> = {}, ...fp: string[]) =>
    findings.push({
      kind,
      key: item.key,
      number: item.number,
      sectionId: place.get(item.key)!.sectionId,
      text: item.text.length > 90 ? `${item.text.slice(0, 87)}…` : item.text,
      ...extra,
      fingerprint: fingerprint(kind, item.key, ...fp),
    });
  for (const { item } of place.values()) {
    if (!isAsked(item, valueOf)) continue;
    const value = valueOf(item.key);
    if (!isAnswered(value)) add("unanswered", item);
    if ((work.get(item.key)?.status ?? "open") !== "agreed") add("notAgreed", item);
    if (value !== undefined && isAnswered(value)) {
      const problems = checkAnswer(item, value);
      for (const problem of problems)
        // Stored answers that break today's rules (a template changed, an import before a rule).
        add(item.answerType === "ranking" ? "ranking" : problem.code === "tooLong" ? "limit" : "invalid", item, { detail: problemMessage(t, problem) }, problem.code, JSON.stringify(value));
    }
    if (threads.has(item.key)) add("comments", item);
  }
  const names = await memberNames(db, response.organisationId);
  // Not the sender's part: the form asks for their name and e-mail.
  for (const f of findPersonalDataInAnswers(personalDataItems(response.consultation.template), valueOf, { names }))
    add("personal", place.get(f.key)!.item, { detail: f.match, personalKind: f.kind }, f.kind, f.match);
  return findings;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * The files as an export would give them now, built exactly as the export routes build them
 * (export.server.ts: same document, writers and file-name rule), plus the answers' mark so the
 * submit can check nothing was saved meanwhile.
 */
export async function buildSubmissionFiles(response: ResponseWithTemplate): Promise<{ files: SubmissionFiles; mark: number }> {
  const mark = await answersMark(getDb(), response.organisationId, response.id);
  const date = todayInNorway();
  const doc = await responseDocument(response, date);
  const docx = Buffer.from(await toDocx(doc));
  const markdown = Buffer.from(toMarkdown(doc), "utf8");
  const pdf = Buffer.from(await toPdf(doc));
  const { template } = response.consultation;
  const name = (format: "docx" | "md" | "pdf") => JSON.stringify(exportFilename(response.organisationName, template.id, date, format, template.language));
  return {
    mark,
    files: {
      docx,
      docxName: name("docx"),
      docxSha256: sha256(docx),
      markdown,
      markdownName: name("md"),
      markdownSha256: sha256(markdown),
      pdf,
      pdfName: name("pdf"),
      pdfSha256: sha256(pdf),
    },
  };
}

/** The standing submission's date when the response is locked; null otherwise. */
export async function lockInfo(organisationId: number, responseId: number): Promise<{ submittedOn: string } | null> {
  const latest = (await listSubmissions(getDb(), organisationId, responseId))[0];
  return latest && latest.reopenedAt === null ? { submittedOn: latest.submittedOn } : null;
}

/** What a section page needs of the cockpit: each item's status and assignee, who can be assigned, the lock. */
export async function sectionWork(organisationId: number, responseId: number, keys: string[], role: Role, locked: boolean) {
  const stored = await getWork(getDb(), organisationId, responseId, keys);
  const canWork = !locked && can(role, "setStatus") && can(role, "assign");
  // Questions with the same status, assignee and version share one object: sent once (decision 93).
  const shared = sharedObjects<{ status: QuestionStatus; assigneeId: number | null; assigneeName: string | null; version: number }>();
  return {
    work: Object.fromEntries(
      keys.map((key) => {
        const w = stored.get(key) ?? NO_WORK;
        return [key, shared({ status: w.status, assigneeId: w.assigneeId, assigneeName: w.assigneeName, version: w.version })];
      }),
    ),
    members: canWork ? (await assignableMembers(getDb(), organisationId)) : [],
    canWork,
    lock: locked ? (await lockInfo(organisationId, responseId)) : null,
  };
}

/** The overview's cockpit: both deadlines, the lock, the log and what the user may open. */
export async function overviewCockpit(response: ResponseWithTemplate, role: Role, locked: boolean) {
  const log = await listSubmissions(getDb(), response.organisationId, response.id);
  return {
    deadlines: (await responseDeadlines(response)),
    lock: locked && log[0] ? { submittedOn: log[0].submittedOn } : null,
    canCheck: can(role, "submit"),
    remaining: (await remainingView(response, {})).reduce((n, s) => n + s.items.length, 0),
    canExport: can(role, "export"),
    log: log.map((s) => ({ ...s, submittedAt: s.submittedAt.toISOString(), reopenedAt: s.reopenedAt?.toISOString() ?? null })),
  };
}

/** The home page's cockpit: the user's tasks by response, and each response's internal deadline and lock. */
export async function homeCockpit(userId: number | null) {
  if (userId === null) return { tasks: [], responses: {} as Record<number, { internal: string | null; locked: boolean }> };
  const db = getDb();
  const rows = await myTasks(db, userId);
  const byResponse = new Map<number, { org: string; orgName: string; responseId: number; title: string; deadline: string; internal: string | null; items: { number: number; sectionId: string; status: QuestionStatus }[] }>();
  const places = new Map<number, Map<string, { number: number; sectionId: string }>>();
  for (const row of rows) {
    // A submitted response has nothing left to do until it is reopened.
    if ((await isLocked(db, row.responseId))) continue;
    let entry = byResponse.get(row.responseId);
    if (!entry) {
      const version = await getConsultationVersion(db, row.consultationVersionId);
      if (!version) continue;
      places.set(row.responseId, new Map(formSections(version.template).flatMap((s) => s.items.map((i) => [i.key, { number: i.number, sectionId: s.id }] as const))));
      entry = { org: row.organisationSlug, orgName: row.organisationName, responseId: row.responseId, title: version.template.title, deadline: version.template.deadline, internal: row.internalDeadline, items: [] };
      byResponse.set(row.responseId, entry);
    }
    const place = places.get(row.responseId)!.get(row.key);
    if (place) entry.items.push({ ...place, status: row.status });
  }
  for (const entry of byResponse.values()) entry.items.sort((a, b) => a.number - b.number);
  const responses: Record<number, { internal: string | null; locked: boolean }> = {};
  for (const org of (await userOrganisations(db, userId)))
    for (const r of (await listResponses(db, org.id))) responses[r.id] = { internal: (await responseMeta(db, org.id, r.id))?.internalDeadline ?? null, locked: (await isLocked(db, r.id)) };
  return { tasks: [...byResponse.values()].filter((e) => e.items.length), responses };
}
