import { pageStringsClientLoader } from "~/lib/i18n";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { clientIp } from "~/lib/auth/client-ip.server";
import { BackupError, backupDir, backupInterval, backupKeep, onPostgres, siteBackups, takeBackupNow } from "~/lib/backups/backups.server";
import { requireSiteAdmin } from "~/lib/consultations/consultations.server";
import { formatDateTime } from "~/lib/dates";
import { readForm } from "~/lib/form-data.server";
import { useLang, useT, type MessageKey } from "~/lib/i18n";
import { logger } from "~/lib/ops/log.server";
import { pageTitle } from "~/lib/page-title";
import { logSecurityEvent } from "~/lib/security/events.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "backups.title");

const BackupSchema = z.object({ intent: z.literal("backup") });

/**
 * The backups in BACKUP_DIR for site administrators (SITE_ADMINS or admin:create; anyone else
 * 404): each file with its size and age, a download link (admin.backups_.$file.ts), and a button
 * that takes one now. Without BACKUP_DIR the page says how to turn backups on.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireSiteAdmin(request);
  const backups = siteBackups();
  return { dir: backupDir(), interval: backupInterval(), keep: backupKeep(), backups, postgres: onPostgres() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireSiteAdmin(request);
  const submission = parseWithZod(await readForm(request), { schema: BackupSchema });
  if (submission.status !== "success") return data({ error: "accounts.error.formInvalid" as MessageKey, taken: null }, { status: 400 });
  if (onPostgres()) return data({ error: "backups.postgres" as MessageKey, taken: null }, { status: 400 });
  if (!backupDir()) return data({ error: "backups.notConfigured" as MessageKey, taken: null }, { status: 400 });
  try {
    const taken = await takeBackupNow();
    await logSecurityEvent({ type: "backup.taken", userId: user.id, ip: clientIp(context), detail: { file: taken.name, bytes: taken.bytes } });
    logger().info({ file: taken.name, bytes: taken.bytes, removed: taken.removed }, "backup taken on request");
    return { error: null, taken: taken.name };
  } catch (error) {
    // Two backups within one second would share a name: the second is refused, the first is there.
    if (error instanceof BackupError) return data({ error: "backups.failed" as MessageKey, taken: null }, { status: 409 });
    throw error;
  }
}

export const clientLoader = pageStringsClientLoader;

function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export default function Backups() {
  const { dir, interval, keep, backups, postgres } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const lang = useLang();
  const age = (seconds: number) => {
    if (seconds < 90) return t("backups.age.minutes", { n: Math.max(0, Math.round(seconds / 60)) });
    if (seconds < 48 * 3600) {
      const hours = Math.floor(seconds / 3600);
      const minutes = Math.round((seconds % 3600) / 60);
      return hours === 0 ? t("backups.age.minutes", { n: minutes }) : t("backups.age.hours", { h: hours, m: minutes });
    }
    return t("backups.age.days", { n: Math.floor(seconds / 86400) });
  };
  return (
    <article className="stack">
      <h1>{t("backups.title")}</h1>
      {postgres ? (
        <p role="status">{t("backups.postgres")}</p>
      ) : dir === null || backups === null ? (
        <p role="status">{t("backups.notConfigured")}</p>
      ) : (
        <>
          <p>{t("backups.where", { dir })}</p>
          <p>{interval ? t("backups.schedule", { interval, keep }) : t("backups.badInterval")}</p>
          {result?.taken ? <p role="status">{t("backups.taken", { name: result.taken })}</p> : null}
          {result?.error ? (
            <p className="field-error" role="alert">
              {t(result.error)}
            </p>
          ) : null}
          <Form method="post">
            <button type="submit" name="intent" value="backup" disabled={busy}>
              {t("backups.takeNow")}
            </button>
          </Form>
          {backups.length === 0 ? (
            <p>{t("backups.none")}</p>
          ) : (
            <table className="template-problems">
              <thead>
                <tr>
                  <th scope="col">{t("backups.file")}</th>
                  <th scope="col">{t("backups.size")}</th>
                  <th scope="col">{t("backups.time")}</th>
                  <th scope="col">{t("backups.age")}</th>
                </tr>
              </thead>
              <tbody>
                {backups.map((b) => (
                  <tr key={b.name}>
                    <td>
                      <a href={`/admin/backups/${b.name}`} download={b.name} aria-label={t("backups.download", { name: b.name })}>
                        {b.name}
                      </a>
                    </td>
                    <td>{sizeText(b.bytes)}</td>
                    <td>{formatDateTime(b.takenAt, lang)}</td>
                    <td>{age(b.ageSeconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted">{t("backups.restoreHint")}</p>
        </>
      )}
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
