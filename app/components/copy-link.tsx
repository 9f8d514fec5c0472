/**
 * A link to copy: a readonly input (works without JS: select and copy by hand) and, once
 * hydrated, a "Copy" button using the clipboard API, with a polite status when it worked.
 */
import { useState } from "react";
import { useHydrated } from "~/lib/use-hydrated";
import { useT } from "~/lib/i18n";

export function CopyLink({ id, label, value }: { id: string; label: string; value: string }) {
  const t = useT();
  const hydrated = useHydrated();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <span className="actions copy-link">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input id={id} type="text" readOnly value={value} size={48} onFocus={(e) => e.currentTarget.select()} />
      {hydrated ? (
        <button type="button" className="secondary" onClick={copy} aria-describedby={id}>
          {t("accounts.invite.copy")}
        </button>
      ) : null}
      <span role="status" className="muted small">
        {copied ? t("accounts.invite.copied") : ""}
      </span>
    </span>
  );
}
