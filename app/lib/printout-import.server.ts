/**
 * "Start from a printout": the organisation's own published answer read back into a response,
 * through the Markdown import's planner and conflict rules (export/import.ts): a dry run, then
 * each changed answer saved as a revision with source "printout" against the dry run's versions.
 */
import { z } from "zod";
import type { AnswerValue } from "../../consultation/answers";
import { formItems } from "../../consultation/form";
import type { Template } from "../../consultation/schema";
import { getDb } from "../../db/client";
import { getAnswers, type ResponseWithTemplate, type StoredAnswer } from "../../db/queries/responses";
import { applyImport, planValues, withDryRunVersions, type ImportPlan, type ImportProblem } from "../../export/import";
import { readPrintout } from "../../export/printout";
import type { Translate } from "./i18n";
import { changeViews, fileBytes, readUpload, type ChangeView } from "./import.server";
import { importProblemMessage } from "./import-messages";
import { MAX_PRINTOUT_BYTES, printoutText } from "./printout.server";

const versionsSchema = z.record(z.string().max(200), z.number().int().nonnegative());

export type PrintoutActionData =
  | { step: "problems"; messages: string[] }
  | { step: "review"; changes: ChangeView[]; notes: string[]; printout: string; versions: string }
  | { step: "done"; saved: number; conflicts: string[]; notes: string[] };

/**
 * The printout's answers planned against the stored ones. A redacted e-mail ("----------") fills an
 * empty answer (the published answer as it stands) but never replaces one the response has.
 */
export function planPrintout(
  template: Template,
  stored: ReadonlyMap<string, StoredAnswer>,
  text: string,
): { ok: true; plan: Extract<ImportPlan, { ok: true }>; keptRedacted: number[] } | { ok: false; problems: ImportProblem[] } {
  const read = readPrintout(template, text);
  if (read.problems.length) return { ok: false, problems: read.problems };
  const values = new Map<string, AnswerValue>(read.values);
  const numbers = new Map(formItems(template).map((item) => [item.key, item.number]));
  const keptRedacted: number[] = [];
  for (const key of read.redacted)
    if (stored.has(key) && stored.get(key)!.value !== values.get(key)) {
      values.delete(key);
      keptRedacted.push(numbers.get(key)!);
    }
  const plan = planValues(template, stored, values, read.redacted);
  return plan.ok ? { ok: true, plan, keptRedacted } : { ok: false, problems: plan.problems };
}

export async function printoutImportAction(
  request: Request,
  response: ResponseWithTemplate,
  userId: number,
  t: Translate,
): Promise<{ body: PrintoutActionData; status: number }> {
  const problems = (list: (ImportProblem | "badForm")[], status = 200) => ({
    body: { step: "problems", messages: list.map((p) => (p === "badForm" ? t("import.badForm") : importProblemMessage(p, t))) } as PrintoutActionData,
    status,
  });
  const refused = (message: string, status: number) => ({ body: { step: "problems", messages: [message] } as PrintoutActionData, status });
  const upload = await readUpload(request, MAX_PRINTOUT_BYTES);
  if (!upload.ok) return problems([upload.problem], upload.problem !== "badForm" && upload.problem.code === "tooLarge" ? 413 : 400);
  const { form } = upload;
  const intent = form.get("intent");
  // The confirmation carries the text the dry run read (not the PDF again); a dry run takes a file or pasted text.
  const input = intent === "apply" ? await fileBytes(form.get("printout")) : ((await fileBytes(form.get("file"))) ?? (await fileBytes(form.get("text"))));
  if (input === undefined || (typeof input === "string" && input.trim() === "")) return refused(t("printout.noInput"), 400);
  const extracted = await printoutText(input);
  if (!extracted.ok) return problems([extracted.problem], 400);

  const db = getDb();
  const template = response.consultation.template;
  const stored = await getAnswers(db, response.organisationId, response.id);
  let versions: Record<string, number> | undefined;
  if (intent === "apply") {
    try {
      versions = versionsSchema.parse(JSON.parse(String(form.get("versions") ?? "")));
    } catch {
      return refused(t("import.badVersions"), 400);
    }
    const items = new Map(formItems(template).map((item) => [item.key, item]));
    const unknown = Object.entries(versions).filter(([key, version]) => version > (stored.get(key)?.version ?? 0));
    if (unknown.length) return refused(t("import.unknownVersions", { numbers: unknown.map(([key]) => items.get(key)?.number ?? key).join(", ") }), 409);
  }
  const planned = planPrintout(template, stored, extracted.text);
  if (!planned.ok) return problems(planned.problems, 400);
  const notes = planned.keptRedacted.length ? [t("printout.redactedKept", { numbers: planned.keptRedacted.join(", ") })] : [];
  if (!versions) {
    const dryRun = Object.fromEntries([...stored].map(([key, answer]) => [key, answer.version]));
    return {
      body: { step: "review", changes: changeViews(response, planned.plan.changes), notes, printout: extracted.text, versions: JSON.stringify(dryRun) },
      status: 200,
    };
  }
  const result = await applyImport(
    db,
    { organisationId: response.organisationId, responseId: response.id, userId },
    withDryRunVersions(planned.plan.changes, versions),
    "printout",
  );
  return {
    body: { step: "done", saved: result.saved.length, conflicts: result.conflicts.map((c) => t("import.conflict", { number: c.change.number })), notes },
    status: result.conflicts.length ? 409 : 200,
  };
}
