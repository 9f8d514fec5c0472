/** Shown when someone else saved this answer since the user started: both versions side by side. */
import { answerAsText } from "~/lib/answer-text";
import type { ShownConflict, ShownDiff } from "~/lib/conflict";
import { formatDateTime } from "~/lib/dates";
import { addNorwegianStrings, useLang, useT } from "~/lib/i18n";
import { nbConflict } from "~/lib/i18n/nb-conflict";
import type { FormItem } from "../../../consultation/form";

// Its strings come with it (on the chapter page a chunk fetched when a save meets a newer answer).
addNorwegianStrings(nbConflict);

/** `live`: the newer version arrived while the reader was editing, before any save was refused. */
export type Conflict = ShownConflict & { live?: boolean };

/** A diff already computed (bounded, app/lib/diff.ts): words, lines with a note, or a note alone. */
export function DiffView({ diff }: { diff: ShownDiff }) {
  const t = useT();
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
  const title = conflict.live ? t("live.newerVersion", { name: conflict.theirAuthor ?? "?" }) : t("drafting.conflict.title");
  return (
    <section className="merge" role="region" aria-label={title}>
      <h3>{title}</h3>
      <p>
        {conflict.live
          ? t("live.newerVersionExplain", { name: conflict.theirAuthor ?? "?", when: formatDateTime(conflict.theirAt ?? "", lang) })
          : conflict.unknownBase !== undefined || conflict.theirAt === null
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
        <DiffView diff={conflict.diff} />
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
