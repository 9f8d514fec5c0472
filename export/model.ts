/**
 * The one document model every writer renders (pandoc-style: one AST, many writers).
 * It mirrors the official form printout (seed 003): a title block, the heading "Svar:" (labels in
 * the template's language, export/labels.ts), then a
 * three-level outline. Level 1 is "N. question", level 2 the answer or the options "N.k. label"
 * of a ranking question, level 3 the rank under each ranked option. Pure: no clock, no database.
 */
import { formatNumber, isAsked, type AnswerValue } from "../consultation/answers";
import { formItems, type FormItem } from "../consultation/form";
import type { Template } from "../consultation/schema";
import { coverLetterPart, type CoverLetter } from "./cover";
import { documentLabels, type DocumentLabels } from "./labels";

export type TitleField = "issuer" | "caseNumber" | "organisation" | "date";

export interface TitleBlock {
  consultationId: string;
  title: string;
  fields: { field: TitleField; label: string; value: string }[];
}

/** One outline entry: its paragraphs (first one carries the bullet) and the entries beneath it. */
export interface OutlineNode {
  kind: "question" | "answer" | "option" | "rank";
  paragraphs: string[];
  children: OutlineNode[];
  /** Answer key of a question node. */
  key?: string;
  /** "19" for a question, "19.1" for an option. */
  number?: string;
}

export interface ExportDocument {
  /** BCP 47 tag of the document language (the template's `language`). */
  language: string;
  /** Footer "Side N av M" around the page numbers, in the document language. */
  pageLabel: { before: string; between: string };
  titleBlock: TitleBlock;
  answersHeading: string;
  items: OutlineNode[];
  /** The optional cover letter: first page of DOCX and PDF, top of the Markdown. */
  coverLetter?: CoverLetter;
}

export interface BuildDocumentInput {
  template: Template;
  answers: ReadonlyMap<string, AnswerValue> | Readonly<Record<string, AnswerValue>>;
  organisationName: string;
  /** The export date, YYYY-MM-DD; passed in so the model stays pure. */
  date: string;
}

/** Splits stored text into paragraphs the way the form shows them: blank lines separate them. */
export function textParagraphs(value: string): string[] {
  return value
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\n+/, "").split("\n").map((line) => line.trimEnd()).join("\n"))
    .filter((p) => p.trim() !== "");
}

/** Canonical stored form of a text answer: what survives an export/import cycle. */
export function canonicalText(value: string): string {
  return textParagraphs(value).join("\n\n");
}

function answerParagraphs(item: FormItem, value: AnswerValue | undefined, labels: DocumentLabels): string[] {
  if (value === undefined || Array.isArray(value)) return [];
  if (typeof value === "number") return [formatNumber(value, labels.numberLanguage, item.unit)];
  switch (item.answerType) {
    case "yes_no":
      return value === "yes" ? [labels.yes] : value === "no" ? [labels.no] : [];
    case "choice":
    case "scale":
      return value === "" ? [] : [item.choices?.find((c) => c.id === value)?.label ?? value];
    case "number":
      return value.trim() === "" ? [] : [value];
    default:
      return textParagraphs(value);
  }
}

function rankingOptions(item: FormItem, value: AnswerValue | undefined): OutlineNode[] {
  const ranked = Array.isArray(value) ? value : [];
  return (item.rankOptions ?? []).map((option) => {
    const rank = ranked.indexOf(option.measureId) + 1;
    return {
      kind: "option",
      number: option.number,
      paragraphs: [`${option.number}. ${option.label}`],
      children: rank > 0 ? [{ kind: "rank", paragraphs: [String(rank)], children: [] }] : [],
    };
  });
}

/**
 * The outline beneath one question for a value: the answer, or the options with their ranks.
 * Yes/no answers are printed with `labels` (the template's document labels).
 */
export function answerOutline(item: FormItem, value: AnswerValue | undefined, labels: DocumentLabels): OutlineNode[] {
  if (item.answerType === "ranking") return rankingOptions(item, value);
  // Multiple choice prints as a filled-in form does: one entry per chosen option, in option order.
  if (item.answerType === "multiple_choice") {
    const chosen = Array.isArray(value) ? value : [];
    return (item.choices ?? []).filter((c) => chosen.includes(c.id)).map((c) => ({ kind: "answer", paragraphs: [c.label], children: [] }));
  }
  const paragraphs = answerParagraphs(item, value, labels);
  return paragraphs.length ? [{ kind: "answer", paragraphs, children: [] }] : [];
}

function questionNode(item: FormItem, valueOf: (key: string) => AnswerValue | undefined, labels: DocumentLabels): OutlineNode {
  const value = isAsked(item, valueOf) ? valueOf(item.key) : undefined;
  return {
    kind: "question",
    key: item.key,
    number: String(item.number),
    paragraphs: [`${item.number}. ${item.text}`],
    children: answerOutline(item, value, labels),
  };
}

export function buildDocument({ template, answers, organisationName, date }: BuildDocumentInput): ExportDocument {
  const lookup = answers instanceof Map ? answers : new Map(Object.entries(answers));
  const valueOf = (key: string) => lookup.get(key);
  const labels = documentLabels(template);
  return {
    language: labels.languageTag,
    pageLabel: { before: labels.pageBefore, between: labels.pageBetween },
    titleBlock: {
      consultationId: template.id,
      title: template.title,
      fields: [
        { field: "issuer", label: labels.issuer, value: template.issuer },
        { field: "caseNumber", label: labels.caseNumber, value: template.caseNumber },
        { field: "organisation", label: labels.organisation, value: organisationName },
        { field: "date", label: labels.date, value: date },
      ],
    },
    answersHeading: labels.answersHeading,
    items: formItems(template).map((item) => questionNode(item, valueOf, labels)),
    ...withCover(coverLetterPart(template, valueOf, date, textParagraphs)),
  };
}

// Absent, not `undefined`, without a cover letter: the model of a response without one is unchanged.
const withCover = (coverLetter: CoverLetter | undefined) => (coverLetter ? { coverLetter } : {});
