import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { ErrorList, TextField } from "~/components/form-field";
import { signUpUser } from "~/lib/auth/accounts.server";
import { SignupSchema } from "~/lib/auth/forms";
import { safeRedirect } from "~/lib/auth/redirect";
import { createUserSession, getUser } from "~/lib/auth/session.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { readForm } from "~/lib/form-data.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts.signup.title");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: SignupSchema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const { redirectTo, ...input } = submission.value;
  const created = await signUpUser(input);
  if (created.status === "emailTaken")
    return data(
      { result: submission.reply({ fieldErrors: { email: ["accounts.error.emailTaken"] }, hideFields: ["password"] }) },
      { status: 400 },
    );
  const cookie = await createUserSession(request, created.userId);
  // New accounts have no organisation yet: offer to create one unless they came from an invite.
  const to = redirectTo && redirectTo !== "/" ? safeRedirect(redirectTo, "/orgs/new") : "/orgs/new";
  return redirect(to, { headers: { "Set-Cookie": cookie } });
}

export default function Signup() {
  const actionData = useActionData<typeof action>();
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
  return (
    <section className="narrow stack">
      <h1>{t("accounts.signup.title")}</h1>
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
        <ErrorList id={form.errorId} errors={form.errors} />
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
