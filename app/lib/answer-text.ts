import type { Translate } from "./i18n";
import { formatNumber, type AnswerValue } from "../../consultation/answers";
import type { FormItem } from "../../consultation/form";

/** A yes/no item's two labels: the template's own (`yesNoLabels`), else the reader's language. */
export function yesNoLabels(item: Pick<FormItem, "yesNoLabels">, t: Translate): { yes: string; no: string } {
  return item.yesNoLabels ?? { yes: t("answer.yes"), no: t("answer.no") };
}

/** A number answer in the reader's language, with its unit ("1 500 kr"). */
export function numberAsText(item: Pick<FormItem, "unit">, value: number, t: Translate): string {
  return formatNumber(value, t("answer.numberLocale"), item.unit);
}

/** An answer as plain text (history diffs, merge view): labels instead of ids. */
export function answerAsText(item: FormItem, value: AnswerValue | undefined, t: Translate): string {
  if (value === undefined) return "";
  if (typeof value === "number") return numberAsText(item, value, t);
  if (item.answerType === "multiple_choice")
    return (Array.isArray(value) ? value : []).map((id) => item.choices?.find((c) => c.id === id)?.label ?? id).join("\n");
  if (Array.isArray(value))
    return value
      .map((id, i) => {
        const option = item.rankOptions?.find((o) => o.measureId === id);
        return `${t("answer.rank", { rank: i + 1 })}: ${option ? `${option.number}. ${option.label}` : id}`;
      })
      .join("\n");
  if (item.answerType === "yes_no") return value === "yes" || value === "no" ? yesNoLabels(item, t)[value] : "";
  if (item.answerType === "choice" || item.answerType === "scale") return item.choices?.find((c) => c.id === value)?.label ?? value;
  return value;
}
