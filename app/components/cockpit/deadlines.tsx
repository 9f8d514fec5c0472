/** Both deadlines of a response (official from the template, internal set by the secretariat), with days left. */
import { Deadline } from "~/components/deadline";
import { daysUntil } from "~/lib/dates";
import { useT } from "~/lib/i18n";

export function Deadlines({ official, internal, today, submitted }: { official: string; internal: string | null; today: string; submitted?: boolean }) {
  const t = useT();
  // Days in Norwegian time, as Deadline counts them.
  const past = internal !== null && !submitted && daysUntil(internal, new Date(today)) < 0;
  return (
    <span className="deadlines">
      <span>
        {t("cockpit.officialDeadline")}: <Deadline deadline={official} today={today} />
      </span>
      {internal ? (
        <span>
          {" "}
          · {t("cockpit.internalDeadline")}: <Deadline deadline={internal} today={today} />
          {past ? <strong className="overdue"> {t("cockpit.pastInternal")}</strong> : null}
        </span>
      ) : null}
    </span>
  );
}
