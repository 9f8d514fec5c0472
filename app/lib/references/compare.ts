/**
 * Who agrees with whom: per measure, our yes/no and rank beside each reference answer's. Pure (no
 * server imports), fed by the comparison page's and the chapter page's loaders.
 */
import type { AnswerValue } from "../../../consultation/answers";
import { formSections, type FormItem } from "../../../consultation/form";
import type { Template } from "../../../consultation/schema";

export type Support = "yes" | "no" | null;

export interface Position {
  support: Support;
  /** 1-based rank in the chapter's priority question, or null when not ranked (or no such question). */
  rank: number | null;
  feedback: string | null;
}

/** One reference organisation's position as the chapter page's line shows it. */
export interface ReferenceLine extends Position {
  organisation: string;
}

export interface MeasureRow {
  supportKey: string;
  number: number;
  label: string;
  chapterId: string;
  chapterTitle: string;
  ours: Position;
  /** One per reference, in the references' order. */
  theirs: (Position & { agrees: boolean | null })[];
  /** References with the same yes/no as ours, and references where both answered. */
  agree: number;
  compared: number;
}

export interface Comparison {
  rows: MeasureRow[];
  /** Per reference: measures where both answered yes/no, and those with the same answer. */
  perReference: { agree: number; compared: number }[];
}

type Answers = (key: string) => AnswerValue | undefined;

function position(item: FormItem, ranking: FormItem | undefined, valueOf: Answers): Position {
  const support = valueOf(item.key);
  const ranked = ranking ? valueOf(ranking.key) : undefined;
  const at = Array.isArray(ranked) && item.measureId ? ranked.indexOf(item.measureId) : -1;
  const feedback = item.measureId ? valueOf(`${item.measureId}.feedback`) : undefined;
  return {
    support: support === "yes" || support === "no" ? support : null,
    rank: at >= 0 ? at + 1 : null,
    feedback: typeof feedback === "string" && feedback.trim() !== "" ? feedback : null,
  };
}

/** Every measure with a support question, in form order (limited to one chapter when `sectionId` is given). */
export function compareAnswers(
  template: Template,
  ours: Answers,
  references: readonly Record<string, AnswerValue>[],
  sectionId?: string,
): Comparison {
  const perReference = references.map(() => ({ agree: 0, compared: 0 }));
  const rows: MeasureRow[] = [];
  for (const section of formSections(template)) {
    if (section.kind !== "chapter" || (sectionId !== undefined && section.id !== sectionId)) continue;
    const ranking = section.items.find((i) => i.answerType === "ranking");
    for (const item of section.items) {
      if (item.answerType !== "yes_no" || !item.measureId || !item.key.endsWith(".support")) continue;
      const label = ranking?.rankOptions?.find((o) => o.measureId === item.measureId)?.label ?? item.text;
      const our = position(item, ranking, ours);
      let agree = 0;
      let compared = 0;
      const theirs = references.map((answers, i) => {
        const their = position(item, ranking, (key) => answers[key]);
        const both = our.support !== null && their.support !== null;
        const agrees = both ? our.support === their.support : null;
        if (both) {
          compared++;
          perReference[i]!.compared++;
          if (agrees) {
            agree++;
            perReference[i]!.agree++;
          }
        }
        return { ...their, agrees };
      });
      rows.push({ supportKey: item.key, number: item.number, label, chapterId: section.id, chapterTitle: section.title ?? section.id, ours: our, theirs, agree, compared });
    }
  }
  return { rows, perReference };
}
