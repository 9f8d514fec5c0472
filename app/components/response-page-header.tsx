/** The head of a page that belongs to one response (preview, import, move): a way back, a title, a line under it. */
import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n";

export function ResponsePageHeader({ base, title, subtitle }: { base: string; title: string; subtitle: string }) {
  const t = useT();
  return (
    <>
      <p>
        <Link to={base}>{t("export.backToResponse")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">{subtitle}</p>
    </>
  );
}
