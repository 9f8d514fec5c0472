/** Shown when someone else saved this answer since the user started: both versions side by side. */
import { answerAsText } from "~/lib/answer-text";
import { boundedDiff } from "~/lib/diff";
import type { FieldConflict } from "~/lib/conflict";
import { formatDateTime } from "~/lib/dates";
import { useLang, useT } from "~/lib/i18n";
import type { FormItem } from "~/lib/template/form";

export type Conflict = FieldConflict;

/** A word diff; for large texts a line diff or a note (the work is bounded: app/lib/diff.ts). */
export function WordDiff({ before, after }: { before: string; after: string }) {
  const t = useT();
  const diff = boundedDiff(before, after);
  if (diff.kind === "tooLarge")
    return (
      <p className="diff muted" data-testid="diff-too-large">
        {t("diff.tooLarge", { chars: diff.chars })}
      </p>
    );
  return (
    <>
      {diff.kind === "lines" ? (
        <p className="muted small" data-testid="diff-lines">
          {t("diff.lines")}
        </p>
      ) : null}
      <p className="diff">
        {diff.parts.map((part, i) =>
          part.added ? <ins key={i}>{part.value}</ins> : part.removed ? <del key={i}>{part.value}</del> : <span key={i}>{part.value}</span>,
        )}
      </p>
    </>
  );
}

export function MergePanel({ item, conflict, onResolve }: { item: FormItem; conflict: Conflict; onResolve?: (useTheirs: boolean) => void }) {
  const t = useT();
  const lang = useLang();
  const theirs = answerAsText(item, conflict.theirs, t);
  const mine = answerAsText(item, conflict.mine, t);
  return (
    <section className="merge" role="region" aria-label={t("drafting.conflict.title")}>
      <h3>{t("drafting.conflict.title")}</h3>
      <p>
        {conflict.unknownBase !== undefined || conflict.theirAt === null
          ? t("drafting.conflict.unknownVersion", { version: conflict.unknownBase ?? "?" })
          : t("drafting.conflict.explain", {
              name: conflict.theirAuthor ?? "?",
              when: formatDateTime(conflict.theirAt, lang),
            })}
      </p>
      <div className="merge-columns">
        <div>
          <h4>{t("drafting.conflict.theirs")}</h4>
          <p className="merge-text" data-testid="theirs">{theirs || "—"}</p>
        </div>
        <div>
          <h4>{t("drafting.conflict.mine")}</h4>
          <p className="merge-text" data-testid="mine">{mine || "—"}</p>
        </div>
      </div>
      <details>
        <summary>{t("drafting.conflict.diff")}</summary>
        <WordDiff before={theirs} after={mine} />
      </details>
      <p className="muted small">{t("drafting.conflict.howTo")}</p>
      {onResolve ? (
        <div className="actions">
          <button type="button" onClick={() => onResolve(false)}>
            {t("drafting.conflict.keepMine")}
          </button>
          <button type="button" className="secondary" onClick={() => onResolve(true)}>
            {t("drafting.conflict.takeTheirs")}
          </button>
        </div>
      ) : null}
    </section>
  );
}
