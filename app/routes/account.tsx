import { pageStringsClientLoader } from "~/lib/i18n";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorList, TextField } from "~/components/form-field";
import { PasswordStrengthHint } from "~/components/password-strength";
import { changePasswordFor } from "~/lib/auth/accounts.server";
import { clientIp } from "~/lib/auth/client-ip.server";
import { ChangePasswordSchema, changePasswordSchema } from "~/lib/auth/forms";
import { isCommonPassword, passwordStrength } from "~/lib/auth/password-policy.server";
import { destroyAllUserSessions, requireSession } from "~/lib/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { useLang, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { retryAfterHeaders } from "~/lib/security/retry-after";
import { readForm } from "~/lib/form-data.server";
import { recentSignInsOf } from "~/lib/security/account.server";
import { MailSettings } from "~/components/mail-settings";
import { mailConfigured } from "~/lib/mail/index.server";
import { MailSettingsSchema } from "~/lib/mail/kinds";
import { mailSettingsOf, saveMailSettings } from "~/lib/mail/notify/index.server";
import { minutesFor } from "~/lib/security/rate-limit.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireSession(request);
  const mailSaved = new URL(request.url).searchParams.get("saved") === "mail";
  return { user: { name: user.name, email: user.email }, signIns: (await recentSignInsOf(user.id)), mail: (await mailSettingsOf(user.id)), mailSaved, mailConfigured: mailConfigured() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireSession(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const ip = clientIp(context);

  if (intent === "signOutEverywhere") {
    const cookie = await destroyAllUserSessions(request, session.user.id, ip);
    return redirect("/login", { headers: { "Set-Cookie": cookie } });
  }

  if (intent === "mailSettings") {
    const submission = parseWithZod(formData, { schema: MailSettingsSchema });
    if (submission.status !== "success") return data({ result: undefined, strength: null, changed: false, retryAfterMinutes: 0 }, { status: 400 });
    const { intent: _intent, ...modes } = submission.value;
    await saveMailSettings(session.user.id, modes);
    return redirect("/account?saved=mail#mail");
  }

  if (intent === "changePassword") {
    const submission = parseWithZod(formData, { schema: changePasswordSchema(isCommonPassword) });
    const hide = { hideFields: ["currentPassword", "newPassword"] };
    if (submission.status !== "success") {
      const next = formData.get("newPassword");
      const strength = typeof next === "string" && next ? passwordStrength(next) : null;
      return data({ result: submission.reply(hide), strength, changed: false, retryAfterMinutes: 0 }, { status: 400 });
    }
    const outcome = await changePasswordFor({
      userId: session.user.id,
      currentPassword: submission.value.currentPassword,
      newPassword: submission.value.newPassword,
      keepSessionId: session.id,
      ip,
    });
    if (outcome === "wrongPassword")
      return data(
        { result: submission.reply({ fieldErrors: { currentPassword: ["account.password.wrongCurrent"] }, ...hide }), strength: null, changed: false, retryAfterMinutes: 0 },
        { status: 400 },
      );
    if (typeof outcome === "object")
      return data(
        { result: submission.reply({ formErrors: ["accounts.login.tooMany"], ...hide }), strength: null, changed: false, retryAfterMinutes: minutesFor(outcome.rateLimited) },
        { status: 429, headers: { "Retry-After": String(outcome.rateLimited) } },
      );
    return data({ result: submission.reply({ resetForm: true }), strength: null, changed: true, retryAfterMinutes: 0 });
  }

  return data({ result: undefined, strength: null, changed: false, retryAfterMinutes: 0 }, { status: 400 });
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function Account() {
  const { user, signIns, mail, mailSaved, mailConfigured: configured } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const [form, fields] = useForm({
    id: "change-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ChangePasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  });
  return (
    <section className="narrow stack">
      <h1>{t("account.title")}</h1>
      <p>
        {user.name} ({user.email})
      </p>

      <section aria-labelledby="password-heading" className="card stack">
        <h2 id="password-heading">{t("account.password.title")}</h2>
        <p className="muted">{t("account.password.intro")}</p>
        {actionData?.changed ? <p role="status">{t("account.password.changed")}</p> : null}
        <Form method="post" className="stack" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="changePassword" />
          <TextField label={t("account.password.current")} field={fields.currentPassword} type="password" autoComplete="current-password" />
          <TextField
            label={t("account.password.new")}
            field={fields.newPassword}
            type="password"
            autoComplete="new-password"
            hint={t("accounts.field.passwordHint")}
          />
          <PasswordStrengthHint strength={actionData?.strength ?? null} />
          <ErrorList id={form.errorId} errors={form.errors} params={{ minutes: actionData?.retryAfterMinutes ?? 0 }} />
          <button type="submit">{t("account.password.submit")}</button>
        </Form>
      </section>

      <MailSettings modes={mail} saved={mailSaved} configured={configured} />

      <section aria-labelledby="sessions-heading" className="card stack">
        <h2 id="sessions-heading">{t("account.sessions.title")}</h2>
        <p className="muted">{t("account.sessions.intro")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="signOutEverywhere" />
          <button type="submit" className="secondary">
            {t("account.sessions.signOutEverywhere")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="signins-heading" className="stack">
        <h2 id="signins-heading">{t("account.signIns.title")}</h2>
        {signIns.length === 0 ? <p className="muted">{t("account.signIns.none")}</p> : null}
        <ul className="plain">
          {signIns.map((s, i) => (
            <li key={i}>
              {formatDateTime(new Date(s.at), lang)} – {t(`account.signIns.${s.type as "login.success" | "login.failure" | "login.lockout"}`)}
              {s.ip ? <span className="muted"> ({s.ip})</span> : null}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
