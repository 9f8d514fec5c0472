import type { PersonalDataFinding } from "../../consultation/personal-data";
import { useT } from "~/lib/i18n";

/** Where the answers look like personal data (a warning beside the downloads, never a block). */
export function PersonalDataWarning({ findings }: { findings: Pick<PersonalDataFinding, "key" | "number" | "kind" | "match">[] }) {
  const t = useT();
  if (!findings.length) return null;
  return (
    <section className="card notice personal-data-warning" role="status" aria-labelledby="personal-data-title">
      <h2 id="personal-data-title">{t("export.personalData.title")}</h2>
      <p>{t("export.personalData.intro")}</p>
      <ul>
        {findings.map((f, i) => (
          <li key={i}>
            {f.number ? <a href={`#item-${f.number}`}>{t("export.personalData.item", { number: f.number })}</a> : t("export.personalData.cover")}
            {`: ${t(`export.personalData.${f.kind}`)} «${f.match}»`}
          </li>
        ))}
      </ul>
    </section>
  );
}
