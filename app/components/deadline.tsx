import { daysUntil, formatDate } from "~/lib/dates";
import { useLang, useT } from "~/lib/i18n";

/** Past this many days after its deadline a consultation reads as closed. */
const CLOSED_AFTER_DAYS = 30;

/** "1. mars 2021 (Fristen gikk ut for … dager siden)": the deadline and days left. */
export function Deadline({ deadline, today }: { deadline: string; today: string }) {
  const t = useT();
  const lang = useLang();
  const days = daysUntil(deadline, new Date(today));
  // Long past (a closed consultation, e.g. the LIS1 demo): said calmly, not counted in thousands of days.
  const closed = days < -CLOSED_AFTER_DAYS;
  const left = closed
    ? t("consultation.closed")
    : days > 1
      ? t("consultation.daysLeft", { count: days })
      : days === 1
        ? t("consultation.dayLeft")
        : days === 0
          ? t("consultation.dueToday")
          : t("consultation.overdue", { count: -days });
  return (
    <span className="deadline">
      <time dateTime={deadline}>{formatDate(deadline, lang)}</time>{" "}
      <span className={closed ? "muted" : days < 0 ? "overdue" : days <= 7 ? "soon" : "muted"}>({left})</span>
    </span>
  );
}
