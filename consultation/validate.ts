/**
 * Answer rules, one place for every entry point (browser form, Markdown import, CLI).
 * Problems are codes with parameters; the UI translates them (validation.* in the dictionaries).
 */
import type { AnswerValue } from "./answers";
import type { FormItem } from "./form";
import { boundedLength, textLimit } from "./limits";
import { MAX_NUMBER_CHARS, parseNumber } from "./answers";

export { parseNumber };

export type ProblemCode =
  | "unknownQuestion"
  | "notYesNo"
  | "unknownChoice"
  | "tooLong"
  | "badEmail"
  | "notText"
  | "unknownMeasure"
  | "measureRankedTwice"
  | "rankUsedTwice"
  | "rankOutOfRange"
  | "tooManyRanks"
  | "rankGap"
  /** Multiple choice: an option the question does not have, one chosen twice, more than allowed. */
  | "notAnOption"
  | "optionTwice"
  | "tooManyChoices"
  /** Number: not a number, below `min`, above `max`, not whole with `integer: true`. */
  | "notNumber"
  | "numberTooSmall"
  | "numberTooLarge"
  | "notWhole"
  /** Conditional feedback given where it is not asked (conditional.ts). */
  | "notAsked";

export interface AnswerProblem {
  code: ProblemCode;
  params?: Record<string, string | number>;
}

/** One posted rank: the measure (or the option number, for imports) and the rank typed. */
export interface RankEntry {
  measureId: string;
  rank: string | number;
}

// zod's own address pattern, the one z.email() uses (linear, no nested quantifiers:
// test/unit/adversarial-input.test.ts), not a hand-written one: ours backtracked catastrophically on
// "a@....@". Written out so the browser's copy of these rules carries neither zod nor its other
// patterns; test/unit/input-bounds.test.ts pins it to zod's \`regexes.email\`.
export const EMAIL = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

/** Text rules: the size limit first (so no pattern ever sees more than the limit), then the format. */
export function checkText(item: FormItem, value: unknown): AnswerProblem[] {
  if (typeof value !== "string") return [{ code: "notText" }];
  const max = textLimit(item);
  const length = boundedLength(value, max);
  if (length > max) return [{ code: "tooLong", params: { max, length } }];
  if (item.answerType === "email" && value.trim() !== "" && !EMAIL.test(value.trim())) return [{ code: "badEmail" }];
  return [];
}

const MAX_RANK_PROBLEMS = 10;

/** Turns posted ranks into measure ids ordered by rank, or the problems that stop it. */
export function checkRanking(item: FormItem, entries: RankEntry[]): { value: string[]; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const max = item.maxRanks ?? 0;
  const known = new Set(item.rankOptions?.map((o) => o.measureId));
  const byRank = new Map<number, string>();
  const seenMeasures = new Set<string>();
  for (const { measureId, rank: raw } of entries) {
    // A real form posts one rank per measure; a crafted one may post thousands, each a message.
    if (problems.length >= MAX_RANK_PROBLEMS) break;
    if (String(raw).trim() === "") continue;
    if (!known.has(measureId)) {
      problems.push({ code: "unknownMeasure", params: { measure: measureId } });
      continue;
    }
    if (seenMeasures.has(measureId)) {
      problems.push({ code: "measureRankedTwice", params: { measure: labelOf(item, measureId) } });
      continue;
    }
    seenMeasures.add(measureId);
    const rank = Number(raw);
    if (!Number.isInteger(rank) || rank < 1 || rank > max) {
      problems.push({ code: "rankOutOfRange", params: { rank: String(raw), max } });
      continue;
    }
    if (byRank.has(rank)) {
      problems.push({ code: "rankUsedTwice", params: { rank } });
      continue;
    }
    byRank.set(rank, measureId);
  }
  if (seenMeasures.size > max) problems.push({ code: "tooManyRanks", params: { max } });
  const ranks = [...byRank.keys()].sort((a, b) => a - b);
  ranks.forEach((rank, i) => {
    if (rank !== i + 1 && !problems.some((p) => p.code === "rankGap")) problems.push({ code: "rankGap", params: { rank, missing: i + 1 } });
  });
  return { value: problems.length ? [] : ranks.map((r) => byRank.get(r)!), problems };
}

function labelOf(item: FormItem, measureId: string): string {
  const option = item.rankOptions?.find((o) => o.measureId === measureId);
  return option ? option.number : measureId;
}

const MAX_CHOICE_PROBLEMS = 10;

/**
 * Multiple choice: the chosen option ids (as posted, any order) to stored shape, the ids in option
 * order, or the problems that stop it (unknown option, chosen twice, more than `maxChoices`).
 */
export function checkChoices(item: FormItem, ids: readonly string[]): { value: string[]; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const options = item.choices ?? [];
  const chosen = new Set<string>();
  for (const raw of ids) {
    if (problems.length >= MAX_CHOICE_PROBLEMS) break;
    const id = raw.trim();
    if (id === "") continue;
    if (!options.some((o) => o.id === id)) problems.push({ code: "notAnOption", params: { option: id.slice(0, 80) } });
    else if (chosen.has(id)) problems.push({ code: "optionTwice", params: { option: options.find((o) => o.id === id)!.label } });
    else chosen.add(id);
  }
  if (item.maxChoices !== undefined && chosen.size > item.maxChoices)
    problems.push({ code: "tooManyChoices", params: { max: item.maxChoices, count: chosen.size } });
  return { value: problems.length ? [] : options.filter((o) => chosen.has(o.id)).map((o) => o.id), problems };
}

/**
 * A number as a document in `language` prints it (formatNumber), its unit already removed: en
 * groups thousands with commas ("1,500.5"), nb/nn with spaces and a decimal comma.
 */
export function parseDocumentNumber(raw: string, language: string): number | undefined {
  const text = raw.trim();
  if (language === "en") {
    if (text.length > MAX_NUMBER_CHARS || !/^[-+\u2212]?\d{1,3}(,\d{3})*(\.\d+)?$|^[-+\u2212]?\d+(\.\d+)?$/.test(text)) return undefined;
    return parseNumber(text.replace(/,/g, ""));
  }
  return parseNumber(text);
}

/** Number rules on a number: whole (with `integer`), then the bounds. */
export function checkNumber(item: FormItem, value: number): AnswerProblem[] {
  if (!Number.isFinite(value)) return [{ code: "notNumber" }];
  if (item.integer && !Number.isInteger(value)) return [{ code: "notWhole" }];
  if (item.min !== undefined && value < item.min) return [{ code: "numberTooSmall", params: { min: item.min } }];
  if (item.max !== undefined && value > item.max) return [{ code: "numberTooLarge", params: { max: item.max } }];
  return [];
}

/** A typed number (form, import) to stored shape: "" when empty, else the number, or the problems. */
export function checkNumberText(item: FormItem, raw: string): { value: number | ""; problems: AnswerProblem[] } {
  if (raw.trim() === "") return { value: "", problems: [] };
  const value = parseNumber(raw);
  if (value === undefined) return { value: "", problems: [{ code: "notNumber" }] };
  const problems = checkNumber(item, value);
  return { value: problems.length ? "" : value, problems };
}

/** Checks a stored-shape value (import, API) for one item. */
export function checkAnswer(item: FormItem, value: AnswerValue): AnswerProblem[] {
  switch (item.answerType) {
    case "yes_no":
      // The message names the consultation's own words for yes and no when it has them (yesNoLabels).
      return value === "yes" || value === "no" || value === "" ? [] : [{ code: "notYesNo", ...(item.yesNoLabels ? { params: { ...item.yesNoLabels } } : {}) }];
    case "choice":
    case "scale":
      return value === "" || item.choices?.some((c) => c.id === value) ? [] : [{ code: "unknownChoice" }];
    case "multiple_choice": {
      if (!Array.isArray(value)) return [{ code: "notAnOption", params: { option: String(value).slice(0, 80) } }];
      const { value: ordered, problems } = checkChoices(item, value);
      if (problems.length) return problems;
      // Stored shape is option order: anything else is not a value this app writes.
      return JSON.stringify(ordered) === JSON.stringify(value) ? [] : [{ code: "notAnOption", params: { option: value.join(", ").slice(0, 80) } }];
    }
    case "number":
      if (value === "") return [];
      return typeof value === "number" ? checkNumber(item, value) : [{ code: "notNumber" }];
    case "ranking":
      return Array.isArray(value)
        ? checkRanking(item, value.map((measureId, i) => ({ measureId, rank: i + 1 }))).problems
        : [{ code: "unknownMeasure", params: { measure: String(value) } }];
    default:
      return Array.isArray(value) || typeof value === "number" ? [{ code: "notText" }] : checkText(item, value);
  }
}
