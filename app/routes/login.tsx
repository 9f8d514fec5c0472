import { pageStringsClientLoader } from "~/lib/i18n";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorList, TextField } from "~/components/form-field";
import { authenticateUser } from "~/lib/auth/accounts.server";
import { clientIp } from "~/lib/auth/client-ip.server";
import { LoginSchema } from "~/lib/auth/forms";
import { safeRedirect } from "~/lib/auth/redirect";
import { createUserSession, getUser, knownDevice } from "~/lib/auth/session.server";
import { minutesFor } from "~/lib/security/rate-limit.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { retryAfterHeaders } from "~/lib/security/retry-after";
import { readForm } from "~/lib/form-data.server";
import { demoAccounts } from "~/lib/demo.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts.login.title");

export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await getUser(request)) throw redirect(safeRedirect(url.searchParams.get("redirectTo")));
  return {
    demo: (await demoAccounts()),
    confirmed: url.searchParams.get("confirmed") === "1",
    reset: url.searchParams.get("reset") === "1",
    // After confirming or resetting, the address is filled in: only the password is left to type.
    email: (url.searchParams.get("email") ?? "").slice(0, 254),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: LoginSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }), retryAfterMinutes: 0 }, { status: 400 });
  const { email, password, redirectTo } = submission.value;
  const outcome = await authenticateUser({ email, password, ip: clientIp(context), device: await knownDevice(request) });
  if (outcome.status === "rateLimited") {
    const minutes = minutesFor(outcome.retryAfterSeconds);
    return data(
      { result: submission.reply({ formErrors: ["accounts.login.tooMany"], hideFields: ["password"] }), retryAfterMinutes: minutes },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } },
    );
  }
  if (outcome.status === "invalid" || outcome.status === "unconfirmed") {
    const error = outcome.status === "invalid" ? "accounts.login.invalid" : "accounts.login.unconfirmed";
    return data({ result: submission.reply({ formErrors: [error], hideFields: ["password"] }), retryAfterMinutes: 0 }, { status: 400 });
  }
  const headers = new Headers();
  for (const cookie of await createUserSession(request, outcome.userId)) headers.append("Set-Cookie", cookie);
  return redirect(safeRedirect(redirectTo), { headers });
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function Login() {
  const { demo, confirmed, reset, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const redirectTo = safeRedirect(params.get("redirectTo"));
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    defaultValue: { email },
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  return (
    <section className="narrow stack">
      <h1>{t("accounts.login.title")}</h1>
      {confirmed && !actionData ? <p role="status">{t("accounts.confirm.done")}</p> : null}
      {reset && !actionData ? <p role="status">{t("accounts.login.resetDone")}</p> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField label={t("accounts.field.email")} field={fields.email} type="email" autoComplete="email" />
        <TextField label={t("accounts.field.password")} field={fields.password} type="password" autoComplete="current-password" />
        <ErrorList id={form.errorId} errors={form.errors} params={{ minutes: actionData?.retryAfterMinutes ?? 0 }} />
        {form.errors?.includes("accounts.login.unconfirmed") ? (
          <p>
            <Link to="/signup/resend">{t("accounts.login.resendLink")}</Link>
          </p>
        ) : null}
        <button type="submit">{t("accounts.login.submit")}</button>
      </Form>
      <p>
        <Link to="/forgot">{t("accounts.login.forgot")}</Link>
      </p>
      <p>
        {t("accounts.login.noAccount")} <Link to={`/signup?redirectTo=${encodeURIComponent(redirectTo)}`}>{t("accounts.signup.title")}</Link>
      </p>
      {demo ? (
        <aside className="card demo-accounts" aria-labelledby="demo-accounts">
          <h2 id="demo-accounts">{t("demo.title")}</h2>
          <p className="muted">{t("demo.intro", { password: demo.password })}</p>
          <ul className="plain">
            {demo.users.map((u) => (
              <li key={u.email}>
                <code>{u.email}</code> – {t(`accounts.role.${u.role}`)}
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
