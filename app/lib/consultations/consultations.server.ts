/** Consultations added in the app: reading an upload, checking it, the numbering preview, site administrators. */
import { sectionHeading, type SectionHeading } from "../section-title";
import { stringify } from "yaml";
import { parseTemplateText } from "../../../consultation/file.server";
import { formSections } from "../../../consultation/form";
import type { Template, TemplateProblem } from "../../../consultation/schema";
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
import type { ConsultationStatus } from "../../../db/schema";
import { forbidden, notFound, requireMembership, type Membership } from "../auth/membership.server";
import { requireUser, type SessionUser } from "../auth/session.server";
import { can, type Capability } from "../auth/permissions";
import { MAX_TEMPLATE_BYTES, PreviewSchema } from "./forms";
import { parseWithZod } from "@conform-to/zod/v4";

export type CheckedTemplate =
  | { ok: true; template: Template; hash: string }
  | { ok: false; problems: TemplateProblem[] };

/** The same validation as templates/ files (YAML or JSON: JSON is YAML). */
export function checkTemplateText(text: string, fileName: string): CheckedTemplate {
  const result = parseTemplateText(text, fileName);
  return result.ok ? { ok: true, template: result.template, hash: result.hash } : { ok: false, problems: result.problems };
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

export interface PreviewItem {
  number: string;
  text: string;
  key: string;
  answerType: string;
  /** For a conditional question: the number of the question it follows and the answer. */
  askedWhen?: { number: number; answer: string };
  options?: { number: string; label: string }[];
}

export interface PreviewSection {
  id: string;
  heading: SectionHeading;
  items: PreviewItem[];
}

/** Every item with its form number, exactly as the form numbers it (formSections). */
export function numberingPreview(template: Template): PreviewSection[] {
  const sections = formSections(template);
  const numberOf = new Map(sections.flatMap((s) => s.items.map((item) => [item.key, item.number] as const)));
  return sections.map((section) => ({
    id: section.id,
    heading: sectionHeading(section),
    items: section.items.map((item) => ({
      number: String(item.number),
      text: item.text,
      key: item.key,
      answerType: item.answerType,
      askedWhen: item.askedWhen && { number: numberOf.get(item.askedWhen.key) ?? 0, answer: item.askedWhen.answer },
      options: item.rankOptions?.map((o) => ({ number: o.number, label: o.label })) ?? item.choices?.map((c) => ({ number: "", label: c.label })),
    })),
  }));
}

/**
 * Site administrators: accounts made with `npm run admin:create` (users.site_admin), and the
 * e-mail addresses in SITE_ADMINS (comma separated), compared case-insensitively.
 */
export function isSiteAdmin(email: string): boolean {
  const admins = (process.env.SITE_ADMINS ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  if (admins.includes(email.trim().toLowerCase())) return true;
  const row = getDb().$client.prepare("select site_admin from users where email = ?").get(email.trim().toLowerCase()) as { site_admin: number } | undefined;
  return row?.site_admin === 1;
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
  const consultation = getVisibleConsultation(getDb(), membership.organisation.id, params.consultationId ?? "");
  if (!consultation) throw notFound();
  if (!can(membership.role, capability)) throw forbidden();
  return { ...membership, consultation };
}

export function organisationConsultations(organisationId: number) {
  return listVisibleConsultations(getDb(), organisationId).map((c) => ({
    id: c.id,
    title: c.title,
    issuer: c.issuer,
    status: c.status,
    own: c.own,
    shared: c.shared,
    deadline: c.current.template.deadline,
  }));
}

export function addConsultation(organisationId: number, content: NewContent) {
  return createConsultation(getDb(), organisationId, content);
}

export function saveSource(organisationId: number, id: string, baseVersion: number, content: Omit<NewContent, "fileName">) {
  return saveConsultationSource(getDb(), organisationId, id, baseVersion, content);
}

export function setConsultationStatus(organisationId: number, id: string, baseVersion: number, status: ConsultationStatus) {
  return updateConsultation(getDb(), organisationId, id, baseVersion, { status });
}

export function setConsultationShared(organisationId: number, id: string, baseVersion: number, shared: boolean) {
  return updateConsultation(getDb(), organisationId, id, baseVersion, { shared });
}

export interface PreviewResult {
  intent: "preview";
  problems: TemplateProblem[];
  preview: PreviewSection[] | null;
}

/** The live preview of typed template text: its problems, or its numbering. Nothing is saved. */
export function previewAction(formData: FormData): { body: PreviewResult; status: number } {
  const submission = parseWithZod(formData, { schema: PreviewSchema });
  if (submission.status !== "success")
    return { body: { intent: "preview", problems: [{ path: "(file)", message: "too large or missing" }], preview: null }, status: 400 };
  const checked = checkTemplateText(submission.value.source, "template.yaml");
  return checked.ok
    ? { body: { intent: "preview", problems: [], preview: numberingPreview(checked.template) }, status: 200 }
    : { body: { intent: "preview", problems: checked.problems, preview: null }, status: 200 };
}

/** A signed-in site administrator; anyone else gets 404 (the page's existence is not revealed). */
export async function requireSiteAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!isSiteAdmin(user.email)) throw notFound();
  return user;
}

export function siteConsultations() {
  return listOrganisationConsultationsForSiteAdmin(getDb());
}

export function shareAsSiteAdmin(id: string, baseVersion: number, shared: boolean) {
  return setSharedAsSiteAdmin(getDb(), id, baseVersion, shared);
}
