import { pageStringsClientLoader } from "~/lib/i18n";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "../../db/client";
import { clientIp } from "~/lib/auth/client-ip.server";
import { requireSiteAdmin } from "~/lib/consultations/consultations.server";
import { readForm } from "~/lib/form-data.server";
import { useT } from "~/lib/i18n";
import { outboxCounts, problemMails, retryMails } from "~/lib/mail/outbox.server";
import { outboxSenderRunning } from "~/lib/mail/sender.server";
import { mailConfigured } from "~/lib/mail/transport.server";
import { pageTitle } from "~/lib/page-title";
import { logSecurityEvent } from "~/lib/security/events.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mailAdmin.title");

const RetrySchema = z.object({ intent: z.literal("retry"), id: z.coerce.number().int().positive() });

/**
 * The outbox for site administrators (SITE_ADMINS; anyone else 404): counts, and every failed or
 * stuck mail with the SMTP server's last answer. Account mail belongs to no organisation, so
 * this page is the site administrator's, not an organisation admin's (docs/mail.md).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireSiteAdmin(request);
  const db = getDb();
  return {
    configured: mailConfigured(),
    running: outboxSenderRunning(),
    counts: (await outboxCounts(db)),
    problems: (await problemMails(db, null)).map((m) => ({ ...m, nextAttemptAt: m.nextAttemptAt.toISOString(), createdAt: m.createdAt.toISOString() })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireSiteAdmin(request);
  const submission = parseWithZod(await readForm(request), { schema: RetrySchema });
  if (submission.status !== "success") return data({ error: "accounts.error.formInvalid" as const }, { status: 400 });
  const changed = await retryMails(getDb(), [submission.value.id], null);
  if (changed === 0) return data({ error: "accounts.error.formInvalid" as const }, { status: 404 });
  await logSecurityEvent({ type: "mail.retried", userId: user.id, ip: clientIp(context), detail: { mail: submission.value.id } });
  return redirect("/admin/mail");
}

export const clientLoader = pageStringsClientLoader;

export default function MailAdmin() {
  const { configured, running, counts, problems } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="stack">
      <h1>{t("mailAdmin.title")}</h1>
      <p role="status">{configured ? t(running ? "mailAdmin.running" : "mailAdmin.notRunning") : t("accounts.mail.notConfigured")}</p>
      <p>{t("mailAdmin.counts", { queued: counts.queued, sent: counts.sent, failed: counts.failed })}</p>
      {problems.length === 0 ? (
        <p>{t("mailAdmin.none")}</p>
      ) : (
        <table className="template-problems">
          <thead>
            <tr>
              <th>{t("mailAdmin.to")}</th>
              <th>{t("mailAdmin.subject")}</th>
              <th>{t("mailAdmin.status")}</th>
              <th>{t("mailAdmin.attempts")}</th>
              <th>{t("mailAdmin.answer")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {problems.map((m) => (
              <tr key={m.id}>
                <td>{m.to}</td>
                <td>{m.subject}</td>
                <td>{m.status === "failed" ? t("mailAdmin.failed") : t("mailAdmin.waiting", { at: m.nextAttemptAt.slice(0, 16).replace("T", " ") })}</td>
                <td>{m.attempts}</td>
                <td>
                  <code>{m.lastResponse}</code>
                </td>
                <td>
                  {m.status === "failed" ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={m.id} />
                      <button type="submit" name="intent" value="retry">
                        {t("mailAdmin.retry")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
