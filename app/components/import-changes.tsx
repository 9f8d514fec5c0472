/**
 * What an import would change, question by question: the stored answer, then the new one as a
 * word diff. Shared by the Markdown import and the printout import dry runs.
 */
import type { ChangeView } from "~/lib/import.server";
import { useT } from "~/lib/i18n";
import { WordDiff } from "./drafting/merge-panel";

export function ImportChanges({ changes }: { changes: ChangeView[] }) {
  const t = useT();
  return (
    <ol className="form-items">
      {changes.map((change) => (
        <li key={change.number}>
          <strong>{t("import.question", { number: change.number })}</strong>
          <dl className="meta">
            <dt>{t("import.before")}</dt>
            <dd className="pre-wrap">{change.before.join("\n") || t("import.emptyValue")}</dd>
            <dt>{t("import.after")}</dt>
            <dd>
              <WordDiff before={change.before.join("\n")} after={change.after.join("\n")} />
            </dd>
          </dl>
        </li>
      ))}
    </ol>
  );
}
