/**
 * The form editor of an organisation's own consultation (admin and secretariat). It edits the
 * template object and saves it exactly as the text editor does: applied to the stored YAML (its
 * comments kept), checked by `parseTemplateText`, stored by `saveSource` with the page's `version` (a stale save is a 409).
 * Every post carries the whole form (`t.*` fields, see `~/lib/consultations/editor`); `intent`
 * says what to do with it: `preview` (JavaScript's live numbering and problems), `refresh`,
 * `add:…`/`remove:…`/`up:…`/`down:…` (the form comes back with the change, nothing is stored)
 * or `save`.
 */
import { pageStringsClientLoader } from "~/lib/i18n";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { parse, stringify } from "yaml";
import { ErrorList } from "~/components/form-field";
import { TemplateEditor, type EditorPreview } from "~/components/consultations/template-editor";
import { clientIp } from "~/lib/auth/client-ip.server";
import { forbidden, notFound } from "~/lib/auth/membership.server";
import {
  checkTemplateText,
  numberingPreview,
  previewAction,
  previewLimited,
  previewTemplateText,
  requireConsultation,
  saveSource,
  templateFileText,
} from "~/lib/consultations/consultations.server";
import { applyEditorOp, draftFromForm, focusAfter, parseEditorOp, type Draft } from "~/lib/consultations/editor";
import { EditorPostSchema } from "~/lib/consultations/forms";
import { editedTemplateText } from "~/lib/consultations/yaml-edit";
import { readPreviewOrForm } from "~/lib/consultations/preview-body.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import type { CheckOptions } from "../../consultation/schema";
import { logSecurityEvent } from "~/lib/security/events.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, { text: data?.title ?? "" });

/** The stored text as the editor's object (as written: defaults not filled in), else the validated template. */
function storedDraft(text: string, fallback: unknown): Draft {
  try {
    const value: unknown = parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Draft;
  } catch {
    /* the stored text was validated when saved; fall back to the template */
  }
  return fallback as Draft;
}

const yamlOf = (draft: Draft) => stringify(draft, { lineWidth: 0 });

/** The draft's numbering, or its problems (as a save would find them), from the parse worker. A draft may have no questions yet. */
const previewOf = (draft: Draft, options: CheckOptions): Promise<EditorPreview> => previewTemplateText(yamlOf(draft), options);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, consultation: c } = await requireConsultation(request, params, "manageConsultations");
  if (!c.own) throw forbidden();
  return {
    org: organisation,
    id: c.id,
    title: c.title,
    status: c.status,
    version: c.version,
    draft: storedDraft(templateFileText(c), c.current.template),
    preview: { intent: "preview", problems: [], preview: numberingPreview(c.current.template) } satisfies EditorPreview,
  };
}

type ActionResult =
  | EditorPreview
  | { intent: "edit"; draft: Draft; problems: { path: string; message: string }[]; rev: string; preview?: EditorPreview; focus?: { path: string; button?: string }; sent?: number; error?: "consultations.stale" | "accounts.error.formInvalid"; theirs?: string };

let revs = 0;
const nextRev = () => `r${Date.now().toString(36)}-${++revs}`;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { organisation, user, consultation } = await requireConsultation(request, params, "manageConsultations");
  if (!consultation.own) throw forbidden();
  const check: CheckOptions = { draft: consultation.status === "draft" };
  // The live preview's post (the whole form, on every pause in typing) is decoded and built into a draft in the parse worker.
  const posted = await readPreviewOrForm(request);
  if ("preview" in posted) {
    const { body, status } = await previewAction(posted.preview, { userId: user.id, organisationId: organisation.id, ip: clientIp(context) }, check, "editor");
    return data<ActionResult>(body, { status });
  }
  const formData = posted.form;
  const submission = parseWithZod(formData, { schema: EditorPostSchema });
  if (submission.status !== "success")
    return data<ActionResult>({ intent: "edit", draft: draftFromForm(formData.entries()), problems: [], rev: nextRev(), error: "accounts.error.formInvalid" }, { status: 400 });
  const { intent, version, sent } = submission.value;
  const draft = draftFromForm(formData.entries());

  if (intent === "preview") {
    // A multipart preview post (not what the page's script sends): the same, read here.
    const limited = await previewLimited({ userId: user.id, organisationId: organisation.id, ip: clientIp(context) });
    return limited ? data<ActionResult>(limited, { status: 429 }) : data<ActionResult>(await previewOf(draft, check));
  }
  if (intent === "refresh") return data<ActionResult>({ intent: "edit", sent, draft, problems: [], rev: nextRev(), preview: await previewOf(draft, check) });
  if (intent === "save") {
    // Applied to the stored text's YAML document: its comments and layout stay (yaml-edit.ts).
    const source = editedTemplateText(consultation.current.sourceText, draft);
    const checked = await checkTemplateText(source, "template.yaml", check);
    if (!checked.ok) return data<ActionResult>({ intent: "edit", sent, draft, problems: checked.problems, rev: nextRev() }, { status: 400 });
    const saved = await saveSource(organisation.id, consultation.id, version, { template: checked.template, hash: checked.hash, sourceText: source });
    if (saved.status === "notFound") throw notFound();
    if (saved.status === "conflict")
      return data<ActionResult>({ intent: "edit", sent, draft, problems: [], rev: nextRev(), error: "consultations.stale", theirs: templateFileText(saved.current) }, { status: 409 });
    await logSecurityEvent({
      type: "consultation.edited",
      userId: user.id,
      organisationId: organisation.id,
      ip: clientIp(context),
      detail: { consultation: consultation.id, versionId: saved.versionId },
    });
    return redirect(`/o/${organisation.slug}/consultations/${encodeURIComponent(consultation.id)}/edit?saved=1`);
  }
  const op = parseEditorOp(intent);
  if (!op) return data<ActionResult>({ intent: "edit", sent, draft, problems: [], rev: nextRev(), error: "accounts.error.formInvalid" }, { status: 400 });
  const changed = applyEditorOp(draft, op);
  return data<ActionResult>({ intent: "edit", sent, draft: changed, problems: [], rev: nextRev(), preview: await previewOf(changed, check), focus: focusAfter(changed, op) });
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function EditConsultation() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [search] = useSearchParams();
  const t = useT();
  const edit = result?.intent === "edit" ? result : undefined;
  const here = `/o/${d.org.slug}/consultations/${encodeURIComponent(d.id)}`;
  return (
    <article className="stack editor-page">
      <p>
        <Link to={here}>{t("editor.back")}</Link>
      </p>
      <h1>{t("editor.heading", { title: d.title })}</h1>
      <p className="muted">
        <strong className={`status status-${d.status}`}>{t(`consultations.status.${d.status}`)}</strong> · {t("editor.intro")}{" "}
        {t("consultations.responsesKeep")}
      </p>
      {search.get("saved") && !edit ? <p role="status">{t("consultations.saved")}</p> : null}
      {edit?.error ? <ErrorList errors={[edit.error]} /> : null}
      {edit?.theirs !== undefined ? (
        <details open>
          <summary>{t("consultations.theirs")}</summary>
          <pre className="template-source" data-testid="theirs">
            {edit.theirs}
          </pre>
        </details>
      ) : null}
      <TemplateEditor
        draft={edit?.draft ?? d.draft}
        problems={edit?.problems ?? []}
        version={d.version}
        rev={edit?.rev ?? `v${d.version}`}
        busy={busy}
        initialPreview={edit?.preview ?? d.preview}
        focus={edit?.focus}
        opApplied={edit?.focus !== undefined}
        sent={edit?.sent}
      />
      <p>
        <Link to={`${here}#edit-source`}>{t("editor.advanced")}</Link>
      </p>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
