import { ResponsePageHeader } from "~/components/response-page-header";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireResponse } from "~/lib/auth/membership.server";
import { can } from "~/lib/auth/permissions";
import { responseSummary } from "~/lib/export.server";
import { voiceCharts } from "~/lib/member-voice.server";
import { VoiceCharts } from "~/components/member-voice/voice-charts";
import { pageStringsClientLoader, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, { text: data?.summary.title ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation, role } = await requireResponse(request, params, "read");
  return {
    summary: (await responseSummary(response)),
    title: response.consultation.template.title,
    base: `/o/${organisation.slug}/r/${response.id}`,
    canExport: can(role, "export"),
    // Beside the organisation's positions: what its members think (charts with a text alternative).
    voiceCharts: (await voiceCharts(organisation.id, response.id, response.consultation.template)),
  };
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function PositionSummary() {
  const { summary, title, base, canExport, voiceCharts: charts } = useLoaderData<typeof loader>();
  const t = useT();
  const c = summary.columns;
  return (
    <article className="stack">
      <ResponsePageHeader base={base} title={t("summary.pageTitle", { title })} subtitle={t("summary.intro")} />
      {canExport ? (
        <nav className="actions" aria-label={t("summary.downloads")}>
          <a className="button" href={`${base}/summary.pdf`} download>
            {t("summary.downloadPdf")}
          </a>
          <a className="button secondary" href={`${base}/summary.docx`} download>
            {t("summary.downloadDocx")}
          </a>
          <a className="button secondary" href={`${base}/summary.md`} download>
            {t("summary.downloadMarkdown")}
          </a>
        </nav>
      ) : null}
      <section className="card position-summary" aria-label={summary.title} lang={summary.language}>
        <h2>{summary.title}</h2>
        <p className="muted">{summary.subtitle}</p>
        {summary.chapters.map((chapter) => (
          <table key={chapter.id}>
            <caption>{chapter.title}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">{c.number}</th>
                <th scope="col">{c.measure}</th>
                <th scope="col" className="position">{c.position}</th>
                <th scope="col" className="num">{c.rank}</th>
              </tr>
            </thead>
            <tbody>
              {chapter.rows.map((row) => (
                <tr key={row.measureId}>
                  <td className="num">{row.number}</td>
                  <td>{row.label}</td>
                  <td>{row.position}</td>
                  <td className="num">{row.rank ?? summary.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </section>
      <VoiceCharts charts={charts} />
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
