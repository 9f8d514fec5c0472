import { pageStringsClientLoader } from "~/lib/i18n";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccountMailPage } from "~/components/account-mail-page";
import { accountMailAction } from "~/lib/auth/account-mail.server";
import { requestPasswordResetFor } from "~/lib/auth/accounts.server";
import { mailConfigured } from "~/lib/mail/transport.server";
import { pageTitle } from "~/lib/page-title";
import { retryAfterHeaders } from "~/lib/security/retry-after";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts.forgot.title");
export const headers = retryAfterHeaders;

export function loader(_: LoaderFunctionArgs) {
  return { mailReady: mailConfigured() };
}

/** The same answer whether or not the address has an account. */
export async function action({ request, context }: ActionFunctionArgs) {
  return accountMailAction(request, context, requestPasswordResetFor);
}

export const clientLoader = pageStringsClientLoader;

export default function Forgot() {
  const { mailReady } = useLoaderData<typeof loader>();
  return <AccountMailPage kind="forgot" mailReady={mailReady} actionData={useActionData<typeof action>()} />;
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
