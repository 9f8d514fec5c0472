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
import { getAnswers, type ResponseWithTemplate } from "../../db/queries/responses";
import { applyImport, MAX_IMPORT_BYTES, planImport, withDryRunVersions, type ImportChange, type ImportProblem } from "../../export/import";
import { importProblemMessage } from "../../export/messages";
import { answerOutline } from "../../export/model";
import type { Translate } from "./i18n";
import { formItems } from "./template/form";

export const MAX_IMPORT_MEGABYTES = MAX_IMPORT_BYTES / (1024 * 1024);

const versionsSchema = z.record(z.string(), z.number().int().nonnegative());

export interface ChangeView {
  number: number;
  before: string[];
  after: string[];
}

export type ImportActionData =
  | { step: "problems"; messages: string[] }
  | { step: "review"; changes: ChangeView[]; markdown: string; versions: string }
  | { step: "done"; saved: number; conflicts: string[] };

type Upload = { ok: true; form: FormData } | { ok: false; problem: ImportProblem | "badForm" };

async function readUpload(request: Request): Promise<Upload> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  // A little room for the multipart envelope and the other fields.
  if (length > MAX_IMPORT_BYTES + 64 * 1024) return { ok: false, problem: { code: "tooLarge", params: { size: length, max: MAX_IMPORT_BYTES } } };
  try {
    return { ok: true, form: await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES })) };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return { ok: false, problem: { code: "tooLarge", params: { size: `> ${MAX_IMPORT_BYTES}`, max: MAX_IMPORT_BYTES } } };
    return { ok: false, problem: "badForm" };
  }
}

async function fileBytes(value: FormDataEntryValue | null): Promise<Uint8Array | string | undefined> {
  if (value === null) return undefined;
  if (typeof value === "string") return value;
  return value.size === 0 ? undefined : new Uint8Array(await value.arrayBuffer());
}

function changeViews(response: ResponseWithTemplate, changes: ImportChange[]): ChangeView[] {
  const items = new Map(formItems(response.consultation.template).map((item) => [item.key, item]));
  const lines = (change: ImportChange, value: ImportChange["after"] | undefined) =>
    answerOutline(items.get(change.key)!, value).flatMap((node) => [
      ...node.paragraphs,
      ...node.children.map((rank) => `  → ${rank.paragraphs.join(" ")}`),
    ]);
  return changes.map((change) => ({ number: change.number, before: lines(change, change.before), after: lines(change, change.after) }));
}

export async function importAction(request: Request, response: ResponseWithTemplate, userId: number, t: Translate): Promise<ImportActionData> {
  const problems = (list: (ImportProblem | "badForm")[]): ImportActionData => ({
    step: "problems",
    messages: list.map((p) => (p === "badForm" ? t("import.badForm") : importProblemMessage(p, t))),
  });
  const upload = await readUpload(request);
  if (!upload.ok) return problems([upload.problem]);
  const { form } = upload;
  const intent = form.get("intent");
  const input = await fileBytes(form.get(intent === "apply" ? "markdown" : "file"));
  if (input === undefined) return { step: "problems", messages: [t("import.noFile")] };

  const db = getDb();
  const stored = getAnswers(db, response.organisationId, response.id);
  const plan = planImport(response.consultation.template, stored, input);
  if (!plan.ok) return problems(plan.problems);

  if (intent !== "apply") {
    const versions = Object.fromEntries([...stored].map(([key, answer]) => [key, answer.version]));
    const markdown = typeof input === "string" ? input : new TextDecoder().decode(input);
    return { step: "review", changes: changeViews(response, plan.changes), markdown, versions: JSON.stringify(versions) };
  }
  let versions: Record<string, number>;
  try {
    versions = versionsSchema.parse(JSON.parse(String(form.get("versions") ?? "")));
  } catch {
    return problems(["badForm"]);
  }
  const result = applyImport(db, { organisationId: response.organisationId, responseId: response.id, userId }, withDryRunVersions(plan.changes, versions));
  return {
    step: "done",
    saved: result.saved.length,
    conflicts: result.conflicts.map((c) => t("import.conflict", { number: c.change.number })),
  };
}
