import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Deadlines } from "~/components/cockpit/deadlines";
import { SubmissionLog } from "~/components/cockpit/submission-log";
import { LockBanner } from "~/components/cockpit/work-line";
import { overviewCockpit } from "~/lib/cockpit/cockpit.server";
import { ProgressBar } from "~/components/progress";
import { PresenceChips } from "~/components/live/lazy";
import { useLiveResponse } from "~/lib/live/live-state";
import { liveStart } from "~/lib/live/start.server";
import { AnswerText } from "~/components/answer-text";
import { requireResponse } from "~/lib/auth/membership.server";
import { can } from "~/lib/auth/permissions";
import { addNorwegianStrings, useLang, useT, pageStringsClientLoader } from "~/lib/i18n";
import { nbDiscussion } from "~/lib/i18n/nb-discussion";
import { formatDateTime } from "~/lib/dates";
import { recentActivity, responseAnswers, sectionViews } from "~/lib/responses.server";
import { progressOf } from "../../consultation/answers";
import { formItems } from "../../consultation/form";
import { pageTitle } from "~/lib/page-title";
import { ExportActions } from "~/components/export";
import { sectionHeading, sectionTitle } from "~/lib/section-title";
import { newerVersionId } from "~/lib/consultations/move.server";
import { parseUnmappedKey } from "../../consultation/move";
import { openCounts } from "~/lib/discussion/discussion.server";

// The comment counts' strings (not in the main bundle: the chapter page's JS budget).
addNorwegianStrings(nbDiscussion);
import { overviewVoice, voiceCharts } from "~/lib/member-voice.server";
import { VoiceCharts } from "~/components/member-voice/voice-charts";
import { translator } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, { text: data?.title ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation, role, locked, user } = await requireResponse(request, params, "read");
  const { template } = response.consultation;
  // Read before the answers: the live stream resumes after it.
  const live = await liveStart(user.id, response.id);
  const answers = await responseAnswers(organisation.id, response.id);
  const items = formItems(template);
  return {
    org: organisation,
    role,
    live,
    canEdit: can(role, "edit") && !locked,
    cockpit: (await overviewCockpit(response, role, locked)),
    canExport: can(role, "export"),
    canMove: can(role, "edit") && !locked && (await newerVersionId(organisation.id, response)) !== undefined,
    responseId: response.id,
    title: template.title,
    issuer: template.issuer,
    caseNumber: template.caseNumber,
    deadline: template.deadline,
    progress: progressOf(items, (key) => answers.get(key)?.value),
    sections: sectionViews(template, answers).map((section) => ({ ...section, heading: sectionHeading(section) })),
    answers: Object.fromEntries([...answers].filter(([key]) => !parseUnmappedKey(key))),
    // Answers a move to a newer version could not map: kept (with their history), shown here.
    unmapped: [...answers].flatMap(([stored, a]) => {
      const parsed = parseUnmappedKey(stored);
      return parsed ? [{ key: parsed.key, value: Array.isArray(a.value) ? a.value.join(", ") : a.value }] : [];
    }),
    activity: (await recentActivity(organisation.id, response.id, template)),
    // Members' voice per chapter (how many gave a view / ranked) and the "My view" link text, worded
    // here: their strings stay out of the dictionary every page loads (the chapter page's JS budget).
    voice: (await overviewVoice(organisation.id, response.id, template, translator(await getLang(request)), can(role, "position"))),
    voiceCharts: (await voiceCharts(organisation.id, response.id, template)),
    today: new Date().toISOString(),
    // Open comment threads per question key (one grouped query).
    openComments: (await openCounts(organisation.id, response.id)),
  };
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders it.
export const clientLoader = pageStringsClientLoader;

export default function ResponseOverview() {
  const data = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const moved = search.get("moved") !== null;
  // "Questions with open comments": only those items and their parts.
  const onlyOpen = search.get("comments") === "open";
  const openIn = (items: { key: string }[]) => items.reduce((n, item) => n + (data.openComments[item.key] ?? 0), 0);
  const openTotal = Object.values(data.openComments).reduce((a, b) => a + b, 0);
  const t = useT();
  const lang = useLang();
  useLiveResponse({ base: `/o/${data.org.slug}/r/${data.responseId}`, ...data.live, sectionId: null });
  const sectionNames = Object.fromEntries(data.sections.map((section) => [section.id, sectionTitle(section.heading, t)]));
  return (
    <article className="stack">
      <header>
        <p className="muted">
          {data.org.name} · {data.issuer} · {data.caseNumber}
        </p>
        <h1>{data.title}</h1>
        <p>
          <Deadlines official={data.deadline} internal={data.cockpit.deadlines.internal} today={data.today} submitted={data.cockpit.lock !== null} />
        </p>
        <ProgressBar progress={data.progress} />
        <PresenceChips sectionId={null} sectionNames={sectionNames} />
        <p className="open-comments">
          {t("discussion.openThreads", { count: openTotal })} ·{" "}
          {onlyOpen ? <Link to={`/o/${data.org.slug}/r/${data.responseId}`}>{t("discussion.filterAll")}</Link> : <Link to="?comments=open">{t("discussion.filterOpen")}</Link>}
        </p>
        {onlyOpen && openTotal === 0 ? <p className="muted">{t("discussion.filterNone")}</p> : null}
      </header>
      {data.cockpit.lock ? <LockBanner base={`/o/${data.org.slug}/r/${data.responseId}`} submittedOn={data.cockpit.lock.submittedOn} /> : null}
      <nav className="actions" aria-label={t("cockpit.submission")}>
        <Link to="remaining">
          {t("cockpit.remaining")} ({data.cockpit.remaining})
        </Link>
        {data.cockpit.canCheck ? <Link to="check">{t("cockpit.check")}</Link> : null}
        <Link to="submission">{t("cockpit.submission")}</Link>
      </nav>
      {data.canMove ? (
        <p className="card" role="note">
          {t("move.offer")} <Link to={`/o/${data.org.slug}/r/${data.responseId}/move`}>{t("move.link")}</Link>
        </p>
      ) : null}
      {moved ? <p role="status">{t("move.done")}</p> : null}
      {data.unmapped.length ? (
        <section className="card" aria-labelledby="unmapped-answers">
          <h2 id="unmapped-answers">{t("move.kept")}</h2>
          <p className="muted">{t("move.keptIntro")}</p>
          <ul>
            {data.unmapped.map((a) => (
              <li key={a.key}>
                <code>{a.key}</code>
                <blockquote className="answer-text">{a.value}</blockquote>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ExportActions base={`/o/${data.org.slug}/r/${data.responseId}`} canExport={data.canExport} canEdit={data.canEdit} withPreview />
      <SubmissionLog base={`/o/${data.org.slug}/r/${data.responseId}`} log={data.cockpit.log} canDownload={data.cockpit.canExport} />
      {data.activity.length ? (
        <section className="card" aria-labelledby="recent-changes">
          <h2 id="recent-changes">{t("response.recentChanges")}</h2>
          <ol className="plain recent-changes">
            {data.activity.map((change) => (
              <li key={`${change.key}-${change.version}`}>
                <Link to={`c/${change.sectionId}#q-${change.number}`}>{t("response.item", { number: change.number })}</Link>{" "}
                <span className="muted">({sectionTitle(change.section, t)})</span> –{" "}
                {t("history.by", { name: change.createdByName ?? "?", when: formatDateTime(change.createdAt, lang) })} ·{" "}
                <Link to={`history/${encodeURIComponent(change.key)}`}>{t("history.version", { version: change.version })}</Link>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {onlyOpen ? null : <VoiceCharts charts={data.voiceCharts} />}
      {data.sections.filter((section) => !onlyOpen || openIn(section.items) > 0).map((section) => (
        <section key={section.id} className="card" aria-labelledby={`s-${section.id}`}>
          <div className="section-head">
            <h2 id={`s-${section.id}`}>
              <Link to={`c/${section.id}`}>{sectionTitle(section.heading, t)}</Link>
            </h2>
            <ProgressBar progress={section.progress} />
            {openIn(section.items) ? (
              <span className="badge" data-testid={`open-comments-${section.id}`}>
                {t("discussion.openCount", { count: openIn(section.items) })}
              </span>
            ) : null}
            <Link to={`c/${section.id}`} className="button secondary">
              {data.canEdit ? t("drafting.edit") : t("drafting.read")}
            </Link>
          </div>
          {data.voice[section.id] ? (
            <p className="small">
              {data.voice[section.id]!.text}
              {data.voice[section.id]!.link ? (
                <>
                  {" · "}
                  <Link to={`c/${section.id}/mine`}>{data.voice[section.id]!.link}</Link>
                </>
              ) : null}
            </p>
          ) : null}
          {section.openNumbers.length ? (
            <p className="open-items">
              {t("response.openItems")}{" "}
              {section.openNumbers.map((n) => (
                <Link key={n} to={`c/${section.id}#q-${n}`} className="open-item">
                  {n}
                </Link>
              ))}
            </p>
          ) : null}
          <ol className="form-items">
            {section.items.filter((item) => !onlyOpen || data.openComments[item.key]).map((item) => {
              const answer = data.answers[item.key];
              const open = data.openComments[item.key];
              return (
                <li key={item.key} id={`item-${item.number}`}>
                  <span className="item-number">{item.number}.</span> <span className="item-text">{item.text}</span>
                  <AnswerText item={item} value={answer?.value} />
                  {open ? (
                    <p className="small">
                      <Link to={`q/${encodeURIComponent(item.key)}`}>
                        {t("discussion.summary")}: {t("discussion.openCount", { count: open })}
                      </Link>
                    </p>
                  ) : null}
                  {answer?.updatedByName ? (
                    <p className="muted small">
                      {t("response.lastEdited", { name: answer.updatedByName, when: formatDateTime(answer.updatedAt, lang) })}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
