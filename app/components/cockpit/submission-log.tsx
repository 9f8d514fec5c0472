/** The submissions and reopenings of a response, newest first, with the frozen files (overview and submission page). */
import { useState } from "react";
import { formatDate, formatDateTime } from "~/lib/dates";
import { useLang, useT } from "~/lib/i18n";
import { useHydrated } from "~/lib/use-hydrated";

export interface LogEntry {
  id: number;
  submittedOn: string;
  submittedByName: string | null;
  channel: "regjeringen" | "email" | "other";
  receipt: string | null;
  /** Each frozen file with its download name and full SHA-256. */
  files: { format: "docx" | "md" | "pdf"; name: string; sha256: string }[];
  reopenedAt: string | null;
  reopenedByName: string | null;
  reopenReason: string | null;
}

/** Copies a hash to the clipboard (with JavaScript; without, the hash is selectable text). */
function CopyHash({ hash, name }: { hash: string; name: string }) {
  const t = useT();
  const hydrated = useHydrated();
  const [copied, setCopied] = useState(false);
  if (!hydrated || typeof navigator === "undefined" || !navigator.clipboard) return null;
  return (
    <>
      <button
        type="button"
        className="secondary small"
        onClick={() => {
          void navigator.clipboard.writeText(hash).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {t("cockpit.copy")}
        <span className="visually-hidden"> – {t("cockpit.copyLabel", { name })}</span>
      </button>
      <span role="status" className="muted small">
        {copied ? t("cockpit.copied") : ""}
      </span>
    </>
  );
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
              <table className="submitted-files">
                <caption>{t("cockpit.asSubmitted")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("cockpit.file")}</th>
                    <th scope="col">{t("cockpit.sha256")}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.files.map((f) => (
                    <tr key={f.format}>
                      <td>
                        <a href={`${base}/submissions/${s.id}/${f.format}`} download={f.name}>
                          {f.name}
                        </a>
                      </td>
                      <td>
                        <code className="hash" data-testid={`sha256-${s.id}-${f.format}`}>
                          {f.sha256}
                        </code>{" "}
                        <CopyHash hash={f.sha256} name={f.name} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
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
