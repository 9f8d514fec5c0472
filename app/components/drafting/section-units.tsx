/**
 * The section page's body: its units (app/lib/page-units.ts), each with its questions — the answer
 * input (or, read-only, the answer), status and assignee — and beside them the members' tally or
 * suggested ranking, reference answers and comment threads.
 */
import { useActionData, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { AnswerText } from "~/components/answer-text";
import { WorkControls } from "~/components/cockpit/work-line";
import { FoldedThreads } from "~/components/discussion/folded";
import { Voice } from "~/components/member-voice/lazy";
import { LazyMeasureReferences } from "~/components/references/lazy";
import { yesNoLabels } from "~/lib/answer-text";
import { useT, type Translate } from "~/lib/i18n";
import type { saveSectionAnswers, sectionPageData } from "~/lib/section-page.server";
import { fieldName } from "~/lib/section-form/fields";
import { useStoredAnswers } from "~/lib/page-text";
import { useHydrated } from "~/lib/use-hydrated";
import { isAnswered, isAsked, type AnswerValue } from "../../../consultation/answers";
import type { FormItem } from "../../../consultation/form";
import { AnswerFormContext } from "./answer-form";
import { QuestionBlock, type SaveState } from "./question-block";
import { UnitFrame } from "./unit-frame";

/** Characters beyond which a read-only answer is folded on a phone. */
const LONG_ANSWER = 400;

/** The answer form's id: the inputs name it with `form`, as units also hold forms of their own. */
export const ANSWER_FORM = "answers";

interface SectionUnitsProps {
  items: FormItem[];
  /** The value the page shows now (a yes/no just clicked, a refused post, the stored answer). */
  valueOf: (key: string) => AnswerValue | undefined;
  onYesNo: (key: string, value: string) => void;
  onStateChange: (field: string, state: SaveState) => void;
}

export function SectionUnits({ items, valueOf, onYesNo, onStateChange }: SectionUnitsProps) {
  const { base, section, units, canEdit, cockpit, references, discussion, voice, ...data } = useLoaderData<typeof sectionPageData>();
  const stored = useStoredAnswers(data.stored);
  const actionData = useActionData<typeof saveSectionAnswers>();
  const hydrated = useHydrated();
  const t = useT();
  const posted = (actionData?.result?.initialValue ?? undefined) as Record<string, unknown> | undefined;
  const serverErrors = actionData?.result?.error ?? undefined;
  /** Shown while its question is asked, or holds text the user must be able to empty. */
  const hiddenItem = (item: FormItem) => hydrated && !isAsked(item, valueOf) && !isAnswered(stored[item.key]?.value);

  const voiceOf = (unit: (typeof units)[number]) => {
    const support = unit.kind === "measure" ? unit.items.find((item) => item.answerType === "yes_no") : undefined;
    const lines = support ? references[support.key] : undefined;
    return (
      <>
        {unit.items.map((item) => (
          <Voice key={`voice-${item.key}`} voice={voice} item={item} />
        ))}
        {lines ? <LazyMeasureReferences lines={lines} labels={yesNoLabels(support!, t)} /> : null}
        {unit.items.map((item) => (
          <FoldedThreads
            key={item.key}
            questionKey={item.key}
            number={item.number}
            lazy={{
              counts: discussion.counts[item.key],
              href: `${base}/q/${encodeURIComponent(item.key)}`,
              returnTo: `${base}/c/${section.id}#q-${item.number}`,
            }}
            hidden={canEdit && hiddenItem(item)}
          />
        ))}
      </>
    );
  };

  return (
    <AnswerFormContext.Provider value={canEdit ? ANSWER_FORM : undefined}>
      <div className="stack units">
        {units.map((unit) => (
          <UnitFrame key={unit.id} unit={unit} voice={voiceOf(unit)}>
            {unit.items.map((item) => {
              const work = (
                <WorkControls
                  base={base}
                  itemKey={item.key}
                  number={item.number}
                  work={cockpit.work[item.key]!}
                  members={cockpit.members}
                  editable={cockpit.canWork}
                  returnTo={`${base}/c/${section.id}#q-${item.number}`}
                />
              );
              if (!canEdit) {
                // A long answer is folded on a phone (styles.css) so a measure reads in about one
                // screen; the link unfolds it (`:target`, no JavaScript needed).
                const value = stored[item.key]?.value;
                const long = typeof value === "string" && value.length > LONG_ANSWER;
                return (
                  <div key={item.key} className={`question read-only${long ? " folded" : ""}`} id={`q-${item.number}`}>
                    <p className="question-text">
                      <span className="item-number">{`${item.number}.`}</span>{` ${item.text}`}
                    </p>
                    <AnswerText item={item} value={value} />
                    {long ? (
                      <a className="unfold small" href={`#q-${item.number}`}>
                        {t("drafting.readAll")}
                      </a>
                    ) : null}
                    {work}
                  </div>
                );
              }
              const field = fieldName(item.key);
              return (
                <Fragment key={item.key}>
                  <QuestionBlock
                    item={item}
                    stored={stored[item.key]}
                    posted={posted?.[field]}
                    formRound={actionData}
                    serverErrors={serverErrors?.[field] ?? collectNested(serverErrors, field)}
                    conflict={actionData?.conflicts.find((c) => c.field === field)}
                    historyHref={`${base}/history/${encodeURIComponent(item.key)}`}
                    // Feedback not asked stays visible while it holds stored text, so the user can empty it
                    // (the conditional rule refuses the other answer until then).
                    hidden={hiddenItem(item)}
                    hint={item.askedWhen ? t("drafting.askedWhen", { answer: askedOnLabel(item, items, t) }) : undefined}
                    onYesNo={item.answerType === "yes_no" ? (value) => onYesNo(item.key, value) : undefined}
                    onStateChange={onStateChange}
                  />
                  {work}
                </Fragment>
              );
            })}
          </UnitFrame>
        ))}
      </div>
    </AnswerFormContext.Provider>
  );
}

/** The label of the answer a conditional item is asked on, as its trigger shows it. */
function askedOnLabel(item: FormItem, items: FormItem[], t: Translate): string {
  const trigger = items.find((i) => i.key === item.askedWhen!.key);
  return yesNoLabels(trigger ?? {}, t)[item.askedWhen!.answer];
}

/** Errors Conform filed under a nested name (a ranking's `<field>.<measure>`) or the field itself. */
function collectNested(errors: Record<string, string[] | null> | undefined, field: string): string[] | undefined {
  if (!errors) return undefined;
  const nested = Object.entries(errors)
    .filter(([name]) => name.startsWith(`${field}.`))
    .flatMap(([, e]) => e ?? []);
  return nested.length ? nested : undefined;
}
