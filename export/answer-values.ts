/**
 * A document's answer entries to stored answer values: shared by the Markdown reader
 * (export/import.ts) and the printout reader (export/printout.ts). Pure: no database, no I/O.
 */
import type { AnswerValue } from "../consultation/answers";
import type { FormItem } from "../consultation/form";
import type { Template } from "../consultation/schema";
import { checkChoices, checkRanking, parseDocumentNumber, type RankEntry } from "../consultation/validate";
import type { ImportProblem } from "./import";
import { documentLabels } from "./labels";
import { canonicalText } from "./model";

const normalise = (s: string) => s.replace(/\s+/g, " ").trim();

/** One numbered item as read from a document (Markdown or a printout). */
export interface ParsedItem {
  number: string;
  text: string;
  /** Paragraphs of each level-2 entry with its level-3 entries. */
  children: { paragraphs: string[]; children: string[][] }[];
}

/** The document's yes/no labels (the template's language or its own labels) to stored values. */
function yesNoValue(template: Template, raw: string): AnswerValue {
  const labels = documentLabels(template);
  const label = normalise(raw).toLowerCase();
  if (label === normalise(labels.yes).toLowerCase()) return "yes";
  if (label === normalise(labels.no).toLowerCase()) return "no";
  return raw;
}

function rankingValue(item: FormItem, parsed: ParsedItem, problems: ImportProblem[]): AnswerValue {
  const entries: RankEntry[] = [];
  const number = String(item.number);
  for (const child of parsed.children) {
    const m = /^(\d+\.\d+)\.?\s*([\s\S]*)$/.exec((child.paragraphs[0] ?? "").trim());
    const option = m ? item.rankOptions?.find((o) => o.number === m[1]) : undefined;
    if (!m || !option) {
      problems.push({ code: "unknownOption", number, params: { option: normalise(child.paragraphs[0] ?? "").slice(0, 80) } });
      continue;
    }
    if (normalise(m[2]!) !== normalise(option.label))
      problems.push({ code: "optionTextMismatch", number, params: { option: option.number } });
    for (const rank of child.children) entries.push({ measureId: option.measureId, rank: normalise(rank.join(" ")) });
  }
  const { value, problems: rankProblems } = checkRanking(item, entries);
  problems.push(...rankProblems.map((p) => ({ ...p, number })));
  return value;
}

/** Multiple choice: one level-2 entry per chosen option (its label), read back in option order. */
function choicesValue(item: FormItem, parsed: ParsedItem, problems: ImportProblem[]): AnswerValue {
  const number = String(item.number);
  if (parsed.children.some((a) => a.paragraphs.length > 1 || a.children.length)) {
    problems.push({ code: "extraAnswer", number });
    return [];
  }
  const ids = parsed.children.map((a) => {
    const raw = normalise(a.paragraphs[0] ?? "");
    return item.choices?.find((c) => normalise(c.label).toLowerCase() === raw.toLowerCase())?.id ?? raw;
  });
  const { value, problems: choiceProblems } = checkChoices(item, ids);
  problems.push(...choiceProblems.map((p) => ({ ...p, number })));
  return value;
}

/** A number as the document prints it ("1 500 kr"): the unit removed, read in the template's language. */
function numberValue(template: Template, item: FormItem, raw: string): AnswerValue {
  if (raw === "") return "";
  let text = raw;
  if (item.unit && text.toLowerCase().endsWith(item.unit.toLowerCase())) text = text.slice(0, -item.unit.length);
  return parseDocumentNumber(text, template.language) ?? raw;
}

function singleValue(template: Template, item: FormItem, parsed: ParsedItem, problems: ImportProblem[]): AnswerValue {
  const number = String(item.number);
  const answers = parsed.children;
  if (item.answerType === "text") return canonicalText(answers.flatMap((a) => [...a.paragraphs, ...a.children.flat()]).join("\n\n"));
  if (answers.length > 1 || answers.some((a) => a.paragraphs.length > 1 || a.children.length)) {
    problems.push({ code: "extraAnswer", number });
    return "";
  }
  const raw = normalise(answers[0]?.paragraphs[0] ?? "");
  if (item.answerType === "yes_no") return raw === "" ? "" : yesNoValue(template, raw);
  if (item.answerType === "number") return numberValue(template, item, raw);
  if (item.answerType === "choice" || item.answerType === "scale")
    return raw === "" ? "" : (item.choices?.find((c) => normalise(c.label).toLowerCase() === raw.toLowerCase())?.id ?? raw);
  return raw; // e-mail
}

/** One item's answer in stored shape (shared with the printout reader, export/printout.ts). */
export function itemValue(template: Template, item: FormItem, parsed: ParsedItem, problems: ImportProblem[]): AnswerValue {
  return item.answerType === "ranking"
    ? rankingValue(item, parsed, problems)
    : item.answerType === "multiple_choice"
      ? choicesValue(item, parsed, problems)
      : singleValue(template, item, parsed, problems);
}
