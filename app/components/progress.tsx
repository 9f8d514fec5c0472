import { useT } from "~/lib/i18n";
import type { Progress } from "../../consultation/answers";

export function ProgressBar({ progress }: { progress: Progress }) {
  const t = useT();
  const label = t("progress.answered", { answered: progress.answered, total: progress.total });
  return (
    <span className="progress">
      <progress value={progress.answered} max={Math.max(progress.total, 1)} aria-label={label} />{" "}
      <span className="progress-text">{label}</span>
    </span>
  );
}
