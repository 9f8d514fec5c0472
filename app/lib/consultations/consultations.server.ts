/** Consultations added in the app: reading an upload, checking it, the numbering preview, site administrators. */
import { stringify } from "yaml";
import { parseTemplateText } from "../../../consultation/file.server";
import type { CheckOptions, Template, TemplateProblem } from "../../../consultation/schema";
import { getDb } from "../../../db/client";
import {
  createConsultation,
  getVisibleConsultation,
  listOrganisationConsultationsForSiteAdmin,
  listVisibleConsultations,
  setSharedAsSiteAdmin,
  saveConsultationSource,
  updateConsultation,
  type ConsultationEntry,
  type NewContent,
} from "../../../db/queries/consultations";
import { users, type ConsultationStatus } from "../../../db/schema";
import { eq } from "drizzle-orm";
import { forbidden, notFound, requireMembership, type Membership } from "../auth/membership.server";
import { requireUser, type SessionUser } from "../auth/session.server";
import { can, type Capability } from "../auth/permissions";
import { MAX_TEMPLATE_BYTES, PreviewSchema } from "./forms";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ImportProblem } from "../../../export/import";
import { templateFromPrintout } from "../../../export/template-from-printout";
import { draftTemplateYaml } from "../../../export/template-yaml";
import { formItems } from "../../../consultation/form";
import { printoutText } from "../printout.server";
import { rateLimited } from "../security/limit-request.server";
import { parseTemplateOffThread, previewBodyOffThread, previewTemplateOffThread, type PreviewedTemplate } from "./template-parse.server";

export type CheckedTemplate =
  | { ok: true; template: Template; hash: string }
  | { ok: false; problems: TemplateProblem[] };

/** The same validation as templates/ files (YAML or JSON: JSON is YAML), in the parse worker. */
export async function checkTemplateText(text: string, fileName: string, options: CheckOptions = {}): Promise<CheckedTemplate> {
  const result = await parseTemplateOffThread(text, fileName, options);
  return result.ok ? { ok: true, template: result.template, hash: result.hash } : { ok: false, problems: result.problems };
}

/** The same, on this thread: only for text the app wrote itself (the starter template). */
export function checkOwnTemplateText(text: string, fileName: string, options: CheckOptions = {}): CheckedTemplate {
  const result = parseTemplateText(text, fileName, options);
  return result.ok ? { ok: true, template: result.template, hash: result.hash } : { ok: false, problems: result.problems };
}

/** Template text's numbering, or its problems, from the parse worker. */
export async function previewTemplateText(text: string, options: CheckOptions = {}): Promise<PreviewResult> {
  return previewResultOf(await previewTemplateOffThread(text, options));
}

function previewResultOf(result: PreviewedTemplate): PreviewResult {
  return result.ok
    ? { intent: "preview", problems: [], preview: result.preview.sections, ...(result.preview.omitted ? { omitted: result.preview.omitted } : {}) }
    : { intent: "preview", problems: result.problems, preview: null };
}

/**
 * Previews per person and per organisation (Decision 55): over the limit the preview answers 429
 * with one problem saying when to try again; nothing is parsed.
 */
export async function previewLimited(who: { userId: number; organisationId: number; ip: string }): Promise<PreviewResult | null> {
  const limited = await rateLimited(
    [
      ["previewPerUser", `preview:user:${who.userId}`],
      ["previewPerOrganisation", `preview:org:${who.organisationId}`],
    ],
    who,
  );
  return limited ? { intent: "preview", problems: [{ path: "(file)", message: `too many previews in a short while: try again in ${limited.minutes} min` }], preview: null, retryAfterMinutes: limited.minutes } : null;
}

/** The uploaded file's text, else the pasted text; an error key when there is neither or it is too large. */
export async function uploadedText(
  file: File | undefined,
  pasted: string | undefined,
): Promise<{ text: string; fileName: string } | { error: "consultations.error.empty" | "consultations.error.tooLarge" }> {
  if (file && file.size > 0) {
    if (file.size > MAX_TEMPLATE_BYTES) return { error: "consultations.error.tooLarge" };
    const name = file.name.replace(/[^\w.-]+/g, "_").slice(0, 100) || "template.yaml";
    return { text: new TextDecoder("utf-8", { fatal: false }).decode(await file.arrayBuffer()), fileName: name };
  }
  if (pasted && pasted.trim() !== "") return { text: pasted, fileName: "pasted.yaml" };
  return { error: "consultations.error.empty" };
}

import type { PreviewSection } from "./numbering";
export { numberingPreview, type PreviewItem, type PreviewSection } from "./numbering";

/**
 * Site administrators: accounts made with `npm run admin:create` (users.site_admin), and the
 * e-mail addresses in SITE_ADMINS (comma separated), compared case-insensitively.
 */
export async function isSiteAdmin(email: string): Promise<boolean> {
  const admins = (process.env.SITE_ADMINS ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  if (admins.includes(email.trim().toLowerCase())) return true;
  const row = (await getDb().select({ siteAdmin: users.siteAdmin }).from(users).where(eq(users.email, email.trim().toLowerCase())))[0];
  return row?.siteAdmin === true;
}

/** The consultation as a template file: the text as written in the app, else the stored template as YAML. */
export function templateFileText(entry: ConsultationEntry): string {
  return entry.current.sourceText ?? stringify(entry.current.template, { lineWidth: 0 });
}

/**
 * Membership plus a consultation the organisation may see. 404 before 403: an id that is another
 * organisation's private consultation is "not found" whatever the role.
 */
export async function requireConsultation(
  request: Request,
  params: { org?: string; consultationId?: string },
  capability: Capability,
): Promise<Membership & { consultation: ConsultationEntry }> {
  const membership = await requireMembership(request, params.org, null);
  const consultation = await getVisibleConsultation(getDb(), membership.organisation.id, params.consultationId ?? "");
  if (!consultation) throw notFound();
  if (!can(membership.role, capability)) throw forbidden();
  return { ...membership, consultation };
}

export async function organisationConsultations(organisationId: number) {
  return (await listVisibleConsultations(getDb(), organisationId)).map((c) => ({
    id: c.id,
    title: c.title,
    issuer: c.issuer,
    status: c.status,
    own: c.own,
    shared: c.shared,
    deadline: c.current.template.deadline,
  }));
}

export async function addConsultation(organisationId: number, content: NewContent) {
  return await createConsultation(getDb(), organisationId, content);
}

export async function saveSource(organisationId: number, id: string, baseVersion: number, content: Omit<NewContent, "fileName">) {
  return await saveConsultationSource(getDb(), organisationId, id, baseVersion, content);
}

export async function setConsultationStatus(organisationId: number, id: string, baseVersion: number, status: ConsultationStatus) {
  return await updateConsultation(getDb(), organisationId, id, baseVersion, { status });
}

export async function setConsultationShared(organisationId: number, id: string, baseVersion: number, shared: boolean) {
  return await updateConsultation(getDb(), organisationId, id, baseVersion, { shared });
}

export interface PreviewResult {
  intent: "preview";
  problems: TemplateProblem[];
  preview: PreviewSection[] | null;
  retryAfterMinutes?: number;
  /** Items past the preview's cap (MAX_PREVIEW_ITEMS), not shown. */
  omitted?: number;
}

/**
 * The live preview of typed template text: its problems, or its numbering. Nothing is saved. A raw
 * URL-encoded body (the page's script posting `intent=preview`) is decoded in the parse worker
 * (Decision 68); a multipart form (the no-JavaScript "Forhåndsvis" button) is read here.
 */
export async function previewAction(
  input: FormData | ArrayBuffer,
  who: { userId: number; organisationId: number; ip: string },
  options: CheckOptions = {},
  kind: "source" | "editor" = "source",
): Promise<{ body: PreviewResult; status: number }> {
  const limited = await previewLimited(who);
  if (limited) return { body: limited, status: 429 };
  if (input instanceof ArrayBuffer) {
    const result = await previewBodyOffThread(input, kind, options);
    return { body: previewResultOf(result), status: result.ok || result.problems[0]?.message !== "too large or missing" ? 200 : 400 };
  }
  const submission = parseWithZod(input, { schema: PreviewSchema });
  if (submission.status !== "success")
    return { body: { intent: "preview", problems: [{ path: "(file)", message: "too large or missing" }], preview: null }, status: 400 };
  return { body: await previewTemplateText(submission.value.source, options), status: 200 };
}

/** A signed-in site administrator; anyone else gets 404 (the page's existence is not revealed). */
export async function requireSiteAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!(await isSiteAdmin(user.email))) throw notFound();
  return user;
}

export async function siteConsultations() {
  return await listOrganisationConsultationsForSiteAdmin(getDb());
}

export async function shareAsSiteAdmin(id: string, baseVersion: number, shared: boolean) {
  return await setSharedAsSiteAdmin(getDb(), id, baseVersion, shared);
}

/**
 * "Start from a printout of the form": the uploaded PDF or text (or pasted text) read into a draft
 * template (export/template-from-printout.ts), checked in the parse worker like any template and
 * saved as a private draft with its review notes. Problems are the printout reader's.
 */
export async function draftFromPrintout(
  organisationId: number,
  input: Uint8Array | string,
): Promise<{ ok: true; id: string } | { ok: false; problems: ImportProblem[] }> {
  const extracted = await printoutText(input);
  if (!extracted.ok) return { ok: false, problems: [extracted.problem] };
  const draft = templateFromPrintout(extracted.text);
  if (!draft.ok) return { ok: false, problems: draft.problems };
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = attempt === 0 ? String(draft.input.id) : `${String(draft.input.id).slice(0, 60)}-${crypto.randomUUID().slice(0, 4)}`;
    // Each item's number in the printout, by key: the editor shows it where an edit moves the draft's numbering away from it.
    const printoutNumbers = Object.fromEntries(formItems(draft.template).map((item) => [item.key, String(item.number)]));
    const text = draftTemplateYaml({ ...draft.input, id, printoutNumbers }, "printout");
    const checked = await checkTemplateText(text, "printout.yaml");
    if (!checked.ok) return { ok: false, problems: checked.problems.map((p) => ({ code: "printoutTemplateInvalid", params: { path: p.path, message: p.message } })) };
    const created = await addConsultation(organisationId, { template: checked.template, hash: checked.hash, sourceText: text, fileName: `${id}.yaml` });
    if (created.status !== "exists") return { ok: true, id: created.id };
  }
  return { ok: false, problems: [{ code: "printoutTemplateInvalid", params: { path: "id", message: "exists" } }] };
}
