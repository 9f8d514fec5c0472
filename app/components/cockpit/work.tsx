/**
 * Status and assignee forms (issue 9): plain forms posting to the response's work route, which
 * redirects back; no client code of their own. On the chapter page this is a chunk loaded when a
 * person opens a status line or the bulk disclosure (./work-line.tsx), with its strings (nb-work.ts).
 */
import { Form } from "@remix-run/react";
import type { QuestionStatus } from "../../../consultation/question-status";
import { addNorwegianStrings, useT } from "~/lib/i18n";
import { nbWork } from "~/lib/i18n/nb-work";
import type { Member, WorkView } from "./work-line";

export { LockBanner, StatusBadge, type Member, type WorkView } from "./work-line";

addNorwegianStrings(nbWork);

// Written out here rather than imported (consultation/question-status.ts has the same list; a unit
// test pins them together): one chunk less on the chapter page.
export const STATUSES = ["open", "draft", "review", "agreed"] as const satisfies readonly QuestionStatus[];
const LABEL = { open: "work.status.open", draft: "work.status.draft", review: "work.status.review", agreed: "work.status.agreed" } as const;

/** One question's form: the version it saw and the values it showed (`was.*`), so only changes are written. */
export function WorkForm({
  base,
  itemKey,
  number,
  work,
  members,
  returnTo,
}: {
  base: string;
  itemKey: string;
  number: number;
  work: WorkView;
  members: Member[];
  returnTo: string;
}) {
  const t = useT();
  const id = `work-${number}`;
  const assignee = work.assigneeId === null ? "none" : String(work.assigneeId);
  return (
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
  );
}

/** The chapter's bulk forms; keyed by what they act on: after an action they carry the new versions. */
export function BulkForms({ base, pending, members, returnTo }: { base: string; pending: string[]; members: Member[]; returnTo: string }) {
  const t = useT();
  const items = pending.map((entry) => <input key={entry} type="hidden" name="item" value={entry} />);
  return (
    <div className="actions" key={pending.join(" ")}>
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
  );
}
