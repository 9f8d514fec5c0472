import { pageStringsClientLoader } from "~/lib/i18n";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/lib/auth/membership.server";
import { formatDateTime } from "~/lib/dates";
import { isMessageKey, useLang, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { organisationEventsPage } from "~/lib/security/account.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "security.title");

// Admins only (the same capability as managing members); others 403, non-members 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireMembership(request, params.org, "manageMembers");
  const before = Number(new URL(request.url).searchParams.get("before"));
  const page = await organisationEventsPage(organisation.id, Number.isInteger(before) && before > 0 ? before : undefined);
  return { org: organisation, ...page };
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function SecurityLog() {
  const { org, events, nextBefore } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <section className="stack">
      <p className="muted">{org.name}</p>
      <h1>{t("security.title")}</h1>
      <p>{t("security.intro")}</p>
      {events.length === 0 ? <p className="muted">{t("security.none")}</p> : null}
      {events.length > 0 ? (
        <table className="members">
          <thead>
            <tr>
              <th scope="col">{t("security.when")}</th>
              <th scope="col">{t("security.event")}</th>
              <th scope="col">{t("security.who")}</th>
              <th scope="col">{t("security.details")}</th>
              <th scope="col">{t("security.ip")}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => {
              const key = `security.type.${e.type}`;
              return (
                <tr key={e.id}>
                  <td>{formatDateTime(new Date(e.at), lang)}</td>
                  <td>{isMessageKey(key) ? t(key) : e.type}</td>
                  <td>{e.userName ? `${e.userName} (${e.userEmail})` : "–"}</td>
                  <td>
                    {e.detail
                      ? Object.entries(e.detail)
                          .map(([k, v]) => `${k}: ${String(v)}`)
                          .join(", ")
                      : ""}
                  </td>
                  <td>{e.ip ?? ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {nextBefore ? (
        <p>
          <Link to={`?before=${nextBefore}`}>{t("security.older")}</Link>
        </p>
      ) : null}
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
