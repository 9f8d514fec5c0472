/**
 * A member's ranking: the same markup and rules as the official priority question's selects
 * (drafting/inputs.tsx RankingInput), kept separate because sharing that module with this page
 * split it into a chunk of its own and made the chapter page's JS larger.
 */
import { useT } from "~/lib/i18n";
import type { FormItem } from "../../../consultation/form";

export function RankSelects({ item, name, ranks, errorId }: { item: FormItem; name: string; ranks: Record<string, string>; errorId?: string }) {
  const t = useT();
  const options = Array.from({ length: item.maxRanks ?? 0 }, (_, i) => String(i + 1));
  return (
    <fieldset aria-describedby={[`hint-${name}`, errorId].filter(Boolean).join(" ")} aria-invalid={errorId ? true : undefined}>
      <legend>
        <span className="item-number">{`${item.number}.`}</span>{` ${item.text}`}
      </legend>
      <p className="muted small" id={`hint-${name}`}>
        {t("drafting.rankHint", { max: item.maxRanks ?? 0 })}
      </p>
      <ol className="rank-list">
        {item.rankOptions!.map((option) => (
          <li key={option.measureId}>
            <label htmlFor={`${name}-${option.measureId}`} className="rank-label">
              <span className="item-number">{`${option.number}.`}</span>{` ${option.label}`}
            </label>
            <select id={`${name}-${option.measureId}`} name={`${name}.${option.measureId}`} defaultValue={ranks[option.measureId] ?? ""}>
              <option value="">{t("drafting.notRanked")}</option>
              {options.map((rank) => (
                <option key={rank} value={rank}>
                  {t("answer.rank", { rank })}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ol>
    </fieldset>
  );
}
