import { pageStringsClientLoader } from "~/lib/i18n";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/lib/auth/client-ip.server";
import { acceptInviteFor, invitePageState, type InvitePageState } from "~/lib/auth/invites.server";
import { getUser, requireUser } from "~/lib/auth/session.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { retryAfterHeaders } from "~/lib/security/retry-after";
import { rateLimited } from "~/lib/security/limit-request.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts.invite.pageTitle");

// Unknown links are "not found"; used or expired ones are "gone".
const STATUS = { unknown: 404, expired: 410, used: 410, valid: 200, alreadyMember: 200, tooMany: 429 } as const;

export const headers = retryAfterHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const state = await invitePageState(params.token ?? "", user?.id ?? null);
  return data({ state, signedIn: user !== null, here: new URL(request.url).pathname }, { status: STATUS[state.status] });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const ip = clientIp(context);
  const limited = await rateLimited([["inviteAcceptPerIp", `invite-accept:ip:${ip}`]], { ip, userId: user.id });
  if (limited) return data({ state: { status: "tooMany" } as InvitePageState, retryAfterMinutes: limited.minutes }, { status: 429, headers: limited.headers });
  const outcome = await acceptInviteFor(params.token ?? "", user.id, ip);
  if (outcome.status === "accepted" || outcome.status === "alreadyMember") return redirect(`/o/${outcome.organisationSlug}`);
  const state: InvitePageState = { status: outcome.status };
  return data({ state, retryAfterMinutes: 0 }, { status: STATUS[outcome.status] });
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function Invite() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const state: InvitePageState = actionData?.state ?? loaderData.state;
  const back = encodeURIComponent(loaderData.here);
  return (
    <section className="narrow stack">
      <h1>{t("accounts.invite.pageTitle")}</h1>
      {state.status === "unknown" || state.status === "expired" || state.status === "used" || state.status === "tooMany" ? (
        <p role="alert" className="error">
          {t(`accounts.invite.${state.status}`, { minutes: actionData?.retryAfterMinutes ?? 0 })}
        </p>
      ) : state.status === "alreadyMember" ? (
        <p>
          {t("accounts.invite.alreadyMember", { org: state.organisationName })}{" "}
          <Link to={`/o/${state.organisationSlug}`}>{t("accounts.invite.goTo", { org: state.organisationName })}</Link>
        </p>
      ) : (
        <>
          <p>{t("accounts.invite.to", { org: state.organisationName, role: t(`accounts.role.${state.role}`) })}</p>
          {loaderData.signedIn ? (
            <Form method="post">
              <button type="submit">{t("accounts.invite.accept", { org: state.organisationName })}</button>
            </Form>
          ) : (
            <>
              <p>{t("accounts.invite.signInFirst")}</p>
              <p className="actions">
                <Link className="button" to={`/signup?redirectTo=${back}`}>
                  {t("accounts.signup.title")}
                </Link>
                <Link className="button secondary" to={`/login?redirectTo=${back}`}>
                  {t("accounts.login.title")}
                </Link>
              </p>
            </>
          )}
        </>
      )}
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
