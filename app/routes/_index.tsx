import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getUser } from "~/lib/auth/session.server";
import { Deadline } from "~/components/deadline";
import { ProgressBar } from "~/components/progress";
import { useT, pageStringsClientLoader } from "~/lib/i18n";
import { homePage } from "~/lib/responses.server";
import { homeCockpit } from "~/lib/cockpit/cockpit.server";
import { Deadlines } from "~/components/cockpit/deadlines";
import { MyTasks } from "~/components/cockpit/my-tasks";
import { pageTitle } from "~/lib/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, { text: "" });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return { ...(await homePage(user?.id ?? null)), cockpit: (await homeCockpit(user?.id ?? null)), today: new Date().toISOString() };
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders it.
export const clientLoader = pageStringsClientLoader;

export default function Home() {
  const { consultations, orgs, cockpit, today } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack">
      <p className="lead">{t("app.tagline")}</p>
      {orgs ? <MyTasks tasks={cockpit.tasks} today={today} /> : null}
      {orgs ? (
        <section aria-labelledby="your-responses">
          <h1 id="your-responses">{t("home.yourResponses")}</h1>
          {orgs.map((org) => (
            <div key={org.id} className="card">
              <h2>
                <Link to={`/o/${org.slug}`}>{org.name}</Link>
              </h2>
              {org.responses.length === 0 ? (
                <p>{t("home.noResponses")}</p>
              ) : (
                <ul className="plain">
                  {org.responses.map((r) => (
                    <li key={r.id} className="response-row">
                      <Link to={`/o/${org.slug}/r/${r.id}`}>{r.title}</Link> <span className="muted">({r.issuer})</span>{" "}
                      <Deadlines official={r.deadline} internal={cockpit.responses[r.id]?.internal ?? null} today={today} submitted={cockpit.responses[r.id]?.locked} />
                      <ProgressBar progress={r.progress} />
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </section>
      ) : (
        <p>
          <Link to="/login">{t("nav.signIn")}</Link> – {t("home.signInToDraft")}
        </p>
      )}
      <section aria-labelledby="consultations">
        <h2 id="consultations">{t("home.consultations")}</h2>
        <ul className="plain">
          {consultations.map((c) => (
            <li key={c.versionId} className="card">
              <strong>{c.title}</strong>
              <dl className="meta">
                <dt>{t("consultation.issuer")}</dt>
                <dd>{c.issuer}</dd>
                <dt>{t("consultation.caseNumber")}</dt>
                <dd>{c.caseNumber}</dd>
                <dt>{t("consultation.deadline")}</dt>
                <dd>
                  <Deadline deadline={c.deadline} today={today} />
                </dd>
              </dl>
              <span className="muted">{t("consultation.items", { count: c.itemCount })}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
