/**
 * The status and assignee line of a question, the chapter's bulk disclosure and the lock banner:
 * what the chapter page shows with its first paint (issue 20). The forms behind "Endre" and the
 * bulk disclosure are in ./work.tsx, a chunk of its own that the browser fetches when one is
 * opened (it is never server-rendered here, so nothing of it waits to hydrate: #421). Without
 * JavaScript the disclosures link to Gjenstår, which has the same actions as plain forms.
 */
import { Link } from "@remix-run/react";
import { lazy, Suspense, useState } from "react";
import type { QuestionStatus } from "../../../consultation/question-status";
import { formatDate } from "~/lib/dates";
import { useLang, useT } from "~/lib/i18n";
import { useHydrated } from "~/lib/use-hydrated";

const LABEL = { open: "work.status.open", draft: "work.status.draft", review: "work.status.review", agreed: "work.status.agreed" } as const;

export interface WorkView {
  status: QuestionStatus;
  assigneeId: number | null;
  assigneeName: string | null;
  version: number;
}
export interface Member {
  id: number;
  name: string;
}

const WorkForm = lazy(() => import("./work").then((m) => ({ default: m.WorkForm })));
const BulkForms = lazy(() => import("./work").then((m) => ({ default: m.BulkForms })));

export function StatusBadge({ status }: { status: QuestionStatus }) {
  const t = useT();
  return <span className={`status-badge status-${status}`}>{t(LABEL[status])}</span>;
}

/**
 * One question's status and assignee: text when the user may not change them; otherwise the same
 * line as a disclosure whose form is loaded and rendered only once opened (issue 20: sixteen forms
 * per chapter made the page heavy). Without JavaScript the disclosure links to Gjenstår.
 * The form names the version it saw and the values it showed (`was.*`): the server writes only
 * the fields the person changed, and refuses a stale version (409) instead of overwriting.
 */
export function WorkControls({
  base,
  itemKey,
  number,
  work,
  members,
  editable,
  returnTo,
}: {
  base: string;
  itemKey: string;
  number: number;
  work: WorkView;
  members: Member[];
  editable: boolean;
  returnTo: string;
}) {
  const t = useT();
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  // One text node each (no React text separators: this line is on every question of a chapter).
  const who = ` · ${t("work.assigneeLabel")}: ${work.assigneeName ?? t("work.unassigned")}`;
  if (!editable)
    return (
      <p className="work-line muted small">
        <StatusBadge status={work.status} />
        {who}
      </p>
    );
  return (
    <details className="work-line work-details small" data-number={number} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span className="visually-hidden">{`${t("work.formLabel", { number })}: `}</span>
        <StatusBadge status={work.status} />
        {`${who} `}
        <span className="work-change">{t("work.change")}</span>
      </summary>
      {!hydrated ? (
        // A plain link: it is only there until the page hydrates (or without JavaScript).
        <a href={`${base}/remaining`}>{t("work.changeElsewhere")}</a>
      ) : open ? (
        <Suspense fallback={null}>
          <WorkForm base={base} itemKey={itemKey} number={number} work={work} members={members} returnTo={returnTo} />
        </Suspense>
      ) : null}
    </details>
  );
}

/**
 * A chapter's bulk actions (assign everything not agreed to one person; mark the chapter agreed)
 * behind a disclosure. After one, the page shows what it did (`done`, from the work route's
 * redirect) and the new state.
 */
export function ChapterBulk({
  base,
  pending,
  members,
  returnTo,
  done,
}: {
  base: string;
  pending: string[];
  members: Member[];
  returnTo: string;
  done?: { intent: string; count: number; name?: string } | null;
}) {
  const t = useT();
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const notice = done ? (
    <p className="notice" role="status">
      {done.intent === "assign"
        ? t("work.bulkAssigned", { count: done.count, name: done.name ?? t("work.unassigned") })
        : t("work.bulkAgreed", { count: done.count })}
    </p>
  ) : null;
  if (!pending.length) return notice;
  return (
    <>
      {notice}
      <details className="card work-bulk small" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <h2 id="work-bulk">{t("work.bulkTitle")}</h2>
        </summary>
        {!hydrated ? (
          <a href={`${base}/remaining`}>{t("work.changeElsewhere")}</a>
        ) : open ? (
          <Suspense fallback={null}>
            <BulkForms base={base} pending={pending} members={members} returnTo={returnTo} />
          </Suspense>
        ) : null}
      </details>
    </>
  );
}

/** The banner of a submitted (locked) response, on its overview and chapter pages. */
export function LockBanner({ base, submittedOn }: { base: string; submittedOn: string }) {
  const t = useT();
  const lang = useLang();
  return (
    <p className="notice lock-banner" role="note">
      {t("lock.banner", { date: formatDate(submittedOn, lang) })} <Link to={`${base}/submission`}>{t("lock.link")}</Link>
    </p>
  );
}
