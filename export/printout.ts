/**
 * Printout reader: the text of a published answer as the consultation portal prints its form
 * (seed 003's layout: "• N. question", "o answer" or "o N.k. option", "▪ rank", wrapped lines,
 * page breaks; a whitespace-only line or a line ending in two spaces ends a paragraph; in
 * single-spaced text an empty line does too) mapped onto a template version. Pure: the caller extracts PDF text
 * (app/lib/printout.server.ts) and decides what to do with the answers.
 *
 * Nothing is guessed: a number the template does not have, a changed question text, a missing
 * question (a cut-off file), an answer that is not one of the question's options is a problem
 * naming the number; values only come back when there are no problems.
 */
import type { AnswerValue } from "../consultation/answers";
import { feedbackNotAsked } from "../consultation/conditional";
import { formItems, type FormItem } from "../consultation/form";
import type { Template } from "../consultation/schema";
import { checkAnswer } from "../consultation/validate";
import { itemValue, type ParsedItem } from "./answer-values";
// Types only: the Markdown import module (which also saves to the database) is not loaded.
import type { ImportProblem } from "./import";

/** Problems past this many are not listed (as in the Markdown import). */
const MAX_IMPORT_PROBLEMS = 50;

/** Text pasted or uploaded, or extracted from a PDF: a real printout is ~25 kB of text. */
export const MAX_PRINTOUT_TEXT_BYTES = 2 * 1024 * 1024;

// The three list levels; PDF text may carry the Symbol font's private-use bullets instead.
const LEVEL1 = /^\s*[•●\uF0B7]\s*(\d+)\.\s?(.*)$/;
const LEVEL2 = /^\s*[o◦\uF06F]\s(.*)$/;
const LEVEL3 = /^\s*[▪■\uF0A7]\s*(.*)$/;
/** Page footers of a printed form or our DOCX ("Side 3 av 8", "Page 3 of 8"). */
export const FOOTER = /^\s*(Side|Page)\s+\d+\s+(av|of)\s+\d+\s*$/i;

interface RawEntry {
  paragraphs: string[][];
  ranks: string[][];
}
interface RawItem {
  number: string;
  line: number;
  text: string[];
  entries: RawEntry[];
}

/**
 * Joins wrapped lines: a line ending in "X-" (LIS1-, AT-) or "X/" (medisinske/kirurgiske)
 * continues without a space, keeping the hyphen or slash: a line breaks after either without a space.
 */
export function joinLines(lines: string[]): string {
  const parts: string[] = [];
  let previous = "";
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    // The previous line, not the joined text: indexing a growing concatenation flattens it each time.
    if (parts.length) parts.push(/\S[-/]$/.test(previous) ? "" : " ");
    parts.push(line);
    previous = line;
  }
  return parts.join("").replace(/\s+/g, " ");
}

/**
 * A question text compared with the template's, tolerating the printout's wraps and hyphenation:
 * whitespace, hyphens and soft hyphens are left out, so "LIS1-\nstillinger", "LIS1- stillinger"
 * and a word hyphenated at a line end all read as the template's words.
 */
export function comparableQuestion(text: string): string {
  return text.normalize("NFC").replace(/[\s\u00AD\-‐‑–]+/g, "");
}

/** The printout's numbered items with their answer entries (and each item's line, for messages). */
export function splitPrintout(text: string): { items: ParsedItem[]; lines: Map<string, number> } {
  const lines = text.normalize("NFC").replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").replace(/\f/g, "").replace(/\u00AD/g, "").split("\n");
  // Double-spaced text (seed 003: an empty line after every line) uses empty lines as line breaks only.
  const nonEmpty = lines.filter((l) => l !== "").length;
  const doubleSpaced = lines.length - nonEmpty >= nonEmpty * 0.6;
  const items: RawItem[] = [];
  // Where the current text goes: the question's lines or one answer paragraph list.
  let target: string[][] | null = null;
  let questionLines: string[][] = [];
  const questionOf = new Map<RawItem, string[][]>();
  lines.forEach((rawLine, index) => {
    if (FOOTER.test(rawLine)) return;
    const item = items.at(-1);
    const blank = rawLine.trim() === "";
    if (blank) {
      // Paragraph break: a whitespace-only line, or any empty line in single-spaced text.
      if (target && (rawLine !== "" || !doubleSpaced) && target.at(-1)!.length) target.push([]);
      return;
    }
    // String methods, not /\s+$/: a pattern would backtrack quadratically over a long inner run of spaces.
    const line = rawLine.trimEnd();
    const endsParagraph = rawLine.endsWith("  ") && line !== "";
    let m: RegExpMatchArray | null;
    if ((m = line.match(LEVEL1))) {
      const next: RawItem = { number: m[1]!, line: index + 1, text: [], entries: [] };
      items.push(next);
      questionLines = [[m[2]!]];
      questionOf.set(next, questionLines);
      target = questionLines;
      return;
    }
    if (!item) return; // the title block and "Svar:" before item 1
    if ((m = line.match(LEVEL3))) {
      const entry = item.entries.at(-1);
      if (!entry) {
        // A rank with no option above it: kept as an entry so the reader reports the item.
        item.entries.push({ paragraphs: [[]], ranks: [[m[1]!]] });
      } else entry.ranks.push([m[1]!]);
      target = item.entries.at(-1)!.ranks;
      return;
    }
    if ((m = line.match(LEVEL2))) {
      const entry: RawEntry = { paragraphs: [[m[1]!]], ranks: [] };
      item.entries.push(entry);
      target = entry.paragraphs;
      if (endsParagraph) target.push([]);
      return;
    }
    if (!target) return;
    target.at(-1)!.push(line);
    if (endsParagraph) target.push([]);
  });

  const paragraphsOf = (paragraphs: string[][]) => paragraphs.map(joinLines).filter((p) => p !== "");
  const lineOf = new Map<string, number>();
  const parsed = items.map((item): ParsedItem => {
    lineOf.set(item.number, item.line);
    return {
      number: item.number,
      text: joinLines(questionOf.get(item)!.flat()),
      children: item.entries.map((entry) => ({ paragraphs: paragraphsOf(entry.paragraphs), children: entry.ranks.map((r) => [joinLines(r)]) })),
    };
  });
  return { items: parsed, lines: lineOf };
}

/** "40–71" style list of numbers for a message. */
function numberList(numbers: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    runs.push(j > i ? `${numbers[i]}–${numbers[j]}` : String(numbers[i]));
    i = j + 1;
  }
  return runs.join(", ");
}

export interface PrintoutResult {
  values: Map<string, AnswerValue>;
  problems: ImportProblem[];
  /** E-mail answers the portal redacted ("----------"): kept as published, not checked as addresses. */
  redacted: Set<string>;
}

/** The portal replaces personal data (the sender's e-mail) with dashes when it publishes an answer. */
const REDACTED = /^-{3,}$/;

/**
 * Reads a printout's text into stored answer values for `template`. Each answer is checked with
 * the shared answer rules and the conditional-feedback rule, so what comes back without problems
 * is what the form itself would accept.
 */
export function readPrintout(template: Template, text: string): PrintoutResult {
  const values = new Map<string, AnswerValue>();
  const problems: ImportProblem[] = [];
  const redacted = new Set<string>();
  const fail = (list: ImportProblem[]): PrintoutResult => ({ values: new Map(), problems: list, redacted: new Set() });
  if (Buffer.byteLength(text) > MAX_PRINTOUT_TEXT_BYTES)
    return fail([{ code: "tooLarge", params: { size: Buffer.byteLength(text), max: MAX_PRINTOUT_TEXT_BYTES } }]);
  if (text.trim() === "") return fail([{ code: "empty" }]);
  const { items: parsed } = splitPrintout(text);
  if (parsed.length === 0) return fail([{ code: "printoutNoItems" }]);

  const items = formItems(template);
  const byNumber = new Map(items.map((item) => [String(item.number), item]));
  // Another consultation's printout: most numbered texts do not match ours. One message, not 70.
  const known = parsed.filter((p) => byNumber.has(p.number));
  const matching = known.filter((p) => comparableQuestion(p.text) === comparableQuestion(byNumber.get(p.number)!.text));
  if (matching.length < Math.max(1, parsed.length / 2))
    return fail([{ code: "printoutOtherConsultation", params: { expected: template.title } }]);

  const seen = new Set<string>();
  const add = (problem: ImportProblem) => {
    if (problems.length < MAX_IMPORT_PROBLEMS) problems.push(problem);
  };
  let previous = 0;
  for (const p of parsed) {
    const item = byNumber.get(p.number);
    if (!item) {
      add({ code: "unknownNumber", number: p.number });
      continue;
    }
    if (seen.has(p.number)) {
      add({ code: "duplicateNumber", number: p.number });
      continue;
    }
    seen.add(p.number);
    if (item.number < previous) add({ code: "printoutOutOfOrder", number: p.number, params: { previous } });
    previous = item.number;
    if (comparableQuestion(p.text) !== comparableQuestion(item.text)) {
      add({ code: "questionTextMismatch", number: p.number });
      continue;
    }
    const before = problems.length;
    const value = readItem(template, item, p, problems);
    if (problems.length > before) continue;
    if (item.answerType === "email" && typeof value === "string" && REDACTED.test(value.trim())) {
      redacted.add(item.key);
      values.set(item.key, value.trim());
      continue;
    }
    for (const problem of checkAnswer(item, value)) add({ ...problem, number: p.number });
    if (problems.length === before && isGiven(value)) values.set(item.key, value);
  }
  // The portal prints every question, answered or not: missing numbers mean a cut-off or edited file.
  const missing = items.filter((item) => !seen.has(String(item.number))).map((item) => item.number);
  if (missing.length) add({ code: "printoutMissing", params: { numbers: numberList(missing), last: previous } });
  if (problems.length === 0)
    for (const p of feedbackNotAsked(items, values, () => undefined)) add({ code: p.code, number: String(p.number), params: p.params });
  if (problems.length >= MAX_IMPORT_PROBLEMS) problems.push({ code: "tooMany", params: { max: MAX_IMPORT_PROBLEMS } });
  return problems.length ? fail(problems) : { values, problems, redacted };
}

function isGiven(value: AnswerValue): boolean {
  if (typeof value === "number") return true;
  return Array.isArray(value) ? value.length > 0 : value.trim() !== "";
}

/** An item's value, with the typed checks the Markdown reader makes (yes/no labels, options, ranks). */
function readItem(template: Template, item: FormItem, p: ParsedItem, problems: ImportProblem[]): AnswerValue {
  const number = String(item.number);
  if (item.answerType !== "ranking" && p.children.some((c) => c.children.length)) {
    problems.push({ code: "extraAnswer", number });
    return "";
  }
  // Option labels get the question texts' tolerance for wraps and hyphenation.
  if (item.answerType === "ranking")
    p = {
      ...p,
      children: p.children.map((child) => {
        const m = /^(\d+\.\d+)\.?\s*([\s\S]*)$/.exec((child.paragraphs[0] ?? "").trim());
        const option = m ? item.rankOptions?.find((o) => o.number === m[1]) : undefined;
        if (!m || !option || comparableQuestion(m[2]!) !== comparableQuestion(option.label)) return child;
        return { ...child, paragraphs: [`${option.number}. ${option.label}`, ...child.paragraphs.slice(1)] };
      }),
    };
  const value = itemValue(template, item, p, problems);
  // The Markdown reader leaves an unknown yes/no label or option as typed for checkAnswer to name;
  // here it is named as what it is: not one of the question's answers.
  if (item.answerType === "yes_no" && typeof value === "string" && value !== "" && value !== "yes" && value !== "no")
    problems.push({ code: "printoutNotAnOption", number, params: { answer: value.slice(0, 80) } });
  if ((item.answerType === "choice" || item.answerType === "scale") && typeof value === "string" && value !== "" && !item.choices?.some((c) => c.id === value))
    problems.push({ code: "printoutNotAnOption", number, params: { answer: value.slice(0, 80) } });
  return value;
}
