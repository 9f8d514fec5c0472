/** One zod schema per consultation form (Conform parses them on the server). Messages are i18n keys. */
import { z } from "zod";

const required = "accounts.error.required";
/** A template's text: the request guard caps the body at 2 MiB; the text itself at 1 MiB. */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;
const source = z.string({ error: required }).max(MAX_TEMPLATE_BYTES, { error: "consultations.error.tooLarge" });
const version = z.coerce.number({ error: required }).int().positive();

export const UploadConsultationSchema = z.object({
  intent: z.literal("upload"),
  file: z.instanceof(File).optional(),
  source: source.optional(),
});
export const SaveSourceSchema = z.object({ intent: z.literal("saveSource"), source, version });
export const PublishSchema = z.object({ intent: z.literal("publish"), status: z.enum(["draft", "published"]), version });
export const ShareSchema = z.object({ intent: z.literal("share"), shared: z.enum(["true", "false"]), version });
export const MoveResponseSchema = z.object({
  intent: z.literal("move"),
  targetVersionId: z.coerce.number({ error: required }).int().positive(),
  /** The dry run's fingerprint of the answers it listed: a change since refuses the move. */
  plan: z.string({ error: required }).max(200),
});
/** Checks template text and returns its numbering, saving nothing (the editors' live preview). */
export const PreviewSchema = z.object({ intent: z.literal("preview"), source });
/** The site administrators' page: share or unshare any organisation's consultation. */
export const SiteShareSchema = z.object({
  intent: z.literal("share"),
  consultationId: z.string({ error: required }).min(1).max(200),
  shared: z.enum(["true", "false"]),
  version,
});
/**
 * The form editor's posts: the intent and the version here; the template fields (`t.*`) are read
 * by `draftFromForm` and validated by the template schema itself (no second copy of its rules).
 */
export const EditorPostSchema = z.object({
  intent: z.string({ error: required }).min(1).max(500),
  version,
  /** The page's count of its own posts (JavaScript): the answer names it, so the page can tell a superseded answer. */
  sent: z.coerce.number().int().min(1).max(1_000_000_000).optional(),
});
/** "Start from an example" (`scratch`: the starter template) or "Start empty" (`empty`: the metadata only), in the chosen language. */
export const ScratchSchema = z.object({ intent: z.enum(["scratch", "empty"]), language: z.enum(["nb", "nn", "en"]) });
