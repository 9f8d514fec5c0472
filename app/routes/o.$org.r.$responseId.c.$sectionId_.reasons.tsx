import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import RankingMethod from "~/components/member-voice/ranking-method";
import { ReasonList } from "~/components/member-voice/reason-list";
import { pageStringsClientLoader, useT } from "~/lib/i18n";
import { reasonsPageData } from "~/lib/member-voice/reasons.server";
import { pageTitle } from "~/lib/page-title";
import { sectionTitle } from "~/lib/section-title";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, "voice.reasonsPage");
export const clientLoader = pageStringsClientLoader;

export const loader = ({ request, params }: LoaderFunctionArgs) => reasonsPageData(request, params);

/**
 * The members' reasons of a chapter and how its suggested ranking is worked out (the chapter page
 * loads this when its folded lists or its method disclosure are opened).
 */
export default function ChapterReasons() {
  const { chapterHref, heading, yesNo, measures, method } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="stack">
      <nav aria-label={t("drafting.breadcrumb")} className="muted small">
        <Link to={chapterHref}>{`← ${t("voice.mine.back")}`}</Link>
      </nav>
      <h1>{t("voice.reasonsTitle", { section: sectionTitle(heading, t) })}</h1>
      {measures.map((m) => (
        <section key={m.id} id={`r-${m.id}`} aria-labelledby={`r-${m.id}-h`}>
          <h2 id={`r-${m.id}-h`}>{m.label}</h2>
          {m.reasons.length ? <ReasonList reasons={m.reasons} yesNo={yesNo} /> : <p className="muted">{t("voice.noReasons")}</p>}
        </section>
      ))}
      {method ? (
        <section id="method" aria-labelledby="method-h">
          <h2 id="method-h">{t("voice.method")}</h2>
          <RankingMethod method={method} />
        </section>
      ) : null}
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
