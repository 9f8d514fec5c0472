/** The zxcvbn strength of a refused password, computed on the server after submit (keeps the dictionary out of the bundle). */
import { isMessageKey, useT, type MessageKey } from "~/lib/i18n";

export function PasswordStrengthHint({ strength }: { strength: { score: number; warning: string | null } | null }) {
  const t = useT();
  if (!strength) return null;
  const warningKey = `password.warning.${strength.warning}`;
  return (
    <p className="muted small" role="status">
      {t("password.strength", { label: t(`password.score.${Math.min(4, Math.max(0, strength.score))}` as MessageKey), score: strength.score })}
      {strength.warning && isMessageKey(warningKey) ? ` ${t(warningKey)}` : null}
    </p>
  );
}
