/**
 * Each question type's own inputs in the form editor (the text and the type select are common).
 * A new question type: one component here plus its entry in `~/lib/consultations/question-kinds`;
 * the `Record` below makes the type check fail until both exist.
 */
import { useContext, type ComponentType } from "react";
import { useT } from "~/lib/i18n";
import type { QuestionKindType } from "~/lib/consultations/question-kinds";
import { AddButton, EditorContext, Field, Hidden } from "./editor-fields";
import { opIntent } from "~/lib/consultations/editor";

type P = (string | number)[];
export interface QuestionFieldsProps {
  path: P;
  question: Record<string, unknown>;
}

function TextFields({ path, question }: QuestionFieldsProps) {
  const t = useT();
  return (
    <>
      <Field path={[...path, "maxLength"]} label={t("editor.maxLength")} value={question.maxLength} type="number" hint={t("editor.optional")} />
      <div className="editor-field">
        <label>
          <input type="checkbox" name={`t.${[...path, "short"].join(".")}`} value="true" defaultChecked={question.short === true} /> {t("editor.short")}
        </label>
      </div>
    </>
  );
}

function ChoiceFields({ path, question }: QuestionFieldsProps) {
  const t = useT();
  const options = Array.isArray(question.options) ? (question.options as Record<string, unknown>[]) : [];
  return (
    <div className="stack">
      {options.map((o, i) => {
        const op = [...path, "options", i];
        return (
          <div key={i} className="editor-option" data-path={op.join(".")}>
            <Hidden path={[...op, "id"]} value={o.id} />
            {o.assumed === true ? <Hidden path={[...op, "assumed"]} value="true" /> : null}
            <Field path={[...op, "label"]} label={t("editor.optionN", { n: i + 1 })} value={o.label} />
            <button type="submit" name="intent" value={opIntent("remove", op.join("."))} className="secondary" aria-label={t("editor.remove", { what: t("editor.optionN", { n: i + 1 }) })}>
              {t("editor.removeShort")}
            </button>
          </div>
        );
      })}
      <AddButton path={[...path, "options"]} kind="option">
        {t("editor.addOption")}
      </AddButton>
    </div>
  );
}

function YesNoFields({ path, question }: QuestionFieldsProps) {
  const t = useT();
  const feedback = question.feedback as Record<string, unknown> | undefined;
  const fp = [...path, "feedback"];
  if (!feedback)
    return (
      <AddButton path={fp} kind="feedback">
        {t("editor.addFeedback")}
      </AddButton>
    );
  const askedId = `f-${fp.join("-")}-askedOn`;
  // The consultation's own words for yes and no (yesNoLabels, e.g. Enig/Uenig) once it has them.
  const own = (useContext(EditorContext).draft as { yesNoLabels?: { yes?: unknown; no?: unknown } }).yesNoLabels;
  const label = (answer: "yes" | "no") => (typeof own?.[answer] === "string" && own[answer] ? String(own[answer]) : t(`editor.askedOn.${answer}`));
  return (
    <fieldset className="editor-item" data-path={fp.join(".")}>
      <legend>{t("editor.feedback")}</legend>
      <div className="editor-field">
        <label htmlFor={askedId}>{t("editor.askedOn")}</label>
        <select id={askedId} name={`t.${[...fp, "askedOn"].join(".")}`} defaultValue={feedback.askedOn === "yes" || feedback.askedOn === "ja" ? "yes" : "no"}>
          <option value="no">{label("no")}</option>
          <option value="yes">{label("yes")}</option>
        </select>
      </div>
      <Field path={[...fp, "text"]} label={t("editor.feedbackText")} value={feedback.text} area />
      {feedback.maxLength !== undefined ? <Hidden path={[...fp, "maxLength"]} value={feedback.maxLength} /> : null}
      <button type="submit" name="intent" value={opIntent("remove", fp.join("."))} className="secondary">
        {t("editor.removeFeedback")}
      </button>
    </fieldset>
  );
}

function MultipleChoiceFields({ path, question }: QuestionFieldsProps) {
  const t = useT();
  return (
    <>
      <ChoiceFields path={path} question={question} />
      <Field path={[...path, "maxChoices"]} label={t("editor.maxChoices")} value={question.maxChoices} type="number" hint={t("editor.optional")} />
    </>
  );
}

function NumberFields({ path, question }: QuestionFieldsProps) {
  const t = useT();
  return (
    <>
      <Field path={[...path, "min"]} label={t("editor.min")} value={question.min} type="number" numbers="any" hint={t("editor.optional")} />
      <Field path={[...path, "max"]} label={t("editor.max")} value={question.max} type="number" numbers="any" hint={t("editor.optional")} />
      <Field path={[...path, "unit"]} label={t("editor.unit")} value={question.unit} hint={t("editor.optional")} />
      <div className="editor-field">
        <label>
          <input type="checkbox" name={`t.${[...path, "integer"].join(".")}`} value="true" defaultChecked={question.integer === true} /> {t("editor.integer")}
        </label>
      </div>
    </>
  );
}

const NoFields = () => null;

export const QUESTION_FIELDS: Record<QuestionKindType, ComponentType<QuestionFieldsProps>> = {
  text: TextFields,
  email: NoFields,
  single_choice: ChoiceFields,
  yes_no: YesNoFields,
  scale: ChoiceFields,
  multiple_choice: MultipleChoiceFields,
  number: NumberFields,
};
