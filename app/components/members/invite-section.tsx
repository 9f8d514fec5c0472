/**
 * The Members page's invites: one address or a pasted list (one per line) with a role, each
 * mailed; or, with no address, one link to pass on. Every pending invite is listed with its link
 * (copyable) and can be revoked. A refused list names each bad line and keeps the text.
 */
import { getFormProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { CopyLink } from "~/components/copy-link";
import { ErrorList } from "~/components/form-field";
import { InviteSchema } from "~/lib/auth/forms";
import { parseInviteAddresses } from "~/lib/auth/invite-addresses";
import type { Role } from "~/lib/auth/permissions";
import { ROLES } from "~/lib/auth/roles";
import { formatDate } from "~/lib/dates";
import { useLang, useT } from "~/lib/i18n";

interface PendingInviteView {
  id: number;
  role: Role;
  expiresAt: string | Date;
  createdByName: string;
  email: string | null;
  url: string | null;
}

export interface InviteResult {
  inviteUrl?: string;
  role?: string;
  expiresAt?: string;
  mailed?: number;
  result: SubmissionResult<string[]>;
}

export function InviteSection({ invites, result }: { invites: PendingInviteView[]; result?: InviteResult }) {
  const t = useT();
  const lang = useLang();
  const [form, fields] = useForm({
    id: "invite",
    lastResult: result?.result,
    constraint: getZodConstraint(InviteSchema),
    defaultValue: { role: "member" },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  });
  const roleSelect = getSelectProps(fields.role);
  const emailsProps = getTextareaProps(fields.emails, { ariaDescribedBy: "invite-emails-hint" });
  const badLines = fields.emails.errors?.length ? parseInviteAddresses(fields.emails.value ?? "").problems : [];
  const roleName = (r: string) => t(`accounts.role.${r as Role}`);

  return (
    <section aria-labelledby="invite-heading" className="card stack">
      <h2 id="invite-heading">{t("accounts.invite.title")}</h2>
      <p>{t("accounts.invite.intro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="invite" />
        <div>
          <label htmlFor={fields.emails.id}>{t("accounts.invite.emails")}</label>
          <p id="invite-emails-hint" className="muted small">
            {t("accounts.invite.emailsHint")}
          </p>
          <textarea {...emailsProps} key={emailsProps.key} rows={4} autoComplete="off" spellCheck={false} />
          <div id={fields.emails.errorId} role="alert">
            {fields.emails.errors?.length ? (
              <>
                <ErrorList errors={fields.emails.errors} />
                <ul className="field-error">
                  {badLines.map((p) => (
                    <li key={p.line}>{t(`accounts.invite.bad.${p.problem}`, { line: p.line, text: p.text })}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        </div>
        <div>
          <label htmlFor={fields.role.id}>{t("accounts.field.role")}</label>
          <select {...roleSelect} key={roleSelect.key}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleName(r)}
              </option>
            ))}
          </select>
          <ErrorList id={fields.role.errorId} errors={fields.role.errors} />
        </div>
        <ErrorList id={form.errorId} errors={form.errors} />
        <p>
          <button type="submit">{t("accounts.invite.create")}</button>
        </p>
      </Form>
      {result?.mailed ? (
        <p role="status">{t("accounts.invite.mailed", { count: result.mailed, role: roleName(result.role ?? "member") })}</p>
      ) : null}
      {result?.inviteUrl ? (
        <div role="status" className="stack">
          <p>{t("accounts.invite.created", { role: roleName(result.role ?? "member"), date: formatDate(new Date(result.expiresAt!), lang) })}</p>
          <CopyLink id="invite-url" label={t("accounts.invite.link")} value={result.inviteUrl} />
        </div>
      ) : null}
      <h3>{t("accounts.invite.pending")}</h3>
      {invites.length === 0 ? <p className="muted">{t("accounts.invite.none")}</p> : null}
      <ul className="plain stack">
        {invites.map((i) => {
          const params = { role: roleName(i.role), date: formatDate(new Date(i.expiresAt), lang), name: i.createdByName, email: i.email ?? "" };
          return (
            <li key={i.id} className="stack">
              <span>{t(i.email ? "accounts.invite.pendingRowMailed" : "accounts.invite.pendingRow", params)}</span>
              <span className="actions">
                {i.url ? <CopyLink id={`invite-link-${i.id}`} label={t("accounts.invite.linkFor", { who: i.email ?? params.role })} value={i.url} /> : null}
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="revokeInvite" />
                  <input type="hidden" name="inviteId" value={i.id} />
                  <button type="submit" className="secondary" aria-label={t("accounts.invite.revokeFor", params)}>
                    {t("accounts.invite.revoke")}
                  </button>
                </Form>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
