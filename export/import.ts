/**
 * Markdown import: reads a file in the export layout (export/markdown.ts) back into answers,
 * checks it against the template with the shared answer rules (validate.ts) and plans the
 * changes against the stored answers. Nothing here throws on bad input: every problem is a
 * code naming the question number, translated by the caller (import.* in the dictionaries).
 */
import type { BlockContent, Content, List, ListItem, Root, RootContent } from "mdast";
import remarkParse from "remark-parse";
import { unified, type Processor } from "unified";
import { isAnswered, isAsked, type AnswerValue } from "../consultation/answers";
import { feedbackNotAsked } from "../consultation/conditional";
import { formItems, type FormItem } from "../consultation/form";
import type { Template } from "../consultation/schema";
import { checkAnswer, type ProblemCode } from "../consultation/validate";
import { transaction, type Db } from "../db/client";
import { saveAnswer } from "../db/queries/responses";
import { itemValue, type ParsedItem } from "./answer-values";
import { coverItems, coverKey } from "../consultation/cover";
import { COVER_LINE_FIELDS, coverLabel } from "./cover";
import { documentLabels } from "./labels";
import { canonicalText } from "./model";

export type { ParsedItem };

/** Generous for any real answer (LIS1 demo is ~40 kB) and small enough to parse in milliseconds. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export type ImportProblemCode =
  | "empty"
  | "binary"
  | "tooLarge"
  | "tooDeep"
  | "tooManyLines"
  | "paragraphTooLong"
  | "tooMuchMarkup"
  | "headingTooLong"
  | "tooMany"
  | "notThisLayout"
  | "wrongConsultation"
  | "noItems"
  | "unexpectedContent"
  | "itemWithoutNumber"
  | "unknownNumber"
  | "duplicateNumber"
  | "questionTextMismatch"
  | "unknownOption"
  | "optionTextMismatch"
  | "extraAnswer"
  | "notAsked"
  | "printoutNoText"
  | "printoutNoItems"
  | "printoutOtherConsultation"
  | "printoutOutOfOrder"
  | "printoutMissing"
  | "printoutNotAnOption"
  | "printoutNotPdf"
  | "printoutUnreadable"
  | "printoutNumbering"
  | "printoutTemplateInvalid"
  | "printoutDraftNumbering"
  | "coverLayout"
  | "coverTooLong"
  | ProblemCode;

export interface ImportProblem {
  code: ImportProblemCode;
  /** The question number the problem is about, when there is one. */
  number?: string;
  params?: Record<string, string | number>;
}

export interface StoredValue {
  value: AnswerValue;
  version: number;
}

export interface ImportChange {
  key: string;
  number: number;
  before: AnswerValue | undefined;
  after: AnswerValue;
  /** Version of the stored answer the plan was made against (0: none). */
  baseVersion: number;
}

export type ImportPlan =
  | { ok: true; changes: ImportChange[]; unchangedCount: number }
  | { ok: false; problems: ImportProblem[] };

/**
 * Only the Markdown the export writes (headings, paragraphs, lists, escapes, character references,
 * hard breaks, HTML comments). Emphasis, links, images, code spans, inline HTML, autolinks,
 * definitions and block quotes are read as plain text: the export escapes them anyway, and
 * micromark resolves them in quadratic time ("*a" × 32,000 took 16 s, "> " nesting longer).
 */
const layoutOnly = {
  disable: {
    null: ["attention", "autolink", "blockQuote", "codeText", "definition", "htmlText", "labelEnd", "labelStartImage", "labelStartLink"],
  },
};
const parser = unified()
  .use(remarkParse)
  .use(function layoutMarkdown(this: Processor) {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(layoutOnly);
  })
  .freeze();
const normalise = (s: string) => s.replace(/\s+/g, " ").trim();

/** The export nests three list levels; a line opening more (`- - - - …`, `1. 1. 1. …`) is refused unparsed. */
const MAX_MARKERS_PER_LINE = 3;
/**
 * micromark's cost grows faster than linearly with the lines of one paragraph (150,000 took 46 s)
 * and is ~20 µs per list item: a real export has a few hundred lines, so these bounds only stop
 * hostile files, before parsing.
 */
export const MAX_IMPORT_LINES = 20_000;
export const MAX_PARAGRAPH_LINES = 1_000;
export const MAX_HEADING_CHARS = 2_000;
/**
 * micromark does per-character work (and, within one paragraph, more than linear) at each mark
 * that may open inline syntax: 1 MB of "![&*<[\\]_`" took 84 s, of "# " 0.8 s, of "a\t" 0.4 s. A real export has a few hundred
 * (the LIS1 demo: 72), so a file may have at most this many, counted before parsing.
 */
export const MAX_IMPORT_MARKUP = 10_000;
const MARKUP = new Set(["!", "#", "&", "*", "<", "[", "\\", "]", "_", "`", "\t"]);
/** Problems past this many are not listed: a hostile file must not turn into a huge error page. */
export const MAX_IMPORT_PROBLEMS = 50;

/** The layout bounds above, checked by one linear scan (no pattern) before the parser runs. */
function layoutProblem(text: string): ImportProblem | undefined {
  let markup = 0;
  for (let i = 0; i < text.length; i++) if (MARKUP.has(text[i]!) && ++markup > MAX_IMPORT_MARKUP) return { code: "tooMuchMarkup", params: { max: MAX_IMPORT_MARKUP } };
  let line = 1;
  let paragraphLines = 0;
  for (let start = 0; start < text.length; line++) {
    if (line > MAX_IMPORT_LINES) return { code: "tooManyLines", params: { max: MAX_IMPORT_LINES } };
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let i = start;
    let markers = 0;
    for (;;) {
      while (i < end && (text[i] === " " || text[i] === "\t")) i++;
      let j = i;
      if (text[j] === "-" || text[j] === "*" || text[j] === "+") j++;
      else {
        while (j < end && j - i < 10 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        if (j === i || (text[j] !== "." && text[j] !== ")")) break;
        j++;
      }
      if (j < end && text[j] !== " " && text[j] !== "\t") break;
      if (++markers > MAX_MARKERS_PER_LINE) return { code: "tooDeep", params: { line } };
      i = j;
    }
    // ATX headings tokenise every space separately (a 1 MB heading took 0.45 s); the layout's are short.
    if (text[i] === "#" && end - i > MAX_HEADING_CHARS) return { code: "headingTooLong", params: { line, max: MAX_HEADING_CHARS } };
    // A non-blank line that opens no list item continues the paragraph above it.
    paragraphLines = i === end ? 0 : markers ? 1 : paragraphLines + 1;
    if (paragraphLines > MAX_PARAGRAPH_LINES) return { code: "paragraphTooLong", params: { line, max: MAX_PARAGRAPH_LINES } };
    start = end + 1;
  }
  return undefined;
}

/** Bytes to text, refusing what is not a UTF-8 text file of acceptable size. */
export function decodeUpload(input: Uint8Array | string): { ok: true; text: string } | { ok: false; problem: ImportProblem } {
  const size = typeof input === "string" ? Buffer.byteLength(input) : input.byteLength;
  if (size > MAX_IMPORT_BYTES) return { ok: false, problem: { code: "tooLarge", params: { size, max: MAX_IMPORT_BYTES } } };
  let text: string;
  if (typeof input === "string") text = input;
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch {
      return { ok: false, problem: { code: "binary" } };
    }
  }
  if (text.includes("\u0000")) return { ok: false, problem: { code: "binary" } };
  text = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (text.trim() === "") return { ok: false, problem: { code: "empty" } };
  return { ok: true, text };
}

/** Plain text of any mdast node; hard breaks become "\n", formatting a user typed is dropped. */
function plainText(node: Content | Root): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
    case "code":
    case "html":
      return node.value;
    case "break":
      return "\n";
    case "image":
      return node.alt ?? "";
    default:
      if (!("children" in node)) return "";
      if (node.type === "paragraph" || node.type === "heading" || node.type === "emphasis" || node.type === "strong" || node.type === "delete" || node.type === "link" || node.type === "tableCell")
        return node.children.map((c) => plainText(c as Content)).join("");
      return blockParagraphs(node.children as Content[]).join("\n\n");
  }
}

/** Block children to paragraphs; a nested list's items count as paragraphs of their own. */
function blockParagraphs(blocks: Content[]): string[] {
  return blocks.flatMap((block) =>
    block.type === "list" ? block.children.flatMap((item) => blockParagraphs(item.children)) : [plainText(block)],
  );
}


function splitItem(item: ListItem): { paragraphs: string[]; sublist?: List } {
  const sublist = item.children.find((c): c is List => c.type === "list");
  const rest = item.children.filter((c) => c !== sublist) as BlockContent[];
  return { paragraphs: blockParagraphs(rest), sublist };
}

function parseItem(item: ListItem): ParsedItem | ImportProblem {
  const { paragraphs, sublist } = splitItem(item);
  const first = paragraphs[0] ?? "";
  const m = /^(\d+)\.\s*([\s\S]*)$/.exec(first.trim());
  if (!m) return { code: "itemWithoutNumber", params: { text: normalise(first).slice(0, 80) } };
  const children = (sublist?.children ?? []).map((child) => {
    const split = splitItem(child);
    return {
      paragraphs: split.paragraphs,
      children: (split.sublist?.children ?? []).map((grandchild) => blockParagraphs(grandchild.children)),
    };
  });
  return { number: m[1]!, text: [m[2]!, ...paragraphs.slice(1)].join(" "), children };
}

function heading(node: RootContent | undefined, depth: number): string | undefined {
  return node?.type === "heading" && node.depth === depth ? normalise(plainText(node)) : undefined;
}

/** Finds the answers list after the title block, or the problem that stops reading the file. */
function locateItems(template: Template, root: Root): { list: List } | { problem: ImportProblem } {
  const blocks = root.children.filter((b) => b.type !== "html" || !/^<!--[\s\S]*-->$/.test(b.value.trim()));
  const labels = documentLabels(template);
  const title = heading(blocks[0], 1);
  const svarAt = blocks.findIndex((b) => heading(b, 2) === labels.answersHeading);
  if (title === undefined || svarAt < 0) return { problem: { code: "notThisLayout", params: { heading: labels.answersHeading } } };
  const fields = blocks.slice(1, svarAt).map((b) => normalise(plainText(b as Content)));
  const caseLine = fields.find((f) => f.startsWith(`${labels.caseNumber}:`));
  const caseNumber = caseLine?.slice(labels.caseNumber.length + 1).trim();
  if (title !== normalise(template.title) || caseNumber !== normalise(template.caseNumber))
    return { problem: { code: "wrongConsultation", params: { title, caseNumber: caseNumber ?? "", expected: template.title } } };
  const after = blocks.slice(svarAt + 1);
  const list = after[0];
  if (!list || list.type !== "list") return { problem: { code: "noItems" } };
  if (after.length > 1) return { problem: { code: "unexpectedContent", params: { text: normalise(plainText(after[1] as Content)).slice(0, 80) } } };
  return { list };
}

/**
 * The cover letter on top of the file (markdown.ts): "# Følgebrev", five "Label: value" lines in
 * order, the text, a thematic break. Returns the rest of the document and the cover's values.
 */
function splitCover(template: Template, root: Root): { root: Root; values: Map<string, AnswerValue> } | { problem: ImportProblem } {
  const labels = documentLabels(template);
  const values = new Map<string, AnswerValue>();
  if (heading(root.children[0], 1) !== normalise(labels.coverHeading)) return { root, values };
  const end = root.children.findIndex((b) => b.type === "thematicBreak");
  if (end < 0) return { problem: { code: "coverLayout", params: { heading: labels.coverHeading } } };
  const blocks = root.children.slice(1, end);
  const texts: string[] = [];
  for (const [i, block] of blocks.entries()) {
    if (block.type !== "paragraph") return { problem: { code: "coverLayout", params: { heading: labels.coverHeading } } };
    const raw = plainText(block as Content);
    const field = COVER_LINE_FIELDS[i];
    if (field) {
      const label = `${coverLabel(labels, field)}:`;
      if (!raw.startsWith(label)) return { problem: { code: "coverLayout", params: { heading: labels.coverHeading } } };
      values.set(coverKey(field), normalise(raw.slice(label.length)));
    } else texts.push(raw);
  }
  if (blocks.length < COVER_LINE_FIELDS.length) return { problem: { code: "coverLayout", params: { heading: labels.coverHeading } } };
  values.set(coverKey("text"), canonicalText(texts.join("\n\n")));
  return { root: { ...root, children: root.children.slice(end + 1) }, values };
}

const keyField = (key: string) => key.slice("cover.".length) as (typeof COVER_LINE_FIELDS)[number] | "text";

/**
 * Reads the answers in a file into stored shape. Problems here are about the file's structure and
 * rankings; the answer rules (checkAnswer) are applied to changed answers by planImport.
 */
export function readMarkdownAnswers(template: Template, markdown: string): { values: Map<string, AnswerValue>; problems: ImportProblem[] } {
  const values = new Map<string, AnswerValue>();
  const problems: ImportProblem[] = [];
  const layout = layoutProblem(markdown);
  if (layout) return { values, problems: [layout] };
  let root: Root;
  try {
    root = parser.parse(markdown);
  } catch {
    return { values, problems: [{ code: "notThisLayout", params: { heading: documentLabels(template).answersHeading } }] };
  }
  const cover = splitCover(template, root);
  if ("problem" in cover) return { values, problems: [cover.problem] };
  for (const [key, value] of cover.values) values.set(key, value);
  root = cover.root;
  const located = locateItems(template, root);
  if ("problem" in located) return { values, problems: [located.problem] };

  const byNumber = new Map(formItems(template).map((item) => [String(item.number), item]));
  const seen = new Set<string>();
  for (const listItem of located.list.children) {
    if (problems.length >= MAX_IMPORT_PROBLEMS) {
      problems.push({ code: "tooMany", params: { max: MAX_IMPORT_PROBLEMS } });
      break;
    }
    const parsed = parseItem(listItem);
    if (!("children" in parsed)) {
      problems.push(parsed);
      continue;
    }
    const item = byNumber.get(parsed.number);
    if (!item) {
      problems.push({ code: "unknownNumber", number: parsed.number });
      continue;
    }
    if (seen.has(parsed.number)) {
      problems.push({ code: "duplicateNumber", number: parsed.number });
      continue;
    }
    seen.add(parsed.number);
    if (normalise(parsed.text) !== normalise(item.text)) problems.push({ code: "questionTextMismatch", number: parsed.number });
    values.set(item.key, itemValue(template, item, parsed, problems));
  }
  if (located.list.children.length === 0) problems.push({ code: "noItems" });
  return { values, problems };
}

/** The value as compared for "changed?": text in canonical form, no answer equals an empty one. */
function comparable(item: FormItem, value: AnswerValue | undefined): string {
  if (item.answerType === "ranking" || item.answerType === "multiple_choice") return JSON.stringify(Array.isArray(value) ? value : []);
  if (typeof value === "number") return JSON.stringify(value);
  if (typeof value !== "string") return "";
  return item.answerType === "text" ? canonicalText(value) : value.trim();
}

/** Dry run: what importing `input` would change, or every problem that stops it. */
export function planImport(template: Template, stored: ReadonlyMap<string, StoredValue>, input: Uint8Array | string): ImportPlan {
  const decoded = decodeUpload(input);
  if (!decoded.ok) return { ok: false, problems: [decoded.problem] };
  const { values, problems } = readMarkdownAnswers(template, decoded.text);
  if (problems.length) return { ok: false, problems };
  return planValues(template, stored, values);
}

/**
 * The plan for answers already read from a document (Markdown or a printout): what changes, with
 * the answer rules applied to changed answers and the conditional rule over the merged result.
 */
export function planValues(
  template: Template,
  stored: ReadonlyMap<string, StoredValue>,
  values: ReadonlyMap<string, AnswerValue>,
  /** Keys whose value is kept as published without the answer rules (a printout's redacted e-mail). */
  unchecked: ReadonlySet<string> = new Set(),
): ImportPlan {
  const problems: ImportProblem[] = [];
  const items = formItems(template);
  const storedValue = (key: string) => stored.get(key)?.value;
  const valueOf = (key: string) => (values.has(key) ? values.get(key) : storedValue(key));
  const changes: ImportChange[] = [];
  for (const item of items) {
    if (!values.has(item.key)) continue;
    const after = values.get(item.key)!;
    const current = stored.get(item.key);
    // Conditional feedback not asked in the exported file was not printed, so its absence there
    // says nothing (once asked, an emptied answer clears it).
    if (!isAnswered(after) && !isAsked(item, valueOf) && !isAsked(item, storedValue)) continue;
    if (comparable(item, current?.value) === comparable(item, after)) continue;
    // Only changed answers are checked: a stored answer that predates a rule must not block an import.
    if (!unchecked.has(item.key)) problems.push(...checkAnswer(item, after).map((p) => ({ ...p, number: String(item.number) })));
    changes.push({ key: item.key, number: item.number, before: current?.value, after, baseVersion: current?.version ?? 0 });
  }
  // The cover letter's fields (only when the file has one: a file without leaves the stored letter alone).
  for (const item of coverItems()) {
    if (!values.has(item.key)) continue;
    const after = values.get(item.key)!;
    const current = stored.get(item.key);
    if (comparable(item, current?.value) === comparable(item, after)) continue;
    // Named by the field's label in the document (cover fields have no number).
    const field = coverLabel(documentLabels(template), keyField(item.key));
    problems.push(...checkAnswer(item, after).map((p) => (p.code === "tooLong" ? { code: "coverTooLong" as const, params: { ...p.params, field } } : p)));
    changes.push({ key: item.key, number: item.number, before: current?.value, after, baseVersion: current?.version ?? 0 });
  }
  if (problems.length) return { ok: false, problems };
  // The one conditional rule (consultation/conditional.ts) over the changes merged with the stored
  // answers; the answer in its parameters is a code the caller translates.
  const changed = new Map(changes.map((c) => [c.key, c.after]));
  for (const p of feedbackNotAsked(items, changed, storedValue)) problems.push({ code: p.code, number: String(p.number), params: p.params });
  if (problems.length) return { ok: false, problems };
  return { ok: true, changes, unchangedCount: values.size - changes.length };
}

export interface ApplyTarget {
  organisationId: number;
  responseId: number;
  userId: number | null;
}

export interface ImportConflict {
  change: ImportChange;
  /** The value someone saved after the dry run. */
  current: AnswerValue;
}

export interface ApplyResult {
  saved: ImportChange[];
  conflicts: ImportConflict[];
}

/**
 * Saves a planned import in one transaction. Each change is saved against the version read at
 * dry-run time: if someone saved that answer since, it is reported as a conflict and left alone.
 * Any error rolls the whole import back.
 */
export async function applyImport(db: Db, target: ApplyTarget, changes: ImportChange[], source: "import" | "printout" = "import"): Promise<ApplyResult> {
  return await transaction(db, async (tx) => {
    const result: ApplyResult = { saved: [], conflicts: [] };
    for (const change of changes) {
      const saved = await saveAnswer(tx as unknown as Db, {
        ...target,
        key: change.key,
        value: change.after,
        baseVersion: change.baseVersion,
        source,
      });
      if (saved.status === "conflict") result.conflicts.push({ change, current: saved.current.value });
      else result.saved.push(change);
    }
    return result;
  });
}

/** Re-bases a fresh plan on the versions the user saw at dry-run time (absent: no answer then). */
export function withDryRunVersions(changes: ImportChange[], versions: Readonly<Record<string, number>>): ImportChange[] {
  return changes.map((change) => ({ ...change, baseVersion: versions[change.key] ?? 0 }));
}
