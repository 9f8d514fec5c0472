import { pageStringsClientLoader } from "~/lib/i18n";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorList } from "~/components/form-field";
import { clientIp } from "~/lib/auth/client-ip.server";
import { requireMembership } from "~/lib/auth/membership.server";
import { logSecurityEvent } from "~/lib/security/events.server";
import { addConsultation, checkOwnTemplateText, draftFromPrintout, checkTemplateText, previewAction, uploadedText, type PreviewResult } from "~/lib/consultations/consultations.server";
import { SourceEditor } from "~/components/consultations/source-editor";
import { MAX_TEMPLATE_BYTES, ScratchSchema, UploadConsultationSchema } from "~/lib/consultations/forms";
import { emptyTemplate, starterTemplate } from "../../consultation/starter";
import { readPreviewOrForm } from "~/lib/consultations/preview-body.server";
import { translator, useLang, useT } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { importProblemMessage } from "~/lib/import-messages";
import { pageTitle } from "~/lib/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consultations.new.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireMembership(request, params.org, "manageConsultations");
  return { org: organisation, maxMegabytes: MAX_TEMPLATE_BYTES / 1024 / 1024 };
}

type ActionResult = {
  intent: "upload" | "fromPrintout";
  error?: "consultations.error.empty" | "consultations.error.tooLarge" | "consultations.error.exists" | "accounts.error.formInvalid";
  errorParams?: Record<string, string | number>;
  problems: { path: string; message: string }[];
  /** The pasted text, given back so nothing typed is lost. */
  source: string;
  /** Why a printout could not be read, in the reader's language. */
  printoutProblems?: string[];
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { organisation, user } = await requireMembership(request, params.org, "manageConsultations");
  // A script's preview post goes to the parse worker undecoded; everything else is read as a form.
  const posted = await readPreviewOrForm(request);
  const formData = "form" in posted ? posted.form : undefined;
  if (!formData || formData.get("intent") === "preview") {
    const { body, status } = await previewAction(formData ?? (posted as { preview: ArrayBuffer }).preview, { userId: user.id, organisationId: organisation.id, ip: clientIp(context) }, { draft: true });
    return data<ActionResult | PreviewResult>(body, { status });
  }
  if (formData.get("intent") === "scratch" || formData.get("intent") === "empty") {
    // A draft from the starter template (every kind of part once) or empty (the metadata only), opened in the form editor.
    const scratch = parseWithZod(formData, { schema: ScratchSchema });
    if (scratch.status !== "success")
      return data<ActionResult | PreviewResult>({ intent: "upload", error: "accounts.error.formInvalid", problems: [], source: "" }, { status: 400 });
    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const id = `draft-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 4)}`;
    const text = (scratch.value.intent === "empty" ? emptyTemplate : starterTemplate)({ language: scratch.value.language, id, deadline });
    const checked = checkOwnTemplateText(text, "starter.yaml", { draft: true });
    if (!checked.ok) throw new Error(`starter template invalid: ${checked.problems.map((p) => p.path + " " + p.message).join("; ")}`);
    const created = await addConsultation(organisation.id, { template: checked.template, hash: checked.hash, sourceText: text, fileName: "starter.yaml" });
    if (created.status === "exists")
      return data<ActionResult | PreviewResult>({ intent: "upload", error: "consultations.error.exists", errorParams: { id }, problems: [], source: "" }, { status: 409 });
    await logSecurityEvent({ type: "consultation.added", userId: user.id, organisationId: organisation.id, ip: clientIp(context), detail: { consultation: created.id } });
    return redirect(`/o/${organisation.slug}/consultations/${encodeURIComponent(created.id)}/edit`);
  }
  if (formData.get("intent") === "fromPrintout") {
    // A printout of the form (PDF or text, uploaded or pasted) read into a draft, opened in the editor.
    const file = formData.get("printout");
    const pasted = String(formData.get("printoutText") ?? "");
    const input = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : pasted;
    const t = translator(await getLang(request));
    const made = await draftFromPrintout(organisation.id, input);
    if (!made.ok)
      return data<ActionResult | PreviewResult>(
        { intent: "fromPrintout", problems: [], source: "", printoutProblems: made.problems.map((p) => importProblemMessage(p, t)) },
        { status: 400 },
      );
    await logSecurityEvent({ type: "consultation.added", userId: user.id, organisationId: organisation.id, ip: clientIp(context), detail: { consultation: made.id } });
    return redirect(`/o/${organisation.slug}/consultations/${encodeURIComponent(made.id)}/edit`);
  }
  const submission = parseWithZod(formData, { schema: UploadConsultationSchema });
  if (submission.status !== "success") {
    const tooLarge = submission.error?.source?.includes("consultations.error.tooLarge");
    return data<ActionResult | PreviewResult>(
      { intent: "upload", error: tooLarge ? "consultations.error.tooLarge" : "accounts.error.formInvalid", errorParams: { max: 1 }, problems: [], source: "" },
      { status: 400 },
    );
  }
  const pasted = submission.value.source ?? "";
  const upload = await uploadedText(submission.value.file, pasted);
  if ("error" in upload) return data<ActionResult | PreviewResult>({ intent: "upload", error: upload.error, errorParams: { max: 1 }, problems: [], source: pasted }, { status: 400 });
  const checked = await checkTemplateText(upload.text, upload.fileName, { draft: true });
  if (!checked.ok) return data<ActionResult | PreviewResult>({ intent: "upload", problems: checked.problems, source: pasted || upload.text }, { status: 400 });
  const created = await addConsultation(organisation.id, {
    template: checked.template,
    hash: checked.hash,
    sourceText: upload.text,
    fileName: upload.fileName,
  });
  if (created.status === "exists")
    return data<ActionResult | PreviewResult>(
      { intent: "upload", error: "consultations.error.exists", errorParams: { id: checked.template.id }, problems: [], source: pasted || upload.text },
      { status: 409 },
    );
  await logSecurityEvent({ type: "consultation.added", userId: user.id, organisationId: organisation.id, ip: clientIp(context), detail: { consultation: created.id } });
  return redirect(`/o/${organisation.slug}/consultations/${encodeURIComponent(created.id)}`);
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function NewConsultation() {
  const { org } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData?.intent === "upload" ? actionData : undefined;
  const preview = actionData?.intent === "preview" ? actionData : undefined;
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const lang = useLang();
  return (
    <article className="stack">
      <p>
        <Link to={`/o/${org.slug}`}>{t("consultations.back")}</Link>
      </p>
      <h1>{t("consultations.new.title")}</h1>
      <p>{t("consultations.new.intro")}</p>
      <ErrorList errors={result?.error ? [result.error] : undefined} params={result?.errorParams} />
      <Form method="post" className="stack card" aria-labelledby="scratch">
        <h2 id="scratch">{t("editor.scratch.title")}</h2>
        <p>{t("editor.scratch.intro")}</p>
        <label>
          {t("editor.scratch.language")}{" "}
          <select name="language" defaultValue={lang === "en" ? "en" : "nb"}>
            <option value="nb">{t("editor.language.nb")}</option>
            <option value="nn">{t("editor.language.nn")}</option>
            <option value="en">{t("editor.language.en")}</option>
          </select>
        </label>
        <div className="actions">
          <button type="submit" name="intent" value="empty" disabled={busy}>
            {t("editor.scratch.empty")}
          </button>
          <button type="submit" name="intent" value="scratch" disabled={busy} className="secondary">
            {t("editor.scratch.submit")}
          </button>
        </div>
      </Form>
      <Form method="post" encType="multipart/form-data" className="stack card" aria-labelledby="from-printout">
        <h2 id="from-printout">{t("consultations.fromPrintout.title")}</h2>
        <p>{t("consultations.fromPrintout.intro")}</p>
        {actionData?.intent === "fromPrintout" && actionData.printoutProblems?.length ? (
          <ul className="field-error" role="alert">
            {actionData.printoutProblems.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        ) : null}
        <label>
          {t("consultations.fromPrintout.file")}
          <input type="file" name="printout" accept=".pdf,.txt,application/pdf,text/plain" />
        </label>
        <label>
          {t("consultations.fromPrintout.paste")}
          <textarea name="printoutText" rows={4} />
        </label>
        <button type="submit" name="intent" value="fromPrintout" disabled={busy}>
          {t("consultations.fromPrintout.submit")}
        </button>
      </Form>
      <h2>{t("editor.upload.title")}</h2>
      <Form method="post" encType="multipart/form-data" className="stack card">
        <label>
          {t("consultations.new.file")}
          <input type="file" name="file" accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml,text/plain" />
        </label>
        <SourceEditor
          label={t("consultations.new.or")}
          defaultValue={result?.source ?? ""}
          resetKey={result?.source ?? ""}
          describedBy={result?.problems.length ? "template-problems" : undefined}
          preview={preview}
          submittedProblems={result?.problems}
        />
        <button type="submit" name="intent" value="upload" disabled={busy}>
          {t("consultations.new.submit")}
        </button>
      </Form>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
