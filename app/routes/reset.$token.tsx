import { pageStringsClientLoader } from "~/lib/i18n";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorList, TextField } from "~/components/form-field";
import { PasswordStrengthHint } from "~/components/password-strength";
import { resetPasswordFor, resetTokenStateFor } from "~/lib/auth/accounts.server";
import { clientIp } from "~/lib/auth/client-ip.server";
import { resetPasswordSchema, ResetPasswordSchema } from "~/lib/auth/forms";
import { isCommonPassword, passwordStrength } from "~/lib/auth/password-policy.server";
import { linkOrigin } from "~/lib/config/public-url.server";
import { readForm } from "~/lib/form-data.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts.reset.title");

// Like confirmation links: unknown is "not found", used or expired is "gone".
const STATUS = { unknown: 404, expired: 410, used: 410, valid: 200 } as const;

// Opening the link only shows the form: a mail scanner fetching it uses nothing up.
export async function loader({ params }: LoaderFunctionArgs) {
  const state = await resetTokenStateFor(params.token ?? "");
  return data({ state }, { status: STATUS[state] });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: resetPasswordSchema(isCommonPassword) });
  if (submission.status !== "success") {
    const password = formData.get("password");
    const strength = typeof password === "string" && password ? passwordStrength(password) : null;
    return data({ result: submission.reply({ hideFields: ["password", "confirm"] }), strength, state: "valid" as const }, { status: 400 });
  }
  const outcome = await resetPasswordFor({ token: params.token ?? "", password: submission.value.password, origin: linkOrigin(request), ip: clientIp(context) });
  if (outcome.status !== "changed") return data({ result: undefined, strength: null, state: outcome.status }, { status: STATUS[outcome.status] });
  // Every session of the account has ended (this browser's too): sign in with the new password.
  return redirect(`/login?reset=1&email=${encodeURIComponent(outcome.email)}`);
}

export const clientLoader = pageStringsClientLoader;

export default function ResetPassword() {
  const { state: loaded } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const state = actionData?.state ?? loaded;
  const [form, fields] = useForm({
    id: "reset",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ResetPasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
  });
  return (
    <section className="narrow stack">
      <h1>{t("accounts.reset.title")}</h1>
      {state === "valid" ? (
        <Form method="post" className="stack" {...getFormProps(form)}>
          <p>{t("accounts.reset.intro")}</p>
          <TextField label={t("accounts.field.password")} field={fields.password} type="password" autoComplete="new-password" hint={t("accounts.field.passwordHint")} />
          <PasswordStrengthHint strength={actionData?.strength ?? null} />
          <TextField label={t("accounts.reset.confirmField")} field={fields.confirm} type="password" autoComplete="new-password" />
          <ErrorList id={form.errorId} errors={form.errors} />
          <button type="submit">{t("accounts.reset.submit")}</button>
        </Form>
      ) : (
        <>
          <p role="alert" className="error">
            {t(`accounts.reset.${state}`)}
          </p>
          <p>
            <Link to="/forgot">{t("accounts.reset.again")}</Link>
          </p>
        </>
      )}
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
