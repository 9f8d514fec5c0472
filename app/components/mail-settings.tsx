/** The /account page's notification mail settings: per kind right away, in the daily summary, or off. */
import { Form } from "@remix-run/react";
import { MAIL_KINDS, MODES_OF, type MailKind, type MailMode } from "~/lib/mail/kinds";
import { useT } from "~/lib/i18n";

export function MailSettings({ modes, saved, configured }: { modes: Record<MailKind, MailMode>; saved: boolean; configured: boolean }) {
  const t = useT();
  return (
    <section id="mail" aria-labelledby="mail-heading" className="card stack">
      <h2 id="mail-heading">{t("account.mail.title")}</h2>
      <p className="muted">{t("account.mail.intro")}</p>
      {configured ? null : <p className="muted">{t("account.mail.notConfigured")}</p>}
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="mailSettings" />
        {MAIL_KINDS.map((kind) => (
          <div key={kind}>
            <label htmlFor={`mail-${kind}`}>{t(`account.mail.kind.${kind}`)}</label>
            <select id={`mail-${kind}`} name={kind} defaultValue={modes[kind]}>
              {MODES_OF[kind].map((mode) => (
                <option key={mode} value={mode}>
                  {t(kind === "reminder" && mode === "daily" ? "account.mail.mode.on" : `account.mail.mode.${mode}`)}
                </option>
              ))}
            </select>
          </div>
        ))}
        <p>
          <button type="submit">{t("account.mail.save")}</button>
        </p>
        {saved ? <p role="status">{t("account.mail.saved")}</p> : null}
      </Form>
    </section>
  );
}
