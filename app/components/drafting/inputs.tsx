/** Inputs for each answer type. Uncontrolled (defaultValue) so plain form posts work without JS. */
import { useT } from "~/lib/i18n";
import { useAnswerForm } from "./answer-form";
import { yesNoLabels } from "~/lib/answer-text";
import type { FormItem } from "../../../consultation/form";
import { rendersTextarea } from "~/lib/page-text";

export interface InputProps {
  item: FormItem;
  field: string;
  /** Raw value to show: stored answer, or what the user posted when the form came back. */
  defaultValue: unknown;
  errorId?: string;
  invalid: boolean;
  onYesNo?: (value: string) => void;
}

const str = (value: unknown) => (typeof value === "string" ? value : "");

export function AnswerInput(props: InputProps) {
  switch (props.item.answerType) {
    case "yes_no":
      return <YesNoInput {...props} />;
    case "choice":
      return <ChoiceInput {...props} />;
    case "ranking":
      return <RankingInput {...props} />;
    case "scale":
      return <ScaleInput {...props} />;
    case "multiple_choice":
      return <MultipleChoiceInput {...props} />;
    case "number":
      return <NumberInput {...props} />;
    default:
      return <TextInput {...props} />;
  }
}

function YesNoInput(props: InputProps) {
  const t = useT();
  const labels = yesNoLabels(props.item, t);
  const options = [
    { id: "yes", label: labels.yes },
    { id: "no", label: labels.no },
  ];
  return <RadioGroup {...props} options={options} className="radio-row" />;
}

function ChoiceInput(props: InputProps) {
  return <RadioGroup {...props} options={props.item.choices!} className="choice-list" />;
}

/** A scale: one radio per step, a row on wide screens (CSS `.scale-row`), then "No answer". */
function ScaleInput(props: InputProps) {
  const t = useT();
  return <RadioGroup {...props} options={[...props.item.choices!, { id: "", label: t("drafting.noAnswer") }]} className="scale-row" />;
}

/** Choose any: one checkbox per option (the legend is the question); keeps what was posted. */
function MultipleChoiceInput({ item, field, defaultValue, errorId, invalid }: InputProps) {
  const form = useAnswerForm();
  const t = useT();
  const chosen = Array.isArray(defaultValue) ? defaultValue.map(String) : typeof defaultValue === "string" ? [defaultValue] : [];
  return (
    <fieldset aria-describedby={errorId} aria-invalid={invalid || undefined}>
      <legend>
        <span className="item-number">{`${item.number}.`}</span>{` ${item.text}`}
        {item.maxChoices ? <span className="muted small"> {t("drafting.maxChoices", { max: item.maxChoices })}</span> : null}
      </legend>
      <div className="choice-list">
        {item.choices!.map((option) => (
          <label key={option.id}>
            <input type="checkbox" name={field} value={option.id} defaultChecked={chosen.includes(option.id)} form={form} />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A number typed as text ("1 500", "12,5"): inputmode brings the numeric keyboard; the unit follows the field. */
function NumberInput({ item, field, defaultValue, errorId, invalid }: InputProps) {
  const form = useAnswerForm();
  const t = useT();
  const id = `input-${field}`;
  // A stored number in the reader's decimal sign, without grouping (so it reads back as typed).
  const shown = typeof defaultValue === "number" ? (t("answer.numberLocale") === "en" ? String(defaultValue) : String(defaultValue).replace(".", ",")) : str(defaultValue);
  return (
    <>
      <label htmlFor={id}>
        <span className="item-number">{`${item.number}.`}</span>{` ${item.text}`}
      </label>
      <span className="number-input">
        <input
          type="text"
          inputMode={item.integer ? "numeric" : "decimal"}
          id={id}
          name={field}
          defaultValue={shown}
          aria-describedby={[item.unit ? `unit-${field}` : undefined, errorId].filter(Boolean).join(" ") || undefined}
          aria-invalid={invalid || undefined}
          size={14}
          form={form}
        />
        {item.unit ? (
          <span className="unit" id={`unit-${field}`}>
            {item.unit}
          </span>
        ) : null}
      </span>
    </>
  );
}

/** A numbered question answered by one of several radio buttons (the legend is the question). */
function RadioGroup({
  item,
  field,
  defaultValue,
  errorId,
  invalid,
  onYesNo,
  options,
  className,
}: InputProps & { options: { id: string; label: string }[]; className: string }) {
  const form = useAnswerForm();
  return (
    <fieldset aria-describedby={errorId} aria-invalid={invalid || undefined}>
      <legend>
        <span className="item-number">{`${item.number}.`}</span>{` ${item.text}`}
      </legend>
      <div className={className}>
        {options.map((option) => (
          <label key={option.id}>
            <input
              type="radio"
              name={field}
              value={option.id}
              defaultChecked={str(defaultValue) === option.id}
              onChange={onYesNo ? () => onYesNo(option.id) : undefined}
              form={form}
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function TextInput({ item, field, defaultValue, errorId, invalid }: InputProps) {
  const form = useAnswerForm();
  const t = useT();
  const id = `input-${field}`;
  const limit = item.maxLength ? ` ${t("drafting.maxLength", { max: item.maxLength })}` : "";
  const common = {
    id,
    name: field,
    defaultValue: str(defaultValue),
    "aria-describedby": errorId,
    "aria-invalid": invalid || undefined,
    form,
  };
  return (
    <>
      <label htmlFor={id}>
        <span className="item-number">{`${item.number}.`}</span>{` ${item.text}`}
        {limit ? <span className="muted small">{limit}</span> : null}
      </label>
      {item.answerType === "email" ? (
        <input type="email" autoComplete="email" {...common} />
      ) : !rendersTextarea(item) ? (
        <input type="text" {...common} />
      ) : (
        <textarea rows={6} {...common} />
      )}
    </>
  );
}

/** One select per measure (rank 1..max or none): keyboard and screen-reader friendly. */
function RankingInput({ item, field, defaultValue, errorId, invalid }: InputProps) {
  const form = useAnswerForm();
  const t = useT();
  const rankOf = (measureId: string): string => {
    if (Array.isArray(defaultValue)) {
      const i = defaultValue.indexOf(measureId);
      return i >= 0 ? String(i + 1) : "";
    }
    if (defaultValue && typeof defaultValue === "object") return str((defaultValue as Record<string, unknown>)[measureId]);
    return "";
  };
  const ranks = Array.from({ length: item.maxRanks ?? 0 }, (_, i) => String(i + 1));
  return (
    <fieldset aria-describedby={errorId} aria-invalid={invalid || undefined}>
      <legend>
        <span className="item-number">{`${item.number}.`}</span>{` ${item.text}`}
      </legend>
      <p className="muted small" id={`hint-${field}`}>
        {t("drafting.rankHint", { max: item.maxRanks ?? 0 })}
      </p>
      <ol className="rank-list">
        {item.rankOptions!.map((option) => {
          const id = `rank-${field}-${option.measureId}`;
          return (
            <li key={option.measureId}>
              <label htmlFor={id} className="rank-label">
                <span className="item-number">{`${option.number}.`}</span>{` ${option.label}`}
              </label>
              <select id={id} name={`${field}.${option.measureId}`} defaultValue={rankOf(option.measureId)} aria-describedby={`hint-${field}`} form={form}>
                <option value="">{t("drafting.notRanked")}</option>
                {ranks.map((rank) => (
                  <option key={rank} value={rank}>
                    {t("answer.rank", { rank })}
                  </option>
                ))}
              </select>
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}
