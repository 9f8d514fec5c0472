/**
 * Reference answers' server side: adding one from a printout upload (read with the printout reader,
 * stored only when it reads without problems) and deleting one (own, or any for editors and above).
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { getDb } from "../../db/client";
import { addReference, deleteReference, getReference, MAX_REFERENCES_PER_RESPONSE } from "../../db/queries/references";
import type { ResponseWithTemplate } from "../../db/queries/responses";
import { readPrintout } from "../../export/printout";
import { can, type Role } from "./auth/permissions";
import type { MessageKey, Translate } from "./i18n";
import { fileBytes, readUpload } from "./import.server";
import { importProblemMessage } from "./import-messages";
import { MAX_PRINTOUT_BYTES, printoutText } from "./printout.server";
import { readForm } from "./form-data.server";

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** The add form's own fields (the printout is a file or pasted text, read separately). */
export const AddReferenceSchema = z.object({
  intent: z.literal("add"),
  organisationName: z.string({ error: "references.nameRequired" }).trim().min(1, "references.nameRequired").max(200, "references.nameRequired"),
  sourceUrl: z
    .string()
    .trim()
    .max(2000, "references.badUrl")
    .refine((s) => /^https?:\/\/[^\s]+$/i.test(s), "references.badUrl")
    .optional(),
  publishedOn: z.string().trim().refine(isDate, "references.badDate").optional(),
});

export const DeleteReferenceSchema = z.object({
  intent: z.literal("delete"),
  id: z.coerce.number().int().positive(),
  version: z.coerce.number().int().positive(),
});

/** The same checks for the CLI: the first problem as a message key, or undefined. */
export function referenceInputProblem(input: { organisationName: string; sourceUrl: string; publishedOn: string }): MessageKey | undefined {
  const parsed = AddReferenceSchema.safeParse({
    intent: "add",
    organisationName: input.organisationName,
    sourceUrl: input.sourceUrl || undefined,
    publishedOn: input.publishedOn || undefined,
  });
  return parsed.success ? undefined : (parsed.error.issues[0]!.message as MessageKey);
}

export type ReferencesActionData =
  | { intent: "add"; ok: false; messages: string[]; fields: { organisationName: string; sourceUrl: string; publishedOn: string; text: string } }
  | { intent: "delete"; ok: false; messages: string[] };

type Outcome = { body: ReferencesActionData; status: number } | { redirect: string };

export async function referencesAction(
  request: Request,
  who: { response: ResponseWithTemplate; userId: number; role: Role; base: string },
  t: Translate,
): Promise<Outcome> {
  const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  let form: FormData;
  if (multipart) {
    const upload = await readUpload(request, MAX_PRINTOUT_BYTES);
    const empty = { organisationName: "", sourceUrl: "", publishedOn: "", text: "" };
    if (!upload.ok)
      return {
        body: { intent: "add", ok: false, messages: [upload.problem === "badForm" ? t("import.badForm") : importProblemMessage(upload.problem, t)], fields: empty },
        status: upload.problem !== "badForm" && upload.problem.code === "tooLarge" ? 413 : 400,
      };
    form = upload.form;
  } else form = await readForm(request);
  const { response, userId, role, base } = who;
  const db = getDb();
  const intent = form.get("intent");
  // A missing or unknown intent is the client's mistake, named as such (never a 500).
  if (intent !== "add" && intent !== "delete")
    return {
      body: { intent: "add", ok: false, messages: [t("references.badIntent")], fields: { organisationName: "", sourceUrl: "", publishedOn: "", text: "" } },
      status: 400,
    };

  if (intent === "delete") {
    const submission = parseWithZod(form, { schema: DeleteReferenceSchema });
    if (submission.status !== "success") return { body: { intent: "delete", ok: false, messages: [t("references.notFound")] }, status: 400 };
    const { id, version } = submission.value;
    // Looked up with the organisation and response: another organisation's id is not here (404).
    const reference = await getReference(db, response.organisationId, response.id, id);
    if (!reference) throw new Response("Not Found", { status: 404 });
    if (reference.createdBy !== userId && !can(role, "deleteAnyReference"))
      return { body: { intent: "delete", ok: false, messages: [t("references.notYours")] }, status: 403 };
    const outcome = await deleteReference(db, response.organisationId, response.id, id, version);
    if (outcome === "stale") return { body: { intent: "delete", ok: false, messages: [t("references.stale")] }, status: 409 };
    if (outcome === "notFound") throw new Response("Not Found", { status: 404 });
    return { redirect: `${base}/references?deleted=1` };
  }

  const text = typeof form.get("text") === "string" ? String(form.get("text")) : "";
  const fields = {
    organisationName: String(form.get("organisationName") ?? "").slice(0, 1000),
    sourceUrl: String(form.get("sourceUrl") ?? "").slice(0, 3000),
    publishedOn: String(form.get("publishedOn") ?? "").slice(0, 100),
    // The pasted text comes back so nothing typed is lost (a PDF cannot be re-filled by a page).
    text,
  };
  const refuse = (messages: string[], status = 400): Outcome => ({ body: { intent: "add", ok: false, messages, fields }, status });
  const submission = parseWithZod(form, { schema: AddReferenceSchema });
  if (submission.status !== "success")
    return refuse(Object.values(submission.error ?? {}).flatMap((list) => (list ?? []).map((key) => t(key as MessageKey))));
  const input = (await fileBytes(form.get("file"))) ?? (text.trim() === "" ? undefined : text);
  if (input === undefined) return refuse([t("printout.noInput")]);
  const extracted = await printoutText(input);
  if (!extracted.ok) return refuse([t("references.problems"), importProblemMessage(extracted.problem, t)]);
  const read = readPrintout(response.consultation.template, extracted.text);
  if (read.problems.length) return refuse([t("references.problems"), ...read.problems.map((p) => importProblemMessage(p, t))]);
  const { organisationName, sourceUrl, publishedOn } = submission.value;
  const added = await addReference(db, response.organisationId, response.id, {
    organisationName,
    sourceUrl: sourceUrl ?? null,
    publishedOn: publishedOn ?? null,
    answers: Object.fromEntries(read.values),
    // Reader notes kept with the reference: which answers the portal redacted.
    problems: [...read.redacted].map((key) => `redacted:${key}`),
    createdBy: userId,
  });
  if (added.status === "full") return refuse([t("references.full", { max: MAX_REFERENCES_PER_RESPONSE })], 409);
  if (added.status === "noResponse") throw new Response("Not Found", { status: 404 });
  return { redirect: `${base}/references?added=${added.id}` };
}
