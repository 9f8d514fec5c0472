/** The submissions and reopenings of a response, newest first, with the frozen files (overview and submission page). */
import { formatDate, formatDateTime } from "~/lib/dates";
import { useLang, useT } from "~/lib/i18n";

export interface LogEntry {
  id: number;
  submittedOn: string;
  submittedByName: string | null;
  channel: "regjeringen" | "email" | "other";
  receipt: string | null;
  docxSha256: string;
  reopenedAt: string | null;
  reopenedByName: string | null;
  reopenReason: string | null;
}

export function SubmissionLog({ base, log, canDownload }: { base: string; log: LogEntry[]; canDownload: boolean }) {
  const t = useT();
  const lang = useLang();
  if (!log.length) return null;
  return (
    <section className="card" aria-labelledby="submission-log">
      <h2 id="submission-log">{t("cockpit.log")}</h2>
      <ol className="plain submission-log">
        {log.map((s) => (
          <li key={s.id}>
            <p>
              {t("cockpit.logSubmitted", { date: formatDate(s.submittedOn, lang), name: s.submittedByName ?? "?", channel: t(`cockpit.channel.${s.channel}`) })}
              {s.receipt ? ` · ${t("cockpit.logReceipt", { receipt: s.receipt })}` : null}
            </p>
            {canDownload ? (
              <p>
                {t("cockpit.asSubmitted")}{" "}
                <a href={`${base}/submissions/${s.id}/docx`} download>
                  {t("export.downloadDocx")}
                </a>{" "}
                ·{" "}
                <a href={`${base}/submissions/${s.id}/md`} download>
                  {t("export.downloadMarkdown")}
                </a>{" "}
                <span className="muted small">SHA-256 {s.docxSha256.slice(0, 12)}…</span>
              </p>
            ) : null}
            {s.reopenedAt ? (
              <p className="muted">{t("cockpit.logReopened", { when: formatDateTime(s.reopenedAt, lang), name: s.reopenedByName ?? "?", reason: s.reopenReason ?? "" })}</p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
