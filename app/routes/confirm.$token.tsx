import { pageStringsClientLoader } from "~/lib/i18n";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { confirmEmailFor, confirmTokenStateFor, type ConfirmLookup } from "~/lib/auth/accounts.server";
import { clientIp } from "~/lib/auth/client-ip.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts.confirm.title");

// Like invite links: unknown is "not found", used or expired is "gone".
const STATUS = { unknown: 404, expired: 410, used: 410, valid: 200 } as const;

// The link only shows a button: mail scanners that fetch links must not use it up.
export async function loader({ params }: LoaderFunctionArgs) {
  const state = await confirmTokenStateFor(params.token ?? "");
  return data({ state }, { status: STATUS[state] });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const outcome = await confirmEmailFor({ token: params.token ?? "", ip: clientIp(context) });
  if (outcome.status !== "confirmed") return data({ state: outcome.status as ConfirmLookup }, { status: STATUS[outcome.status] });
  // Confirming does not sign in: the person must also know the password. A new account has no
  // organisation yet: offer to create one unless they came from an invite.
  // The sign-in form keeps the address, so only the password is left to type.
  return redirect(`/login?confirmed=1&email=${encodeURIComponent(outcome.email)}&redirectTo=${encodeURIComponent(outcome.redirectTo ?? "/orgs/new")}`);
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function Confirm() {
  const { state: loaded } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const state = actionData?.state ?? loaded;
  return (
    <section className="narrow stack">
      <h1>{t("accounts.confirm.title")}</h1>
      {state === "valid" ? (
        <Form method="post">
          <p>{t("accounts.confirm.intro")}</p>
          <button type="submit">{t("accounts.confirm.submit")}</button>
        </Form>
      ) : (
        <>
          <p role="alert" className="error">
            {t(`accounts.confirm.${state}`)}
          </p>
          <p>
            {state === "used" ? <Link to="/login">{t("accounts.login.title")}</Link> : <Link to="/signup/resend">{t("accounts.login.resendLink")}</Link>}
          </p>
        </>
      )}
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
