import { pageStringsClientLoader } from "~/lib/i18n";
import { ResponsePageHeader } from "~/components/response-page-header";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireResponse } from "~/lib/auth/membership.server";
import { compareAnswers, type Position } from "~/lib/references/compare";
import { useT, type Translate } from "~/lib/i18n";
import { getDb } from "../../db/client";
import { listReferences } from "../../db/queries/references";
import { getAnswers } from "../../db/queries/responses";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} – Høringssvar` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation } = await requireResponse(request, params, "read");
  const db = getDb();
  const stored = await getAnswers(db, organisation.id, response.id);
  const references = await listReferences(db, organisation.id, response.id);
  const template = response.consultation.template;
  const { rows, perReference } = compareAnswers(
    template,
    (key) => stored.get(key)?.value,
    references.map((r) => r.answers),
  );
  return {
    title: template.title,
    base: `/o/${organisation.slug}/r/${response.id}`,
    ourName: organisation.name,
    yesNo: template.yesNoLabels ?? null,
    organisations: references.map((r, i) => ({ id: r.id, name: r.organisationName, ...perReference[i]! })),
    // Feedback texts stay on the chapter pages; the table needs yes/no and ranks only.
    rows: rows.map(({ ours, theirs, ...row }) => ({
      ...row,
      ours: { support: ours.support, rank: ours.rank },
      theirs: theirs.map((p) => ({ support: p.support, rank: p.rank, agrees: p.agrees })),
    })),
  };
}

export const clientLoader = pageStringsClientLoader;

function cell(p: Pick<Position, "support" | "rank">, labels: { yes: string; no: string }, t: Translate): string {
  const parts = [p.support ? labels[p.support] : t("compare.noAnswer")];
  if (p.rank) parts.push(t("compare.ranked", { rank: p.rank }));
  return parts.join(" · ");
}

export default function Compare() {
  const { title, base, ourName, yesNo, organisations, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const labels = yesNo ?? { yes: t("answer.yes"), no: t("answer.no") };
  return (
    <article className="stack">
      <ResponsePageHeader base={base} title={t("compare.title")} subtitle={title} />
      <p>{t("compare.intro")}</p>
      {organisations.length === 0 ? (
        <p>
          {t("compare.none")} <Link to={`${base}/references`}>{t("compare.addLink")}</Link>
        </p>
      ) : (
        <>
          <section aria-labelledby="compare-per-org">
            <h2 id="compare-per-org">{t("compare.perOrganisation")}</h2>
            <ul>
              {organisations.map((o) => (
                <li key={o.id}>
                  <strong>{o.name}</strong>: {t("compare.orgAgrees", { agree: o.agree, total: o.compared })}
                </li>
              ))}
            </ul>
          </section>
          <div className="table-scroll" role="region" aria-labelledby="compare-caption" tabIndex={0}>
            <table className="compare-table">
              <caption id="compare-caption">{t("compare.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("compare.measure")}</th>
                  <th scope="col">
                    {t("compare.ours")} ({ourName})
                  </th>
                  {organisations.map((o) => (
                    <th scope="col" key={o.id}>
                      {o.name}
                    </th>
                  ))}
                  <th scope="col">{t("compare.agreement")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.supportKey} id={`m-${row.supportKey}`}>
                    <th scope="row">
                      <Link to={`${base}/c/${row.chapterId}#q-${row.number}`}>{row.number}.</Link> {row.label}
                    </th>
                    <td>{cell(row.ours, labels, t)}</td>
                    {row.theirs.map((p, i) => (
                      <td key={organisations[i]!.id} className={p.agrees === false ? "disagrees" : undefined}>
                        {cell(p, labels, t)}
                      </td>
                    ))}
                    <td>{t("compare.agreeCount", { agree: row.agree, total: row.compared })}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("compare.agreement")}</th>
                  <td />
                  {organisations.map((o) => (
                    <td key={o.id}>{t("compare.agreeCount", { agree: o.agree, total: o.compared })}</td>
                  ))}
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
      <p>
        <Link to={`${base}/references`}>{t("references.title")}</Link>
      </p>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
