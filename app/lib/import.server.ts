/**
 * The import page's server side: reads the multipart upload within the size limit, plans the
 * import (dry run) or applies it against the versions the dry run showed.
 */
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from "@remix-run/node";
import { z } from "zod";
import { getDb } from "../../db/client";
import { refuseLocked } from "./drafting.server";
import { getAnswers, type ResponseWithTemplate } from "../../db/queries/responses";
import { applyImport, MAX_IMPORT_BYTES, planImport, withDryRunVersions, type ImportChange, type ImportProblem } from "../../export/import";
import { importProblemMessage } from "./import-messages";
import { answerOutline } from "../../export/model";
import { documentLabels } from "../../export/labels";
import type { Translate } from "./i18n";
import { formItems } from "../../consultation/form";

export const MAX_IMPORT_MEGABYTES = MAX_IMPORT_BYTES / (1024 * 1024);

// Answer keys and versions as the dry run wrote them (safe, non-negative integers only).
const versionsSchema = z.record(z.string().max(200), z.number().int().nonnegative());

export interface ChangeView {
  number: number;
  before: string[];
  after: string[];
}

export type ImportActionData =
  | { step: "problems"; messages: string[] }
  | { step: "review"; changes: ChangeView[]; markdown: string; versions: string }
  | { step: "done"; saved: number; conflicts: string[] };

export type Upload = { ok: true; form: FormData } | { ok: false; problem: ImportProblem | "badForm" };

/** Reads a multipart post whose parts may each be up to `max` bytes (the printout pages pass theirs). */
export async function readUpload(request: Request, max = MAX_IMPORT_BYTES): Promise<Upload> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  // A little room for the multipart envelope and the other fields.
  if (length > max + 64 * 1024) return { ok: false, problem: { code: "tooLarge", params: { size: length, max } } };
  try {
    return { ok: true, form: await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: max })) };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return { ok: false, problem: { code: "tooLarge", params: { size: `> ${max}`, max } } };
    return { ok: false, problem: "badForm" };
  }
}

export async function fileBytes(value: FormDataEntryValue | null): Promise<Uint8Array | string | undefined> {
  if (value === null) return undefined;
  if (typeof value === "string") return value;
  return value.size === 0 ? undefined : new Uint8Array(await value.arrayBuffer());
}

export function changeViews(response: ResponseWithTemplate, changes: ImportChange[]): ChangeView[] {
  const items = new Map(formItems(response.consultation.template).map((item) => [item.key, item]));
  const labels = documentLabels(response.consultation.template);
  const lines = (change: ImportChange, value: ImportChange["after"] | undefined) =>
    answerOutline(items.get(change.key)!, value, labels).flatMap((node) => [
      ...node.paragraphs,
      ...node.children.map((rank) => `  → ${rank.paragraphs.join(" ")}`),
    ]);
  return changes.map((change) => ({ number: change.number, before: lines(change, change.before), after: lines(change, change.after) }));
}

/** The page's data and its HTTP status (400/409 for a confirmation with bad versions). */
export async function importAction(request: Request, response: ResponseWithTemplate, userId: number, t: Translate): Promise<{ body: ImportActionData; status: number }> {
  const problems = (list: (ImportProblem | "badForm")[], status = 200) => ({
    body: { step: "problems", messages: list.map((p) => (p === "badForm" ? t("import.badForm") : importProblemMessage(p, t))) } as ImportActionData,
    status,
  });
  const refused = (message: string, status: number) => ({ body: { step: "problems", messages: [message] } as ImportActionData, status });
  const upload = await readUpload(request);
  if (!upload.ok) return problems([upload.problem]);
  const { form } = upload;
  const intent = form.get("intent");
  const input = await fileBytes(form.get(intent === "apply" ? "markdown" : "file"));
  if (input === undefined) return refused(t("import.noFile"), 200);

  const db = getDb();
  const stored = await getAnswers(db, response.organisationId, response.id);
  let versions: Record<string, number> | undefined;
  if (intent === "apply") {
    // Checked before the file is read again: a tampered confirmation costs no parsing.
    try {
      versions = versionsSchema.parse(JSON.parse(String(form.get("versions") ?? "")));
    } catch {
      return refused(t("import.badVersions"), 400);
    }
    // A version newer than the stored one never existed: the confirmation was not made from a dry run.
    const items = new Map(formItems(response.consultation.template).map((item) => [item.key, item]));
    const unknown = Object.entries(versions).filter(([key, version]) => version > (stored.get(key)?.version ?? 0));
    if (unknown.length)
      return refused(t("import.unknownVersions", { numbers: unknown.map(([key]) => items.get(key)?.number ?? key).join(", ") }), 409);
  }
  const plan = planImport(response.consultation.template, stored, input);
  if (!plan.ok) return problems(plan.problems);

  if (!versions) {
    const dryRun = Object.fromEntries([...stored].map(([key, answer]) => [key, answer.version]));
    const markdown = typeof input === "string" ? input : new TextDecoder().decode(input);
    return { body: { step: "review", changes: changeViews(response, plan.changes), markdown, versions: JSON.stringify(dryRun) }, status: 200 };
  }
  const result = await refuseLocked(async () => await applyImport(db, { organisationId: response.organisationId, responseId: response.id, userId }, withDryRunVersions(plan.changes, versions)));
  return {
    body: { step: "done", saved: result.saved.length, conflicts: result.conflicts.map((c) => t("import.conflict", { number: c.change.number })) },
    status: 200,
  };
}
