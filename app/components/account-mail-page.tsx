/** The page shared by "forgot password" and "send the confirmation again": one address, one button. */
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorList, TextField } from "~/components/form-field";
import type { AccountMailActionData } from "~/lib/auth/account-mail.server";
import { EmailOnlySchema } from "~/lib/auth/forms";
import { useT } from "~/lib/i18n";

export function AccountMailPage({ kind, mailReady, actionData, links }: { kind: "forgot" | "resend"; mailReady: boolean; actionData: AccountMailActionData | undefined; links?: ReactNode }) {
  const [params] = useSearchParams();
  const t = useT();
  const [form, fields] = useForm({
    id: kind,
    lastResult: actionData?.result,
    defaultValue: { email: params.get("email") ?? "" },
    constraint: getZodConstraint(EmailOnlySchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EmailOnlySchema }),
  });
  return (
    <section className="narrow stack">
      <h1>{t(`accounts.${kind}.title`)}</h1>
      {mailReady ? null : <p className="notice">{t("accounts.mail.notConfigured")}</p>}
      {actionData?.sentTo ? (
        <p role="status">{t(`accounts.${kind}.sent`, { email: actionData.sentTo })}</p>
      ) : (
        <Form method="post" className="stack" {...getFormProps(form)}>
          <p>{t(`accounts.${kind}.intro`)}</p>
          <TextField label={t("accounts.field.email")} field={fields.email} type="email" autoComplete="email" />
          <ErrorList id={form.errorId} errors={form.errors} params={{ minutes: actionData?.retryAfterMinutes ?? 0 }} />
          <button type="submit">{t(`accounts.${kind}.submit`)}</button>
        </Form>
      )}
      <p>
        <Link to="/login">{t("accounts.login.title")}</Link>
        {links}
      </p>
    </section>
  );
}
