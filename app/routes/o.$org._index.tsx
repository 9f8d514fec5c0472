import { pageStringsClientLoader } from "~/lib/i18n";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Deadline } from "~/components/deadline";
import { ErrorList } from "~/components/form-field";
import { ProgressBar } from "~/components/progress";
import { StartResponseSchema } from "~/lib/auth/forms";
import { notFound, requireMembership } from "~/lib/auth/membership.server";
import { can } from "~/lib/auth/permissions";
import { useT } from "~/lib/i18n";
import { organisationResponses } from "~/lib/responses.server";
import { startableConsultations, startResponseTo } from "~/lib/start-response.server";
import { isSiteAdmin, organisationConsultations } from "~/lib/consultations/consultations.server";
import { pageTitle } from "~/lib/page-title";
import { readForm } from "~/lib/form-data.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, { text: data?.org.name ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, role, user } = await requireMembership(request, params.org, "read");
  return {
    org: organisation,
    role,
    canStart: can(role, "startResponse"),
    canManageMembers: can(role, "manageMembers"),
    canManageConsultations: can(role, "manageConsultations"),
    allConsultations: (await organisationConsultations(organisation.id)),
    siteAdmin: (await isSiteAdmin(user.email)),
    responses: (await organisationResponses(organisation.id)),
    consultations: can(role, "startResponse") ? (await startableConsultations(organisation.id)) : [],
    today: new Date().toISOString(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireMembership(request, params.org, "startResponse");
  const submission = parseWithZod(await readForm(request), { schema: StartResponseSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const responseId = await startResponseTo(organisation.id, submission.value.consultationVersionId, user.id);
  if (responseId === undefined) throw notFound();
  return redirect(`/o/${organisation.slug}/r/${responseId}`);
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

/** A consultation is open through its deadline day. */
const isOpen = (deadline: string, today: string) => deadline >= today.slice(0, 10);

export default function OrganisationDashboard() {
  const { org, role, canStart, canManageMembers, canManageConsultations, allConsultations, siteAdmin, responses, consultations, today } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="stack">
      <h1>{org.name}</h1>
      <p className="muted">
        {t("accounts.org.yourRole", { role: t(`accounts.role.${role}`) })}
        {canManageMembers ? (
          <>
            {" · "}
            <Link to={`/o/${org.slug}/members`}>{t("accounts.org.members")}</Link>
            {" · "}
            <Link to={`/o/${org.slug}/security`}>{t("security.title")}</Link>
          </>
        ) : null}
      </p>
      <h2>{t("home.yourResponses")}</h2>
      {responses.length === 0 ? <p>{t("home.noResponses")}</p> : null}
      {!consultations.some((c) => isOpen(c.deadline, today)) && canManageConsultations ? (
        <p className="card" data-testid="newcomer-hint">
          {t("home.noOpenConsultations")} <Link to={`/o/${org.slug}/consultations/new`}>{t("home.startNewConsultation")}</Link>
        </p>
      ) : null}
      {[true, false].map((open) => {
        const list = responses.filter((r) => isOpen(r.deadline, today) === open);
        if (!list.length) return null;
        return (
          <section key={String(open)} aria-labelledby={`responses-${open ? "open" : "closed"}`} className="stack">
            <h3 id={`responses-${open ? "open" : "closed"}`}>{t(open ? "home.openResponses" : "home.closedResponses")}</h3>
            <ul className="plain">
              {list.map((r) => (
                <li key={r.id} className="card response-row">
                  <Link to={`/o/${org.slug}/r/${r.id}`}>{r.title}</Link>
                  <span className="muted">{r.issuer}</span>
                  <Deadline deadline={r.deadline} today={today} />
                  <ProgressBar progress={r.progress} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {canStart ? (
        <section aria-labelledby="start-response" className="stack">
          <h2 id="start-response">{t("accounts.start.title")}</h2>
          <p className="muted">{t("accounts.start.intro")}</p>
          <ErrorList errors={actionData?.result.error ? ["accounts.error.formInvalid"] : undefined} />
          {consultations.length === 0 ? <p>{t("accounts.start.none")}</p> : null}
          <ul className="plain">
            {consultations.map((c) => (
              <li key={c.versionId} className="card response-row">
                <strong>{c.title}</strong>
                <span className="muted">{c.issuer}</span>
                <Deadline deadline={c.deadline} today={today} />
                {c.responseId !== null ? (
                  <Link to={`/o/${org.slug}/r/${c.responseId}`}>
                    {t("accounts.start.started")} – {t("response.open")}
                  </Link>
                ) : (
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="startResponse" />
                    <input type="hidden" name="consultationVersionId" value={c.versionId} />
                    <button type="submit" aria-label={t("accounts.start.submitFor", { title: c.title })}>
                      {t("accounts.start.submit")}
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="consultations" className="stack">
        <h2 id="consultations">{t("consultations.title")}</h2>
        <p className="muted">{t("consultations.intro")}</p>
        {canManageConsultations || siteAdmin ? (
          <p>
            {canManageConsultations ? <Link to={`/o/${org.slug}/consultations/new`}>{t("consultations.add")}</Link> : null}
            {canManageConsultations && siteAdmin ? " · " : null}
            {siteAdmin ? <Link to="/admin/consultations">{t("siteAdmin.title")}</Link> : null}
            {siteAdmin ? " · " : null}
            {siteAdmin ? <Link to="/admin/backups">{t("backups.title")}</Link> : null}
          </p>
        ) : null}
        <ul className="plain">
          {allConsultations.map((c) => (
            <li key={c.id} className="card response-row">
              <Link to={`/o/${org.slug}/consultations/${encodeURIComponent(c.id)}`}>{c.title}</Link>
              <span className="muted">{c.issuer}</span>
              <span>
                {t(`consultations.status.${c.status}`)} · {c.own ? t("consultations.own") : t("consultations.shared")}
                {c.own && c.shared ? ` · ${t("consultations.shared")}` : ""}
              </span>
              <Deadline deadline={c.deadline} today={today} />
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
