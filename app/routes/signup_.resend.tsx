import { pageStringsClientLoader, useT } from "~/lib/i18n";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AccountMailPage } from "~/components/account-mail-page";
import { accountMailAction } from "~/lib/auth/account-mail.server";
import { resendConfirmationFor } from "~/lib/auth/accounts.server";
import { mailConfigured } from "~/lib/mail/transport.server";
import { pageTitle } from "~/lib/page-title";
import { retryAfterHeaders } from "~/lib/security/retry-after";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts.resend.title");
export const headers = retryAfterHeaders;

export function loader(_: LoaderFunctionArgs) {
  return { mailReady: mailConfigured() };
}

/** The same answer whether or not the address is waiting for confirmation. */
export async function action({ request, context }: ActionFunctionArgs) {
  return accountMailAction(request, context, resendConfirmationFor);
}

export const clientLoader = pageStringsClientLoader;

export default function ResendConfirmation() {
  const { mailReady } = useLoaderData<typeof loader>();
  const t = useT();
  return <AccountMailPage kind="resend" mailReady={mailReady} actionData={useActionData<typeof action>()} links={<> · <Link to="/forgot">{t("accounts.login.forgot")}</Link></>} />;
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
