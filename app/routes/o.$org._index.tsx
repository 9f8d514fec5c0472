import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Deadline } from "~/components/deadline";
import { ProgressBar } from "~/components/progress";
import { requireMembership } from "~/lib/auth/membership.server";
import { useT } from "~/lib/i18n";
import { responseList } from "~/lib/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, role } = await requireMembership(request, params.org, "read");
  return { org: organisation, role, responses: responseList(getDb(), organisation.id), today: new Date().toISOString() };
}

export default function OrganisationDashboard() {
  const { org, responses, today } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <h1>{org.name}</h1>
      <h2>{t("home.yourResponses")}</h2>
      {responses.length === 0 ? <p>{t("home.noResponses")}</p> : null}
      <ul className="plain">
        {responses.map((r) => (
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
}
