/**
 * Beside a measure on the chapter page: each reference organisation's yes/no and rank, and their
 * feedback in a <details> (no JavaScript, no form). Loaded lazily on the chapter page (./lazy.tsx).
 */
import { addNorwegianStrings, useT } from "~/lib/i18n";
import { nbReferences } from "~/lib/i18n/nb-references";

addNorwegianStrings(nbReferences);
import type { ReferenceLine } from "~/lib/references/compare";

export function MeasureReferences({ lines, labels }: { lines: ReferenceLine[]; labels: { yes: string; no: string } }) {
  const t = useT();
  return (
    <div className="measure-refs" data-testid="measure-refs">
      <span className="muted">{t("refs.label")}:</span>
      <ul>
        {lines.map((line, i) => (
          <li key={i}>
            <strong>{line.organisation}</strong>: {line.support ? labels[line.support] : t("refs.unanswered")} ·{" "}
            {line.rank ? t("refs.ranked", { rank: line.rank }) : t("refs.notRanked")}
            {line.feedback ? (
              <details>
                <summary>{t("refs.feedback", { organisation: line.organisation })}</summary>
                <blockquote>{line.feedback}</blockquote>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
