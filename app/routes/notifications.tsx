/** The signed-in user's notifications (replies, mentions, resolved threads): list, open (marks read), mark read. */
import { pageStringsClientLoader } from "~/lib/i18n";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/lib/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { markNotificationsRead, notificationsPage, openNotification } from "~/lib/discussion/notifications.server";
import { readForm } from "~/lib/form-data.server";
import { translator, useLang, useT } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { pageTitle } from "~/lib/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");
export const clientLoader = pageStringsClientLoader;

const MarkReadSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("open"), id: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("readAll") }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { notifications: (await notificationsPage(user.id)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = translator(await getLang(request));
  const submission = parseWithZod(await readForm(request), { schema: MarkReadSchema });
  if (submission.status !== "success") return data({ error: t("discussion.error.badForm") }, { status: 400 });
  const value = submission.value;
  if (value.intent === "open") {
    const href = await openNotification(user.id, value.id);
    return href ? redirect(href) : data({ error: t("notifications.notFound") }, { status: 404 });
  }
  // Someone else's notification id is simply not found.
  if (!(await markNotificationsRead(user.id, value.intent === "read" ? value.id : undefined))) return data({ error: t("notifications.notFound") }, { status: 404 });
  return redirect("/notifications");
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const unread = notifications.some((n) => !n.read);
  return (
    <article className="stack">
      <h1>{t("notifications.title")}</h1>
      {actionData?.error ? (
        <p className="error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {unread ? (
        <Form method="post">
          <button type="submit" name="intent" value="readAll" className="secondary">
            {t("notifications.markAllRead")}
          </button>
        </Form>
      ) : null}
      {notifications.length === 0 ? <p className="muted">{t("notifications.none")}</p> : null}
      <ul className="plain notifications card" hidden={notifications.length === 0}>
        {notifications.map((n) => (
          <li key={n.id} className={n.read ? undefined : "unread"} data-kind={n.kind}>
            {n.read ? null : <span className="badge">{t("notifications.unread")}</span>}
            {n.read ? (
              <Link to={n.href}>{t(`notifications.${n.kind}`, { name: n.actorName, number: n.number })}</Link>
            ) : (
              // Opening an unread one marks it read on the way (a post, then the redirect to the comment).
              <Form method="post" className="inline">
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" name="intent" value="open" className="link-button">
                  {t(`notifications.${n.kind}`, { name: n.actorName, number: n.number })}
                </button>
              </Form>
            )}
            <span className="muted small">
              {n.orgName} · {formatDateTime(n.createdAt, lang)}
            </span>
            {n.read ? null : (
              <Form method="post" className="inline">
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" name="intent" value="read" className="link-button small">
                  {t("notifications.markRead")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
