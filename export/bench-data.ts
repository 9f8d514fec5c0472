/** Inputs for the export benchmark: the LIS1 demo and synthetic copies of it scaled k times. */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { AnswerValue } from "../consultation/answers";
import { parseTemplateText } from "../consultation/file.server";
import { formItems } from "../consultation/form";
import { templateSchema, type Question, type Template } from "../consultation/schema";

const LONG_TEXT = [
  "Vi viser til høringsnotatet og vil peke på at tiltaket må ses i sammenheng med de øvrige endringene i ordningen. ".repeat(4),
  "Særlig er det viktig at kommunene og helseforetakene får forutsigbare rammer – både økonomisk og faglig – slik at LIS1 får god veiledning. ".repeat(4),
  "Vi ber derfor om at departementet følger opp med en evaluering etter to år, og at organisasjonene involveres i arbeidet. ".repeat(3),
].join("\n\n");

export function lis1(): { template: Template; answers: Record<string, AnswerValue> } {
  const result = parseTemplateText(readFileSync("templates/lis1-evaluering-2021.yaml", "utf8"), "lis1");
  if (!result.ok) throw new Error("LIS1 template is invalid");
  return { template: result.template, answers: parse(readFileSync("db/demo/lis1-nmf-answers.yaml", "utf8")) };
}

const suffixed = (id: string, copy: number) => (copy === 1 ? id : `${id}-k${copy}`);
const suffixQuestion = (q: Question, copy: number): Question => ({ ...q, id: suffixed(q.id, copy) });

/** The LIS1 form repeated `scale` times (sender and general questions too), answered like the demo. */
export function scaled(scale: number): { template: Template; answers: Record<string, AnswerValue> } {
  const base = lis1();
  if (scale === 1) return base;
  const copies = Array.from({ length: scale }, (_, i) => i + 1);
  const template = templateSchema.parse({
    ...base.template,
    id: `${base.template.id}-x${scale}`,
    chapters: copies.flatMap((copy) => [
      ...(copy === 1 ? [] : [{ id: `sender-k${copy}`, title: `Avsender ${copy}`, measures: [], questions: base.template.sender.map((q) => suffixQuestion(q, copy)) }]),
      ...base.template.chapters.map((chapter) =>
        chapter.type === "group"
          ? { ...chapter, id: suffixed(chapter.id, copy), questions: chapter.questions.map((q) => suffixQuestion(q, copy)) }
          : {
              ...chapter,
              id: suffixed(chapter.id, copy),
              measures: chapter.measures.map((m) => ({ ...m, id: suffixed(m.id, copy), feedbackMaxLength: undefined })),
              questions: chapter.questions.map((q) => suffixQuestion(q, copy)),
            },
      ),
      ...(copy === 1 ? [] : [{ id: `general-k${copy}`, title: `Generelt ${copy}`, measures: [], questions: base.template.general.map((q) => suffixQuestion(q, copy)) }]),
    ]),
  });
  const answers: Record<string, AnswerValue> = {};
  for (const copy of copies)
    for (const [key, value] of Object.entries(base.answers)) {
      const [id, field] = key.split(".");
      answers[field ? `${suffixed(id!, copy)}.${field}` : suffixed(id!, copy)] = Array.isArray(value) ? value.map((m) => suffixed(m, copy)) : value;
    }
  for (const item of formItems(template)) if (item.answerType === "text" && !item.askedWhen && !answers[item.key]) answers[item.key] = LONG_TEXT;
  return { template, answers };
}

