/** The template problems list and the numbering preview, shared by the upload and the consultation page. */
import { useLang, useT } from "~/lib/i18n";
import { templateProblemMessage } from "~/lib/consultations/problem-messages";
import { sectionTitle } from "~/lib/section-title";
import type { PreviewSection } from "~/lib/consultations/consultations.server";

export function TemplateProblems({ problems, id = "template-problems" }: { problems: { path: string; message: string }[]; id?: string }) {
  const t = useT();
  const lang = useLang();
  if (!problems.length) return null;
  return (
    <div id={id} role="alert" className="card">
      <p className="error">{t("consultations.problems")}</p>
      <table className="template-problems">
        <thead>
          <tr>
            <th scope="col">{t("consultations.problem.path")}</th>
            <th scope="col">{t("consultations.problem.message")}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td>
                <code>{p.path}</code>
              </td>
              <td>{templateProblemMessage(p.message, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const TYPES = ["yes_no", "text", "email", "choice", "ranking", "scale", "multiple_choice", "number"] as const;
const isType = (type: string): type is (typeof TYPES)[number] => (TYPES as readonly string[]).includes(type);

export function NumberingPreview({
  sections,
  id = "numbering-preview",
  headingLevel = 2,
}: {
  sections: PreviewSection[];
  id?: string;
  headingLevel?: 2 | 4;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h4";
  const SectionHeading = headingLevel === 2 ? "h3" : "h5";
  const t = useT();
  const count = sections.reduce((n, s) => n + s.items.length, 0);
  const typeLabel = (type: string) => (isType(type) ? t(`consultations.type.${type}`) : type);
  return (
    <section aria-labelledby={id} className="stack numbering-preview">
      <Heading id={id}>{t("consultations.preview")}</Heading>
      <p className="muted">
        {t("consultations.previewIntro")} {t("consultations.items", { count })}
      </p>
      {sections.map((section) => (
        <section key={section.id} className="card" aria-label={sectionTitle(section.heading, t)}>
          <SectionHeading>{sectionTitle(section.heading, t)}</SectionHeading>
          <ol className="plain form-items">
            {section.items.map((item) => (
              <li key={item.key} data-key={item.key}>
                <strong className="item-number">{item.number}.</strong>{" "}
                {item.printoutNumber !== undefined ? (
                  <span className="printout-number" data-testid="printout-number">
                    ({item.printoutNumber ? t("consultations.printoutNumber", { number: item.printoutNumber }) : t("consultations.notInPrintout")}){" "}
                  </span>
                ) : null}
                {item.text}{" "}
                <span className="muted">
                  ({typeLabel(item.answerType)}
                  {item.askedWhen ? `; ${t("consultations.askedWhen", { number: item.askedWhen.number, answer: item.askedWhen.label ?? (item.askedWhen.answer === "yes" ? t("answer.yes") : item.askedWhen.answer === "no" ? t("answer.no") : item.askedWhen.answer) })}` : ""})
                </span>
                {item.options?.length ? (
                  <ul className="plain">
                    {item.options.map((o, i) => (
                      <li key={i}>
                        {o.number ? <strong>{o.number}.</strong> : "•"} {o.label}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </section>
  );
}
