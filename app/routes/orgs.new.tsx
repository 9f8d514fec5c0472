import { pageStringsClientLoader } from "~/lib/i18n";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { ErrorList, TextField } from "~/components/form-field";
import { clientIp } from "~/lib/auth/client-ip.server";
import { OrganisationSchema } from "~/lib/auth/forms";
import { createOrganisationFor } from "~/lib/auth/organisations.server";
import { requireUser } from "~/lib/auth/session.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { retryAfterHeaders } from "~/lib/security/retry-after";
import { readForm } from "~/lib/form-data.server";
import { logSecurityEvent } from "~/lib/security/events.server";
import { rateLimited } from "~/lib/security/limit-request.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts.org.newTitle");

export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: OrganisationSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), retryAfterMinutes: 0 }, { status: 400 });
  const ip = clientIp(context);
  const limited =
    await rateLimited(
      [
        ["organisationPerUser", `organisation:user:${user.id}`],
        ["organisationPerIp", `organisation:ip:${ip}`],
      ],
      { ip, userId: user.id },
    );
  if (limited)
    return data(
      { result: submission.reply({ formErrors: ["accounts.org.tooMany"] }), retryAfterMinutes: limited.minutes },
      { status: 429, headers: limited.headers },
    );
  const { id, slug } = await createOrganisationFor({ name: submission.value.name, userId: user.id });
  await logSecurityEvent({ type: "organisation.created", userId: user.id, organisationId: id, ip });
  return redirect(`/o/${slug}`);
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function NewOrganisation() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    id: "new-organisation",
    lastResult: actionData?.result,
    constraint: getZodConstraint(OrganisationSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganisationSchema }),
  });
  return (
    <section className="narrow stack">
      <h1>{t("accounts.org.newTitle")}</h1>
      <p>{t("accounts.org.newIntro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <TextField label={t("accounts.field.orgName")} field={fields.name} type="text" autoComplete="organization" />
        <ErrorList id={form.errorId} errors={form.errors} params={{ minutes: actionData?.retryAfterMinutes ?? 0 }} />
        <button type="submit">{t("accounts.org.create")}</button>
      </Form>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
