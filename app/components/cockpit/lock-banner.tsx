/** The banner of a submitted (locked) response, on its overview and chapter pages. */
import { Link } from "@remix-run/react";
import { formatDate } from "~/lib/dates";
import { useLang, useT } from "~/lib/i18n";

export function LockBanner({ base, submittedOn }: { base: string; submittedOn: string }) {
  const t = useT();
  const lang = useLang();
  return (
    <p className="notice lock-banner" role="note">
      {t("lock.banner", { date: formatDate(submittedOn, lang) })} <Link to={`${base}/submission`}>{t("lock.link")}</Link>
    </p>
  );
}
