import { pageStringsClientLoader } from "~/lib/i18n";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorList, TextField } from "~/components/form-field";
import { PasswordStrengthHint } from "~/components/password-strength";
import { requestSignUpFor } from "~/lib/auth/accounts.server";
import { clientIp } from "~/lib/auth/client-ip.server";
import { SignupSchema, signupSchema } from "~/lib/auth/forms";
import { isCommonPassword, passwordStrength } from "~/lib/auth/password-policy.server";
import { safeRedirect } from "~/lib/auth/redirect";
import { getUser } from "~/lib/auth/session.server";
import { useT } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { pageTitle } from "~/lib/page-title";
import { retryAfterHeaders } from "~/lib/security/retry-after";
import { readForm } from "~/lib/form-data.server";
import { linkOrigin } from "~/lib/config/public-url.server";
import { mailConfigured } from "~/lib/mail/transport.server";
import { rateLimited } from "~/lib/security/limit-request.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts.signup.title");

export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return { mailReady: mailConfigured() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  // The server always checks the common-password list; the browser only the simple rules.
  const submission = parseWithZod(formData, { schema: signupSchema(isCommonPassword) });
  if (submission.status !== "success") {
    const password = formData.get("password");
    const strength = typeof password === "string" && password ? passwordStrength(password) : null;
    return data({ result: submission.reply({ hideFields: ["password"] }), strength, sentTo: null, retryAfterMinutes: 0 }, { status: 400 });
  }
  const ip = clientIp(context);
  const limited = await rateLimited([["signupPerIp", `signup:ip:${ip}`]], { ip });
  if (limited)
    return data(
      { result: submission.reply({ formErrors: ["accounts.signup.tooMany"], hideFields: ["password"] }), strength: null, sentTo: null, retryAfterMinutes: limited.minutes },
      { status: 429, headers: limited.headers },
    );
  const { redirectTo, ...input } = submission.value;
  // Same answer whether or not the address has an account: the mailbox owner learns which it was.
  await requestSignUpFor({ ...input, redirectTo, origin: linkOrigin(request), lang: await getLang(request), ip });
  return data({ result: undefined, strength: null, sentTo: input.email, retryAfterMinutes: 0 });
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function Signup() {
  const actionData = useActionData<typeof action>();
  const mailConfigured = useLoaderData<typeof loader>()?.mailReady ?? true;
  const [params] = useSearchParams();
  const t = useT();
  const redirectTo = params.get("redirectTo");
  const [form, fields] = useForm({
    id: "signup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(SignupSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignupSchema }),
  });
  if (actionData?.sentTo)
    return (
      <section className="narrow stack">
        <h1>{t("accounts.signup.checkMailTitle")}</h1>
        <p role="status">{t(mailConfigured ? "accounts.signup.checkMail" : "accounts.signup.queuedNoMail", { email: actionData.sentTo })}</p>
        <p>
          {t("accounts.signup.noMailYet")} <Link to="/signup/resend">{t("accounts.login.resendLink")}</Link>
        </p>
      </section>
    );
  return (
    <section className="narrow stack">
      <h1>{t("accounts.signup.title")}</h1>
      {mailConfigured ? null : <p className="notice">{t("accounts.mail.notConfigured")}</p>}
      <Form method="post" className="stack" {...getFormProps(form)}>
        {redirectTo ? <input type="hidden" name="redirectTo" value={safeRedirect(redirectTo)} /> : null}
        <TextField label={t("accounts.field.name")} field={fields.name} type="text" autoComplete="name" />
        <TextField label={t("accounts.field.email")} field={fields.email} type="email" autoComplete="email" />
        <TextField
          label={t("accounts.field.password")}
          field={fields.password}
          type="password"
          autoComplete="new-password"
          hint={t("accounts.field.passwordHint")}
        />
        <PasswordStrengthHint strength={actionData?.strength ?? null} />
        <ErrorList id={form.errorId} errors={form.errors} params={{ minutes: actionData?.retryAfterMinutes ?? 0 }} />
        <button type="submit">{t("accounts.signup.submit")}</button>
      </Form>
      <p>
        {t("accounts.signup.haveAccount")}{" "}
        <Link to={`/login?redirectTo=${encodeURIComponent(safeRedirect(redirectTo))}`}>{t("accounts.login.title")}</Link>
      </p>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
