import { pageStringsClientLoader } from "~/lib/i18n";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorList } from "~/components/form-field";
import { clientIp } from "~/lib/auth/client-ip.server";
import { notFound } from "~/lib/auth/membership.server";
import { requireSiteAdmin, shareAsSiteAdmin, siteConsultations } from "~/lib/consultations/consultations.server";
import { SiteShareSchema } from "~/lib/consultations/forms";
import { readForm } from "~/lib/form-data.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { logSecurityEvent } from "~/lib/security/events.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "siteAdmin.title");

/** Site administrators only (SITE_ADMINS); anyone else gets 404. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireSiteAdmin(request);
  return { consultations: (await siteConsultations()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireSiteAdmin(request);
  const submission = parseWithZod(await readForm(request), { schema: SiteShareSchema });
  if (submission.status !== "success") return data({ error: "accounts.error.formInvalid" as const }, { status: 400 });
  const { consultationId, version, shared } = submission.value;
  const result = await shareAsSiteAdmin(consultationId, version, shared === "true");
  if (result.status === "notFound") throw notFound();
  if (result.status === "conflict") return data({ error: "consultations.stale" as const }, { status: 409 });
  await logSecurityEvent({ type: "consultation.sharedChanged", userId: user.id, ip: clientIp(context), detail: { consultation: consultationId, shared: shared === "true" } });
  return redirect("/admin/consultations");
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function SiteAdminConsultations() {
  const { consultations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  return (
    <article className="stack">
      <h1>{t("siteAdmin.title")}</h1>
      <p>{t("siteAdmin.intro")}</p>
      <ErrorList errors={result?.error ? [result.error] : undefined} />
      {consultations.length === 0 ? <p>{t("siteAdmin.none")}</p> : null}
      <table className="template-problems">
        <thead>
          <tr>
            <th scope="col">{t("consultations.title")}</th>
            <th scope="col">{t("siteAdmin.organisation")}</th>
            <th scope="col">{t("consultations.status.published")}</th>
            <th scope="col">{t("consultations.shared")}</th>
          </tr>
        </thead>
        <tbody>
          {consultations.map((c) => (
            <tr key={c.id}>
              <td>
                {c.title} <span className="muted">({c.issuer})</span>
              </td>
              <td>{c.organisationName}</td>
              <td>{t(`consultations.status.${c.status}`)}</td>
              <td>
                {c.shared ? t("consultations.shared") : t("siteAdmin.privateLabel")}{" "}
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="share" />
                  <input type="hidden" name="consultationId" value={c.id} />
                  <input type="hidden" name="version" value={c.version} />
                  <input type="hidden" name="shared" value={c.shared ? "false" : "true"} />
                  <button type="submit" disabled={busy} aria-label={`${c.shared ? t("consultations.unshare") : t("consultations.share")}: ${c.title} (${c.organisationName})`}>
                    {c.shared ? t("consultations.unshare") : t("consultations.share")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
