/**
 * One-click unsubscribe (RFC 8058) from notification mails. The mail's List-Unsubscribe URL is
 * this page: a POST (from the mail client's button, body "List-Unsubscribe=One-Click", or from
 * the form here) turns the token's kind off without signing in. A GET only shows the button, so
 * link scanners change nothing. A forged token: a clear 400 page, nothing changed.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { pageStringsClientLoader, useT } from "~/lib/i18n";
import { unsubscribe, unsubscribeTarget } from "~/lib/mail/notify/index.server";
import { pageTitle } from "~/lib/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "unsubscribe.title");

export async function loader({ params }: LoaderFunctionArgs) {
  const target = unsubscribeTarget(params.token ?? "");
  return data({ kind: target?.kind ?? null }, { status: target ? 200 : 400 });
}

export async function action({ params }: ActionFunctionArgs) {
  const done = await unsubscribe(params.token ?? "");
  if (!done) return data({ done: false, kind: null }, { status: 400 });
  return data({ done: true, kind: unsubscribeTarget(params.token ?? "")!.kind });
}

export const clientLoader = pageStringsClientLoader;

export default function Unsubscribe() {
  const { kind: loadedKind } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const kind = actionData ? actionData.kind : loadedKind;
  return (
    <section className="narrow stack">
      <h1>{t("unsubscribe.title")}</h1>
      {kind === null ? (
        <p role="alert" className="error">
          {t("unsubscribe.invalid")}
        </p>
      ) : actionData?.done ? (
        <p role="status">{t("unsubscribe.done", { kind: t(`unsubscribe.kind.${kind}`) })}</p>
      ) : (
        <Form method="post" className="stack">
          <p>{t("unsubscribe.intro", { kind: t(`unsubscribe.kind.${kind}`) })}</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <p>
            <button type="submit">{t("unsubscribe.submit")}</button>
          </p>
        </Form>
      )}
      <p>
        <Link to="/account#mail">{t("unsubscribe.settings")}</Link>
      </p>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
