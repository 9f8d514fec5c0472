/**
 * Status and assignee controls (issue 9): plain forms posting to the response's work route, which
 * redirects back; no client code of their own. On the chapter page they load as a chunk of their
 * own (./lazy.tsx), with their strings (nb-work.ts): the page is at its JS budget.
 */
import { Form, Link } from "@remix-run/react";
import type { QuestionStatus } from "../../../consultation/question-status";
import { useState } from "react";
import { formatDate } from "~/lib/dates";
import { useHydrated } from "~/lib/use-hydrated";
import { addNorwegianStrings, useLang, useT } from "~/lib/i18n";
import { nbWork } from "~/lib/i18n/nb-work";

addNorwegianStrings(nbWork);

// Written out here rather than imported (consultation/question-status.ts has the same list; a unit
// test pins them together): one chunk less on the chapter page, which is at its JS budget.
export const STATUSES = ["open", "draft", "review", "agreed"] as const satisfies readonly QuestionStatus[];
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

export function StatusBadge({ status }: { status: QuestionStatus }) {
  const t = useT();
  return <span className={`status-badge status-${status}`}>{t(LABEL[status])}</span>;
}

/**
 * One question's status and assignee: text when the user may not change them; otherwise the same
 * line as a disclosure whose form is rendered only once opened (issue 20: sixteen forms per chapter
 * made the page heavy). Without JavaScript the disclosure links to Gjenstår, which has the forms.
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
  const line = (
    <>
      <StatusBadge status={work.status} />
      {who}
    </>
  );
  if (!editable) return <p className="work-line muted small">{line}</p>;
  const id = `work-${number}`;
  const assignee = work.assigneeId === null ? "none" : String(work.assigneeId);
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
        // Keyed by version: fresh loader data (a bulk action, a colleague) replaces a form showing old values.
        <Form key={work.version} method="post" action={`${base}/work`} className="work-form" aria-label={t("work.formLabel", { number })}>
          <input type="hidden" name="intent" value="set-work" />
          <input type="hidden" name="item" value={`${itemKey}@${work.version}`} />
          <input type="hidden" name="was.status" value={work.status} />
          <input type="hidden" name="was.assignee" value={assignee} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <label htmlFor={`${id}-status`}>{t("work.statusLabel")}</label>
          <select id={`${id}-status`} name="status" defaultValue={work.status}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(LABEL[s])}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-assignee`}>{t("work.assigneeLabel")}</label>
          <select id={`${id}-assignee`} name="assignee" defaultValue={assignee}>
            <option value="none">{t("work.unassigned")}</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
          <button type="submit" className="secondary">
            {t("work.save")}
          </button>
        </Form>
      ) : null}
    </details>
  );
}

/**
 * A chapter's bulk actions: assign everything not agreed to one person; mark the chapter agreed.
 * After one, the page shows what it did (`done`, from the work route's redirect) and the new state.
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
  const notice = done ? (
    <p className="notice" role="status">
      {done.intent === "assign"
        ? t("work.bulkAssigned", { count: done.count, name: done.name ?? t("work.unassigned") })
        : t("work.bulkAgreed", { count: done.count })}
    </p>
  ) : null;
  if (!pending.length) return notice;
  // Keyed by what it acts on: after an action the forms carry the new versions.
  const key = pending.join(" ");
  const items = pending.map((entry) => <input key={entry} type="hidden" name="item" value={entry} />);
  return (
    <>
      {notice}
      <details className="card work-bulk small">
        <summary>
          <h2 id="work-bulk">{t("work.bulkTitle")}</h2>
        </summary>
        <div className="actions" key={key}>
          <Form method="post" action={`${base}/work`}>
            <input type="hidden" name="intent" value="assign" />
            <input type="hidden" name="returnTo" value={returnTo} />
            {items}
            <label htmlFor="bulk-assignee">{t("work.bulkAssign")}</label>{" "}
            <select id="bulk-assignee" name="assignee" defaultValue="none">
              <option value="none">{t("work.unassigned")}</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>{" "}
            <button type="submit" className="secondary">
              {t("work.bulkAssignSubmit")}
            </button>
          </Form>
          <Form method="post" action={`${base}/work`}>
            <input type="hidden" name="intent" value="set-status" />
            <input type="hidden" name="status" value="agreed" />
            <input type="hidden" name="returnTo" value={returnTo} />
            {items}
            <button type="submit" className="secondary">
              {t("work.bulkAgree")}
            </button>
          </Form>
        </div>
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
