/**
 * One unit of a section page (app/lib/page-units.ts): a measure under its numbers, text and report
 * reference, with its answers and, beside them on wide screens (under them on narrow ones), what
 * the organisation says about it. Priority and standalone questions use the same frame, unheaded.
 */
import type { ReactNode } from "react";
import type { PageUnit } from "~/lib/page-units";
import { useT } from "~/lib/i18n";

export function UnitFrame({ unit, children, voice }: { unit: PageUnit; children: ReactNode; voice?: ReactNode }) {
  const t = useT();
  const numbers = unit.items.map((item) => item.number);
  const headingId = `unit-${unit.id}`;
  const range = numbers.length > 1 ? `${numbers[0]}–${numbers.at(-1)}` : String(numbers[0]);
  return (
    <section className={`unit unit-${unit.kind}`} aria-labelledby={unit.kind === "measure" ? headingId : undefined}>
      {unit.kind === "measure" ? (
        <header className="unit-head">
          <h2 id={headingId}>
            <span className="unit-numbers">
              <span className="visually-hidden">{`${t("unit.numbers")} `}</span>
              {range}
            </span>
            {` ${unit.text}`}
          </h2>
          {unit.reference ? <p className="muted small unit-reference">{unit.reference}</p> : null}
        </header>
      ) : null}
      <div className={voice ? "unit-body with-voice" : "unit-body"}>
        <div className="unit-answers stack">{children}</div>
        {voice ? (
          // Every unit may have one: each landmark's name says whose it is (axe landmark-unique).
          <aside className="unit-voice stack" aria-label={`${t("unit.voice")}: ${t("unit.numbers").toLowerCase()} ${range}`}>
            {voice}
          </aside>
        ) : null}
      </div>
    </section>
  );
}
