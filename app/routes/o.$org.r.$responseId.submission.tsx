/**
 * Submission and deadlines (issue 9): the internal deadline, marking the response submitted (which
 * freezes its files and locks it), reopening it (admins, with a reason), and the log.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ResponsePageHeader } from "~/components/response-page-header";
import { Deadline } from "~/components/deadline";
import { SubmissionLog } from "~/components/cockpit/submission-log";
import { SubmitConfirm } from "~/components/cockpit/submit-confirm";
import { requireResponse } from "~/lib/auth/membership.server";
import { clientIp } from "~/lib/auth/client-ip.server";
import { logSecurityEvent } from "~/lib/security/events.server";
import { deadlineAction, reopenAction, submissionPage, submitAction, type SubmissionAction } from "~/lib/cockpit/submission.server";
import { readForm } from "~/lib/form-data.server";
import { pageStringsClientLoader, translator, useT } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { pageTitle } from "~/lib/page-title";
import { SUBMISSION_CHANNELS } from "../../consultation/submission-channel";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cockpit.submission");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation, role, locked } = await requireResponse(request, params, "read");
  return { base: `/o/${organisation.slug}/r/${response.id}`, ...(await submissionPage(response, role, locked)) };
}

const CAPABILITY = { submit: "submit", reopen: "reopen", deadline: "setDeadline" } as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (!(intent in CAPABILITY)) {
    await requireResponse(request, params, "read");
    return data<SubmissionAction>({ ok: false, intent, message: translator(await getLang(request))("work.badForm"), status: 400, values: {} }, { status: 400 });
  }
  const { response, user, organisation } = await requireResponse(request, params, CAPABILITY[intent as keyof typeof CAPABILITY]);
  const lang = await getLang(request);
  const t = translator(lang);
  const result =
    intent === "submit"
      ? await submitAction(form, response, user.id, t)
      : intent === "reopen"
        ? (await reopenAction(form, response, user.id, t))
        : (await deadlineAction(form, response, t, lang));
  if (result.ok && intent !== "deadline")
    await logSecurityEvent({ type: `response.${intent === "submit" ? "submitted" : "reopened"}`, userId: user.id, organisationId: organisation.id, ip: clientIp(context), detail: { responseId: response.id } });
  if (result.ok) throw redirect(`${new URL(request.url).pathname}?done=${intent}`);
  return data<SubmissionAction>(result, { status: result.status });
}

export const clientLoader = pageStringsClientLoader;

const DONE = { submit: "submission.submitted", reopen: "submission.reopened", deadline: "submission.deadlineSaved" } as const;

export default function Submission() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = useSearchParams()[0].get("done");
  const t = useT();
  const failed = result && !result.ok ? result : undefined;
  const error = (intent: string) =>
    failed?.intent === intent && failed.message ? (
      <p className="error" role="alert" id={`${intent}-error`}>
        {failed.message}
      </p>
    ) : null;
  const value = (intent: string, name: string, fallback: string) => (failed?.intent === intent ? (failed.values[name] ?? fallback) : fallback);
  return (
    <article className="stack">
      <ResponsePageHeader base={d.base} title={t("cockpit.submission")} subtitle={d.title} />
      {done && done in DONE && !failed ? (
        <p className="notice" role="status">
          {t(DONE[done as keyof typeof DONE])}
        </p>
      ) : null}
      <section className="card" aria-labelledby="deadlines">
        <h2 id="deadlines">{t("submission.deadlineTitle")}</h2>
        <p>
          {t("cockpit.officialDeadline")}: <Deadline deadline={d.deadlines.official} today={d.now} />
        </p>
        <p>
          {t("cockpit.internalDeadline")}: {d.deadlines.internal ? <Deadline deadline={d.deadlines.internal} today={d.now} /> : t("submission.none")}
        </p>
        {d.deadlines.official < d.today ? (
          <p className="muted" data-testid="closed-note">
            {t("submission.closed")}
          </p>
        ) : null}
        {d.canSetDeadline && d.deadlines.official >= d.today ? (
          <Form method="post" className="stack">
            <p className="muted">{t("submission.deadlineIntro")}</p>
            {error("deadline")}
            <input type="hidden" name="version" value={d.deadlineVersion} />
            <label htmlFor="internalDeadline">{t("cockpit.internalDeadline")}</label>
            <input
              id="internalDeadline"
              type="date"
              name="internalDeadline"
              min={d.today}
              max={d.deadlines.official}
              defaultValue={value("deadline", "internalDeadline", d.deadlines.internal ?? "")}
              aria-describedby={failed?.intent === "deadline" ? "deadline-error" : undefined}
            />
            <button type="submit" name="intent" value="deadline" className="secondary">
              {t("submission.deadlineSave")}
            </button>
          </Form>
        ) : null}
      </section>
      <section className="card" aria-labelledby="status">
        <h2 id="status">{t("submission.status")}</h2>
        {d.locked ? null : <p>{t("submission.notSubmitted")}</p>}
        {d.canSubmit && failed?.confirm ? (
          <SubmitConfirm base={d.base} review={failed.confirm} values={failed.values} message={failed.message || undefined} />
        ) : d.canSubmit ? (
          <Form method="post" className="stack">
            <h3>{t("submission.submitTitle")}</h3>
            <p className="muted">{t("submission.submitIntro")}</p>
            <p>
              <Link to={`${d.base}/check`}>{t("cockpit.check")}</Link>
            </p>
            {error("submit")}
            <label htmlFor="submittedOn">{t("submission.date")}</label>
            <input id="submittedOn" type="date" name="submittedOn" max={d.today} required defaultValue={value("submit", "submittedOn", d.today)} />
            <label htmlFor="channel">{t("submission.channel")}</label>
            <select id="channel" name="channel" defaultValue={value("submit", "channel", "regjeringen")}>
              {SUBMISSION_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`cockpit.channel.${c}`)}
                </option>
              ))}
            </select>
            <label htmlFor="receipt">{t("submission.receipt")}</label>
            <input id="receipt" name="receipt" maxLength={200} defaultValue={value("submit", "receipt", "")} />
            <button type="submit" name="intent" value="submit">
              {t("submission.submit")}
            </button>
          </Form>
        ) : null}
        {d.canReopen ? (
          <Form method="post" className="stack">
            <h3>{t("submission.reopenTitle")}</h3>
            {error("reopen")}
            <label htmlFor="reason">{t("submission.reason")}</label>
            <textarea id="reason" name="reason" required rows={3} maxLength={1000} defaultValue={value("reopen", "reason", "")} />
            <button type="submit" name="intent" value="reopen">
              {t("submission.reopen")}
            </button>
          </Form>
        ) : null}
      </section>
      <SubmissionLog base={d.base} log={d.log} canDownload={d.canExport} />
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
