import { pageStringsClientLoader } from "~/lib/i18n";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Deadline } from "~/components/deadline";
import { ErrorList } from "~/components/form-field";
import { NumberingPreview } from "~/components/consultations/template-views";
import { SourceEditor } from "~/components/consultations/source-editor";
import { forbidden, notFound } from "~/lib/auth/membership.server";
import { can } from "~/lib/auth/permissions";
import {
  checkTemplateText,
  isSiteAdmin,
  numberingPreview,
  previewAction,
  requireConsultation,
  type PreviewResult,
  saveSource,
  setConsultationShared,
  setConsultationStatus,
  templateFileText,
} from "~/lib/consultations/consultations.server";
import { PublishSchema, SaveSourceSchema, ShareSchema } from "~/lib/consultations/forms";
import { readPreviewOrForm } from "~/lib/consultations/preview-body.server";
import { clientIp } from "~/lib/auth/client-ip.server";
import { logSecurityEvent } from "~/lib/security/events.server";
import { useT } from "~/lib/i18n";
import { formItems } from "../../consultation/form";
import { pageTitle } from "~/lib/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, { text: data?.title ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, role, user, consultation: c } = await requireConsultation(request, params, "read");
  const canManage = c.own && can(role, "manageConsultations");
  return {
    org: organisation,
    id: c.id,
    title: c.title,
    issuer: c.issuer,
    caseNumber: c.current.template.caseNumber,
    deadline: c.current.template.deadline,
    status: c.status,
    own: c.own,
    shared: c.shared,
    version: c.version,
    canManage,
    siteAdmin: canManage && (await isSiteAdmin(user.email)),
    source: canManage ? templateFileText(c) : null,
    preview: numberingPreview(c.current.template),
    today: new Date().toISOString(),
  };
}

type ActionResult =
  | { intent: "saveSource"; problems: { path: string; message: string }[]; source: string; theirs?: string; error?: "consultations.stale" | "accounts.error.formInvalid" }
  | { intent: "status"; error: "consultations.stale" | "accounts.error.formInvalid" | "consultations.reviewPending" | "consultations.emptyForm"; errorParams?: Record<string, number> }
  | PreviewResult;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { organisation, user, consultation } = await requireConsultation(request, params, "manageConsultations");
  // Shared consultations (templates/, or another organisation's made available to all) are read-only here.
  if (!consultation.own) throw forbidden();
  // A script's preview post goes to the parse worker undecoded; everything else is read as a form.
  const posted = await readPreviewOrForm(request);
  const formData = "form" in posted ? posted.form : new FormData();
  const intent = "form" in posted ? formData.get("intent") : "preview";
  const here = `/o/${organisation.slug}/consultations/${encodeURIComponent(consultation.id)}`;
  const audit = async (type: "consultation.edited" | "consultation.statusChanged" | "consultation.sharedChanged", detail: Record<string, string | number | boolean>) =>
    await logSecurityEvent({ type, userId: user.id, organisationId: organisation.id, ip: clientIp(context), detail: { consultation: consultation.id, ...detail } });

  if (intent === "preview") {
    const input = "preview" in posted ? posted.preview : formData;
    const { body, status } = await previewAction(input, { userId: user.id, organisationId: organisation.id, ip: clientIp(context) }, { draft: consultation.status === "draft" });
    return data<ActionResult>(body, { status });
  }

  if (intent === "saveSource") {
    const submission = parseWithZod(formData, { schema: SaveSourceSchema });
    if (submission.status !== "success")
      return data<ActionResult>({ intent, problems: [], source: String(formData.get("source") ?? "").slice(0, 1 << 20), error: "accounts.error.formInvalid" }, { status: 400 });
    const { source, version } = submission.value;
    const checked = await checkTemplateText(source, "template.yaml", { draft: consultation.status === "draft" });
    if (!checked.ok) return data<ActionResult>({ intent, problems: checked.problems, source }, { status: 400 });
    const saved = await saveSource(organisation.id, consultation.id, version, { template: checked.template, hash: checked.hash, sourceText: source });
    if (saved.status === "notFound") throw notFound();
    if (saved.status === "conflict")
      return data<ActionResult>({ intent, problems: [], source, theirs: templateFileText(saved.current), error: "consultations.stale" }, { status: 409 });
    await audit("consultation.edited", { versionId: saved.versionId });
    return redirect(`${here}?saved=1`);
  }

  if (intent === "publish" || intent === "share") {
    const submission = parseWithZod(formData, { schema: intent === "publish" ? PublishSchema : ShareSchema });
    if (submission.status !== "success") return data<ActionResult>({ intent: "status", error: "accounts.error.formInvalid" }, { status: 400 });
    const value = submission.value;
    let result;
    // A draft read from a printout publishes only once every review note is checked.
    const pending = consultation.current.template.review?.length ?? 0;
    if (value.intent === "publish" && value.status === "published" && pending)
      return data<ActionResult>({ intent: "status", error: "consultations.reviewPending", errorParams: { count: pending } }, { status: 400 });
    // A draft started empty publishes once it asks something.
    if (value.intent === "publish" && value.status === "published" && formItems(consultation.current.template).length === 0)
      return data<ActionResult>({ intent: "status", error: "consultations.emptyForm" }, { status: 400 });
    if (value.intent === "publish") result = (await setConsultationStatus(organisation.id, consultation.id, value.version, value.status));
    else {
      if (!(await isSiteAdmin(user.email))) throw forbidden();
      result = (await setConsultationShared(organisation.id, consultation.id, value.version, value.shared === "true"));
    }
    if (result.status === "notFound") throw notFound();
    if (result.status === "conflict") return data<ActionResult>({ intent: "status", error: "consultations.stale" }, { status: 409 });
    if (value.intent === "publish") await audit("consultation.statusChanged", { status: value.status });
    else await audit("consultation.sharedChanged", { shared: value.shared === "true" });
    return redirect(here);
  }

  return data<ActionResult>({ intent: "status", error: "accounts.error.formInvalid" }, { status: 400 });
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function ConsultationPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [search] = useSearchParams();
  const t = useT();
  const edit = result?.intent === "saveSource" ? result : undefined;
  return (
    <article className="stack">
      <p>
        <Link to={`/o/${d.org.slug}`}>{t("consultations.back")}</Link>
      </p>
      <h1>{d.title}</h1>
      <p className="muted">
        {d.issuer} · {d.caseNumber} · <Deadline deadline={d.deadline} today={d.today} /> ·{" "}
        <strong className={`status status-${d.status}`}>{t(`consultations.status.${d.status}`)}</strong>
        {d.shared ? ` · ${t("consultations.shared")}` : ""}
      </p>
      {search.get("saved") ? <p role="status">{t("consultations.saved")}</p> : null}
      {result?.intent === "status" ? <ErrorList errors={[result.error]} params={result.errorParams} /> : null}

      <p>
        <a href={`/o/${d.org.slug}/consultations/${encodeURIComponent(d.id)}/template.yaml`} download>
          {t("consultations.download")}
        </a>
      </p>

      {d.canManage ? (
        <section className="card stack" aria-labelledby="publish">
          <h2 id="publish">{t(`consultations.status.${d.status}`)}</h2>
          <p>
            <Link to={`/o/${d.org.slug}/consultations/${encodeURIComponent(d.id)}/edit`} className="button">
              {t("editor.open")}
            </Link>
          </p>
          {d.status === "draft" ? <p>{t("consultations.publishIntro")}</p> : <p>{t("consultations.published")}</p>}
          <Form method="post" className="inline">
            <input type="hidden" name="intent" value="publish" />
            <input type="hidden" name="version" value={d.version} />
            <input type="hidden" name="status" value={d.status === "draft" ? "published" : "draft"} />
            <button type="submit" disabled={busy}>
              {d.status === "draft" ? t("consultations.publish") : t("consultations.unpublish")}
            </button>
          </Form>
        </section>
      ) : d.own ? null : (
        <p className="muted">{t("consultations.readOnly")}</p>
      )}

      {d.siteAdmin ? (
        <section className="card stack" aria-labelledby="site-admin">
          <h2 id="site-admin">{t("consultations.siteAdmin")}</h2>
          {d.shared ? <p>{t("consultations.isShared")}</p> : null}
          <Form method="post" className="inline">
            <input type="hidden" name="intent" value="share" />
            <input type="hidden" name="version" value={d.version} />
            <input type="hidden" name="shared" value={d.shared ? "false" : "true"} />
            <button type="submit" disabled={busy}>
              {d.shared ? t("consultations.unshare") : t("consultations.share")}
            </button>
          </Form>
        </section>
      ) : null}

      <NumberingPreview sections={d.preview} />

      {d.canManage && d.source !== null ? (
        <section className="card stack" aria-labelledby="edit-source">
          <h2 id="edit-source">{t("editor.advanced")}</h2>
          <p className="muted">{t("consultations.responsesKeep")}</p>
          {edit?.error ? <ErrorList errors={[edit.error]} /> : null}
          {edit?.theirs !== undefined ? (
            <details open>
              <summary>{t("consultations.theirs")}</summary>
              <pre className="template-source" data-testid="theirs">
                {edit.theirs}
              </pre>
            </details>
          ) : null}
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={d.version} />
            <SourceEditor
              label={edit?.theirs !== undefined ? t("consultations.yours") : t("consultations.sourceLabel")}
              defaultValue={edit?.source ?? d.source}
              resetKey={`${d.version}:${edit?.source ?? ""}`}
              describedBy={edit?.problems.length ? "template-problems" : undefined}
              preview={result?.intent === "preview" ? result : undefined}
              submittedProblems={edit?.problems}
            />
            <button type="submit" name="intent" value="saveSource" disabled={busy}>
              {t("consultations.save")}
            </button>
          </Form>
        </section>
      ) : null}
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
