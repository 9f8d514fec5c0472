import { pageStringsClientLoader } from "~/lib/i18n";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorList, TextField } from "~/components/form-field";
import { resendConfirmationFor } from "~/lib/auth/accounts.server";
import { clientIp } from "~/lib/auth/client-ip.server";
import { EmailOnlySchema } from "~/lib/auth/forms";
import { linkOrigin } from "~/lib/config/public-url.server";
import { readForm } from "~/lib/form-data.server";
import { useT } from "~/lib/i18n";
import { mailConfigured } from "~/lib/mail/transport.server";
import { pageTitle } from "~/lib/page-title";
import { rateLimited } from "~/lib/security/limit-request.server";
import { retryAfterHeaders } from "~/lib/security/retry-after";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts.resend.title");
export const headers = retryAfterHeaders;

export function loader(_: LoaderFunctionArgs) {
  return { mailReady: mailConfigured() };
}

/** The same answer whether or not the address has an account. */
export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: EmailOnlySchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sentTo: null, retryAfterMinutes: 0 }, { status: 400 });
  const ip = clientIp(context);
  const limited = rateLimited([["accountMailPerIp", `account-mail:ip:${ip}`]], { ip });
  if (limited)
    return data(
      { result: submission.reply({ formErrors: ["accounts.mail.tooMany"] }), sentTo: null, retryAfterMinutes: limited.minutes },
      { status: 429, headers: limited.headers },
    );
  resendConfirmationFor({ email: submission.value.email, origin: linkOrigin(request), ip });
  return data({ result: undefined, sentTo: submission.value.email, retryAfterMinutes: 0 });
}

export const clientLoader = pageStringsClientLoader;

export default function ResendConfirmation() {
  const { mailReady } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const [form, fields] = useForm({
    id: "resend",
    lastResult: actionData?.result,
    defaultValue: { email: params.get("email") ?? "" },
    constraint: getZodConstraint(EmailOnlySchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EmailOnlySchema }),
  });
  return (
    <section className="narrow stack">
      <h1>{t("accounts.resend.title")}</h1>
      {mailReady ? null : <p className="notice">{t("accounts.mail.notConfigured")}</p>}
      {actionData?.sentTo ? (
        <p role="status">{t("accounts.resend.sent", { email: actionData.sentTo })}</p>
      ) : (
        <Form method="post" className="stack" {...getFormProps(form)}>
          <p>{t("accounts.resend.intro")}</p>
          <TextField label={t("accounts.field.email")} field={fields.email} type="email" autoComplete="email" />
          <ErrorList id={form.errorId} errors={form.errors} params={{ minutes: actionData?.retryAfterMinutes ?? 0 }} />
          <button type="submit">{t("accounts.resend.submit")}</button>
        </Form>
      )}
      <p>
        <Link to="/login">{t("accounts.login.title")}</Link> · <Link to="/forgot">{t("accounts.login.forgot")}</Link>
      </p>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
