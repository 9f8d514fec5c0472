/**
 * Answer rules, one place for every entry point (browser form, Markdown import, CLI).
 * Problems are codes with parameters; the UI translates them (validation.* in the dictionaries).
 */
import { regexes } from "zod/v4/core";
import type { AnswerValue } from "./answers";
import type { FormItem } from "./form";
import { boundedLength, textLimit } from "./limits";

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

// zod's own address pattern (what z.email() uses; linear, no nested quantifiers:
// test/unit/adversarial-input.test.ts), not a hand-written one: ours backtracked catastrophically
// on "a@....@". The pattern alone, so the browser's copy of these rules does not carry zod.
const EMAIL = regexes.email;

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

/** Checks a stored-shape value (import, API) for one item. */
export function checkAnswer(item: FormItem, value: AnswerValue): AnswerProblem[] {
  switch (item.answerType) {
    case "yes_no":
      return value === "yes" || value === "no" || value === "" ? [] : [{ code: "notYesNo" }];
    case "choice":
      return value === "" || item.choices?.some((c) => c.id === value) ? [] : [{ code: "unknownChoice" }];
    case "ranking":
      return Array.isArray(value)
        ? checkRanking(item, value.map((measureId, i) => ({ measureId, rank: i + 1 }))).problems
        : [{ code: "unknownMeasure", params: { measure: String(value) } }];
    default:
      return checkText(item, value);
  }
}
