/** Members' reasons for their views on one measure: name, view (the consultation's words), reason. */
import { useT } from "~/lib/i18n";

type View = "yes" | "no" | "none";

export function ReasonList({ reasons, yesNo }: { reasons: { name: string; view: View; reason: string }[]; yesNo: { yes: string; no: string } | null }) {
  const t = useT();
  const label = (view: View) => (view !== "none" && yesNo ? yesNo[view] : t(`voice.${view}`));
  return (
    <ul className="small">
      {reasons.map((r, i) => (
        <li key={i}>
          <strong>{r.name}</strong>
          {` (${label(r.view)}): ${r.reason}`}
        </li>
      ))}
    </ul>
  );
}
