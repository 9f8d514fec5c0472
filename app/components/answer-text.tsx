import { useT } from "~/lib/i18n";
import { numberAsText, yesNoLabels } from "~/lib/answer-text";
import type { AnswerValue } from "../../consultation/answers";
import type { FormItem } from "../../consultation/form";

/** Read-only rendering of one answer, nested under its question as in the official form. */
export function AnswerText({ item, value }: { item: FormItem; value: AnswerValue | undefined }) {
  const t = useT();
  if (item.answerType === "ranking") {
    const ranked = Array.isArray(value) ? value : [];
    return (
      <ul className="rank-options">
        {item.rankOptions!.map((option) => {
          const rank = ranked.indexOf(option.measureId) + 1;
          return (
            <li key={option.number}>
              {option.number}. {option.label}
              {rank > 0 ? <strong className="rank"> – {t("answer.rank", { rank })}</strong> : null}
            </li>
          );
        })}
      </ul>
    );
  }
  if (item.answerType === "multiple_choice") {
    const chosen = Array.isArray(value) ? value : [];
    if (!chosen.length) return <p className="unanswered">{t("response.notAnswered")}</p>;
    return (
      <ul className="answer choice-answers">
        {chosen.map((id) => (
          <li key={id}>{item.choices?.find((c) => c.id === id)?.label ?? id}</li>
        ))}
      </ul>
    );
  }
  if (typeof value === "number") return <p className="answer">{numberAsText(item, value, t)}</p>;
  if (value === undefined || value === "" || Array.isArray(value)) return <p className="unanswered">{t("response.notAnswered")}</p>;
  if (item.answerType === "yes_no") return <p className="answer">{yesNoLabels(item, t)[value === "yes" ? "yes" : "no"]}</p>;
  if (item.answerType === "choice" || item.answerType === "scale") return <p className="answer">{item.choices?.find((c) => c.id === value)?.label ?? value}</p>;
  return (
    <div className="answer">
      {value.split(/\n{2,}/).map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
    </div>
  );
}
