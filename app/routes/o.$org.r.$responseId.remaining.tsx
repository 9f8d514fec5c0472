/** "Gjenstår" (issue 9): every asked question not yet agreed, by chapter, with filters and bulk changes. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { ResponsePageHeader } from "~/components/response-page-header";
import { StatusBadge } from "~/components/cockpit/work-line";
import { requireResponse } from "~/lib/auth/membership.server";
import { useLiveResponse } from "~/lib/live/live-state";
import { liveStart } from "~/lib/live/start.server";
import { can } from "~/lib/auth/permissions";
import { parseRemainingFilters, remainingView } from "~/lib/cockpit/cockpit.server";
import { pageStringsClientLoader, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { sectionTitle } from "~/lib/section-title";
import { getDb } from "../../db/client";
import { assignableMembers } from "../../db/queries/cockpit";
import { QUESTION_STATUSES, STATUS_LABEL_KEYS } from "../../consultation/question-status";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cockpit.remaining");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation, role, locked, user } = await requireResponse(request, params, "read");
  const live = await liveStart(user.id, response.id);
  const filters = parseRemainingFilters(new URL(request.url).searchParams);
  const sections = await remainingView(response, filters);
  return {
    base: `/o/${organisation.slug}/r/${response.id}`,
    title: response.consultation.template.title,
    filters,
    sections,
    count: sections.reduce((n, s) => n + s.items.length, 0),
    members: (await assignableMembers(getDb(), organisation.id)),
    canWork: !locked && can(role, "setStatus") && can(role, "assign"),
    live,
  };
}

export const clientLoader = pageStringsClientLoader;

export default function Remaining() {
  const { base, title, filters, sections, count, members, canWork, live } = useLoaderData<typeof loader>();
  useLiveResponse({ base, ...live, sectionId: null });
  const location = useLocation();
  const t = useT();
  return (
    <article className="stack">
      <ResponsePageHeader base={base} title={t("cockpit.remaining")} subtitle={title} />
      <p>{t("remaining.intro")}</p>
      <Form method="get" className="card filters" aria-label={t("remaining.filters")}>
        <label htmlFor="f-status">{t("work.statusLabel")}</label>{" "}
        <select id="f-status" name="status" defaultValue={filters.status ?? ""}>
          <option value="">{t("remaining.anyStatus")}</option>
          {QUESTION_STATUSES.filter((s) => s !== "agreed").map((s) => (
            <option key={s} value={s}>
              {t(STATUS_LABEL_KEYS[s])}
            </option>
          ))}
        </select>{" "}
        <label htmlFor="f-assignee">{t("work.assigneeLabel")}</label>{" "}
        <select id="f-assignee" name="assignee" defaultValue={filters.assignee === undefined ? "" : String(filters.assignee)}>
          <option value="">{t("remaining.anyAssignee")}</option>
          <option value="none">{t("remaining.unassigned")}</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>{" "}
        <label>
          <input type="checkbox" name="unanswered" value="1" defaultChecked={filters.unanswered} /> {t("remaining.unanswered")}
        </label>{" "}
        <label>
          <input type="checkbox" name="comments" value="1" defaultChecked={filters.comments} /> {t("remaining.openComments")}
        </label>{" "}
        <button type="submit" className="secondary">
          {t("remaining.apply")}
        </button>
      </Form>
      <p role="status">{count ? t("remaining.count", { count }) : t("remaining.none")}</p>
      <Form method="post" action={`${base}/work`} id="bulk" className="stack">
        <input type="hidden" name="returnTo" value={`${location.pathname}${location.search}`} />
        {sections.map((section) => (
          <section key={section.id} className="card" aria-labelledby={`r-${section.id}`}>
            <h2 id={`r-${section.id}`}>
              <Link to={`${base}/c/${section.id}`}>{sectionTitle(section.heading, t)}</Link>
            </h2>
            <ul className="plain remaining-list">
              {section.items.map((item) => (
                <li key={item.key} className="remaining-item">
                  {canWork ? (
                    <input type="checkbox" name="item" value={`${item.key}@${item.version}`} aria-label={t("remaining.select", { number: item.number })} />
                  ) : null}{" "}
                  <Link to={`${base}/c/${section.id}#q-${item.number}`}>{t("home.taskItem", { number: item.number })}</Link>{" "}
                  <span className="item-text">{item.text.length > 120 ? `${item.text.slice(0, 117)}…` : item.text}</span>{" "}
                  <StatusBadge status={item.status} /> <span className="muted">· {item.assigneeName ?? t("work.unassigned")}</span>
                  {item.answered ? null : <span className="muted"> · {t("remaining.notAnswered")}</span>}
                </li>
              ))}
            </ul>
          </section>
        ))}
        {canWork && count ? (
          <fieldset className="card actions">
            <legend>{t("remaining.bulk")}</legend>
            <label htmlFor="b-assignee">{t("remaining.bulkAssign")}</label>{" "}
            <select id="b-assignee" name="assignee" defaultValue="">
              <option value="">–</option>
              <option value="none">{t("work.unassigned")}</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>{" "}
            <label htmlFor="b-status">{t("remaining.bulkStatus")}</label>{" "}
            <select id="b-status" name="status" defaultValue="">
              <option value="">–</option>
              {QUESTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(STATUS_LABEL_KEYS[s])}
                </option>
              ))}
            </select>{" "}
            <button type="submit" name="intent" value="set-work">
              {t("remaining.bulkSubmit")}
            </button>
          </fieldset>
        ) : null}
      </Form>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
