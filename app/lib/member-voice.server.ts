/**
 * Members' voice: a chapter's measures and ranking question, the tallies and suggested ranking
 * shown beside them, and the writes (a member's own positions and ranking; an editor adopting the
 * suggestion or a majority into the official answer, through the answer rules like every save).
 */
import { getDb, transaction, type Db } from "../../db/client";
import { eligibleVoters, myVoice, saveVoice, sectionVoice, voiceParticipation, type PositionChange, type SaveVoiceResult, type Tally } from "../../db/queries/member-voice";
import { getAnswers, saveAnswer, type SaveResult } from "../../db/queries/responses";
import { feedbackNotAsked } from "../../consultation/conditional";
import { formSections, type FormItem, type FormSection } from "../../consultation/form";
import type { Template } from "../../consultation/schema";
import { checkAnswer, checkRanking, type AnswerProblem, type RankEntry } from "../../consultation/validate";
import { majority, REASON_MAX, schulzeText, suggestRanking } from "../../consultation/voting";
import type { Translate } from "./i18n";
import { sectionHeading } from "./section-title";

export { REASON_MAX };

export interface Measure {
  id: string;
  label: string;
  /** The key of the measure's first item on the chapter page (the tally is shown after it). */
  anchorKey?: string;
  supportKey?: string;
}

export interface VoiceChapter {
  section: FormSection;
  measures: Measure[];
  priority?: FormItem;
  /** The consultation's own words for yes and no (yesNoLabels), if it has them. */
  yesNo?: { yes: string; no: string };
}

/** The chapter `sectionId` of a template with its measures; undefined when it has none. */
export function voiceChapter(template: Template, sectionId: string | undefined): VoiceChapter | undefined {
  const section = formSections(template).find((s) => s.id === sectionId);
  const chapter = template.chapters.find((c) => c.id === sectionId && "measures" in c);
  if (!section || !chapter || !("measures" in chapter) || chapter.measures.length === 0) return undefined;
  const measures = chapter.measures.map((m) => {
    const items = section.items.filter((i) => i.measureId === m.id);
    return {
      id: m.id,
      label: m.priorityLabel ?? m.text,
      anchorKey: items[0]?.key,
      supportKey: items.find((i) => i.answerType === "yes_no")?.key,
    };
  });
  return { section, measures, priority: section.items.find((i) => i.answerType === "ranking"), ...(template.yesNoLabels ? { yesNo: template.yesNoLabels } : {}) };
}

/** What the chapter page shows: tallies, reasons, the suggested ranking and the answers' versions. */
export async function chapterVoice(organisationId: number, responseId: number, chapter: VoiceChapter) {
  const db = getDb();
  const ids = chapter.measures.map((m) => m.id);
  const voice = await sectionVoice(db, organisationId, responseId, ids, chapter.priority ? chapter.section.id : null);
  const keys = [...chapter.measures.flatMap((m) => (m.supportKey ? [m.supportKey] : [])), ...(chapter.priority ? [chapter.priority.key] : [])];
  const answers = await getAnswers(db, organisationId, responseId, keys);
  const labels = Object.fromEntries(chapter.measures.map((m) => [m.id, m.label]));
  const suggested = chapter.priority ? suggestRanking(ids, voice.ballots, chapter.priority.maxRanks ?? 0) : undefined;
  return {
    labels,
    measures: chapter.measures.map((m) => ({
      id: m.id,
      anchorKey: m.anchorKey,
      tally: voice.tallies[m.id]!,
      reasons: voice.reasons[m.id] ?? [],
      majority: m.supportKey ? (majority(voice.tallies[m.id]!) ?? null) : null,
      supportVersion: m.supportKey ? (answers.get(m.supportKey)?.version ?? 0) : null,
    })),
    suggested: suggested && {
      ...suggested,
      priorityKey: chapter.priority!.key,
      version: answers.get(chapter.priority!.key)?.version ?? 0,
    },
  };
}

export type ChapterVoice = ReturnType<typeof chapterVoice>;

/** One chapter's members' voice as charts draw it (the overview and the position summary). */
export interface VoiceChart {
  id: string;
  heading: ReturnType<typeof sectionHeading>;
  /** Per measure: its form number (the first question of the measure), label and tally. */
  measures: { id: string; number: number | null; label: string; tally: Tally }[];
  /** The members' rankings summed up (truncated Borda), in the suggested order; absent without a priority question. */
  ranking?: { question: number; maxRanks: number; voters: number; rows: { id: string; number: string; label: string; points: number; firstPlaces: number }[] };
}

/**
 * Every chapter with measures, as charts: Ja/Nei/Ingen per measure, and the ranking's points. The
 * yes/no words are the consultation's own (yesNoLabels) when it has them.
 */
export async function voiceCharts(organisationId: number, responseId: number, template: Template) {
  const db = getDb();
  const chapters: VoiceChart[] = [];
  for (const c of template.chapters) {
    const chapter = voiceChapter(template, c.id);
    if (!chapter) continue;
    const ids = chapter.measures.map((m) => m.id);
    const voice = await sectionVoice(db, organisationId, responseId, ids, chapter.priority ? chapter.section.id : null);
    const numberOf = (key: string | undefined) => chapter.section.items.find((i) => i.key === key)?.number ?? null;
    const priority = chapter.priority;
    const suggested = priority ? suggestRanking(ids, voice.ballots, priority.maxRanks ?? 0) : undefined;
    chapters.push({
      id: chapter.section.id,
      heading: sectionHeading(chapter.section),
      measures: chapter.measures.map((m) => ({ id: m.id, number: numberOf(m.anchorKey), label: m.label, tally: voice.tallies[m.id]! })),
      ...(priority && suggested
        ? {
            ranking: {
              question: priority.number,
              maxRanks: priority.maxRanks ?? 0,
              voters: suggested.voters,
              rows: suggested.borda.map((e) => ({
                id: e.id,
                number: priority.rankOptions?.find((o) => o.measureId === e.id)?.number ?? e.id,
                label: chapter.measures.find((m) => m.id === e.id)?.label ?? e.id,
                points: e.points,
                firstPlaces: e.firstPlaces,
              })),
            },
          }
        : {}),
    });
  }
  return { chapters, eligible: (await eligibleVoters(db, organisationId)), yesNo: template.yesNoLabels ?? null };
}

export type VoiceCharts = Awaited<ReturnType<typeof voiceCharts>>;

export async function mineFor(organisationId: number, responseId: number, userId: number, chapter: VoiceChapter) {
  return await myVoice(getDb(), organisationId, responseId, userId, chapter.measures.map((m) => m.id), chapter.priority ? chapter.section.id : null);
}

/**
 * Per chapter: how many members gave a view on at least one measure and how many ranked, as the
 * overview's sentence, and the "My view" link text for those who may record one.
 */
export async function overviewVoice(organisationId: number, responseId: number, template: Template, t: Translate, canPosition: boolean) {
  const { positions, rankings } = await voiceParticipation(getDb(), organisationId, responseId);
  return Object.fromEntries(
    template.chapters.flatMap((c) => {
      if (!("measures" in c) || c.measures.length === 0) return [];
      const ids = new Set(c.measures.map((m) => m.id));
      const members = new Set(positions.filter((p) => ids.has(p.measureId)).map((p) => p.userId)).size;
      return [[c.id, { members, text: t("voice.overviewCount", { members, ranked: rankings[c.id] ?? 0 }), link: canPosition ? t("voice.myView") : null }]];
    }),
  );
}

export type VoiceProblem =
  | { code: "unknownQuestion"; id: string }
  | { code: "badView"; measure: string }
  | { code: "reasonTooLong"; measure: string; length: number }
  | { code: "ranking"; problems: AnswerProblem[] };

/** A posted view: yes/no/none, or "" / "clear" to clear it. */
export function parseView(raw: string | undefined): PositionChange["view"] | undefined | "bad" {
  if (raw === undefined) return undefined;
  if (raw === "" || raw === "clear") return null;
  return raw === "yes" || raw === "no" || raw === "none" ? raw : "bad";
}

/** Checks a position's measure, view and reason against the chapter. */
export function checkPosition(chapter: VoiceChapter, measureId: string, view: string | undefined, reason: string): VoiceProblem[] {
  if (!chapter.measures.some((m) => m.id === measureId)) return [{ code: "unknownQuestion", id: measureId.slice(0, 80) }];
  const problems: VoiceProblem[] = [];
  if (parseView(view) === "bad") problems.push({ code: "badView", measure: measureId });
  if (reason.length > REASON_MAX) problems.push({ code: "reasonTooLong", measure: measureId, length: reason.length });
  return problems;
}

/** A member's ranking through the official question's rules (no rank twice, no gaps, at most N). */
export function checkMyRanking(chapter: VoiceChapter, entries: RankEntry[]): { value: string[]; problems: VoiceProblem[] } {
  if (!chapter.priority) return { value: [], problems: entries.some((e) => String(e.rank).trim() !== "") ? [{ code: "unknownQuestion", id: `${chapter.section.id}.priority` }] : [] };
  const { value, problems } = checkRanking(chapter.priority, entries);
  return { value, problems: problems.length ? [{ code: "ranking", problems }] : [] };
}

export async function saveMyVoice(input: Parameters<typeof saveVoice>[1]): Promise<SaveVoiceResult> {
  return await saveVoice(getDb(), input);
}

export type AdoptResult =
  | { status: "saved"; version: number }
  | { status: "stale" }
  | { status: "suggestionChanged" }
  | { status: "noMajority" }
  | { status: "noSupport" }
  | { status: "invalid"; problems: AnswerProblem[] };

/**
 * Writes `value` into the official answer `item` against the version the editor saw, as a revision
 * with source "adopt". Checked like any other save: the answer rules and the conditional rule.
 */
async function adoptValue(db: Db, input: { organisationId: number; responseId: number; userId: number; items: FormItem[]; item: FormItem; value: string | string[]; baseVersion: number }): Promise<AdoptResult> {
  const problems = checkAnswer(input.item, input.value);
  if (problems.length) return { status: "invalid", problems };
  const posted = new Map([[input.item.key, input.value]]);
  const stored = await getAnswers(db, input.organisationId, input.responseId, input.items.map((i) => i.key));
  const notAsked = feedbackNotAsked(input.items, posted, (key) => stored.get(key)?.value);
  if (notAsked.length) return { status: "invalid", problems: notAsked };
  const result: SaveResult = await saveAnswer(db, {
    organisationId: input.organisationId,
    responseId: input.responseId,
    key: input.item.key,
    value: input.value,
    baseVersion: input.baseVersion,
    userId: input.userId,
    source: "adopt",
  });
  return result.status === "saved" ? { status: "saved", version: result.version } : { status: "stale" };
}

/** Adopts the suggested ranking as computed now; `seen` is the suggestion the editor was shown. */
export async function adoptRanking(input: { organisationId: number; responseId: number; userId: number; chapter: VoiceChapter; baseVersion: number; seen: string[] }): Promise<AdoptResult> {
  const { chapter } = input;
  const priority = chapter.priority!;
  return await transaction(getDb(), async (tx) => {
    const db = tx as unknown as Db;
    const ids = chapter.measures.map((m) => m.id);
    const { ballots } = await sectionVoice(db, input.organisationId, input.responseId, ids, chapter.section.id);
    const { suggestion } = suggestRanking(ids, ballots, priority.maxRanks ?? 0);
    if (JSON.stringify(suggestion) !== JSON.stringify(input.seen)) return { status: "suggestionChanged" } as const;
    return await adoptValue(db, { ...input, items: chapter.section.items, item: priority, value: suggestion });
  });
}

/** Adopts the members' majority Ja/Nei on a measure into its support question. */
export async function adoptMajority(input: { organisationId: number; responseId: number; userId: number; chapter: VoiceChapter; measureId: string; baseVersion: number }): Promise<AdoptResult> {
  const measure = input.chapter.measures.find((m) => m.id === input.measureId)!;
  const item = input.chapter.section.items.find((i) => i.key === measure.supportKey);
  if (!item) return { status: "noSupport" };
  return await transaction(getDb(), async (tx) => {
    const db = tx as unknown as Db;
    const { tallies } = await sectionVoice(db, input.organisationId, input.responseId, [measure.id], null);
    const value = majority(tallies[measure.id]!);
    if (!value) return { status: "noMajority" } as const;
    return await adoptValue(db, { ...input, items: input.chapter.section.items, item, value });
  });
}

/** Everything the chapter page's voice components need; null for parts without measures. */
export async function pageVoice(input: { organisationId: number; responseId: number; template: Template; sectionId: string | undefined; userId: number; canPosition: boolean; canEdit: boolean; base: string }) {
  const chapter = voiceChapter(input.template, input.sectionId);
  if (!chapter) return null;
  const mine = input.canPosition ? (await mineFor(input.organisationId, input.responseId, input.userId, chapter)).positions : {};
  const { measures, suggested, ...voice } = await chapterVoice(input.organisationId, input.responseId, chapter);
  return {
    ...voice,
    // How the suggestion is worked out (Borda's points, the Schulze check) loads with the reasons
    // when its disclosure is opened (rankingMethod; decision 92): the sentence and the order here.
    suggested: suggested && {
      voters: suggested.voters,
      suggestion: suggested.suggestion,
      disagree: suggested.disagree,
      priorityKey: suggested.priorityKey,
      version: suggested.version,
    },
    // The reasons' texts load when a person opens them (reasonsHref; decision 78): counts only here.
    measures: measures.map(({ reasons, ...m }) => ({ ...m, reasonCount: reasons.length })),
    reasonsHref: `${input.base}/c/${chapter.section.id}/reasons`,
    action: `${input.base}/c/${chapter.section.id}/mine`,
    mineHref: `${input.base}/c/${chapter.section.id}/mine`,
    canPosition: input.canPosition,
    canEdit: input.canEdit,
    // "5 of 8 have ranked"; and the consultation's own words for yes and no in the tallies.
    eligible: chapter.priority ? (await eligibleVoters(getDb(), input.organisationId)) : 0,
    yesNo: input.template.yesNoLabels ?? null,
    mine: Object.fromEntries(Object.entries(mine).map(([id, p]) => [id, { view: p.view, version: p.version }])),
  };
}

/** Every measure of a chapter with its members' reasons (the chapter page's folded lists, and their page). */
export async function chapterReasons(organisationId: number, responseId: number, chapter: VoiceChapter) {
  const voice = await sectionVoice(getDb(), organisationId, responseId, chapter.measures.map((m) => m.id), null);
  return chapter.measures.map((m) => ({ id: m.id, label: m.label, reasons: voice.reasons[m.id] ?? [] }));
}

export type ChapterReasons = ReturnType<typeof chapterReasons>;

/**
 * How a chapter's suggested ranking is worked out, in the priority question's numbers (19.2 …):
 * Borda's points per measure with any, Schulze's cross-check as a line, and whether they disagree
 * on the suggested places. On the reasons page; the chapter page's disclosure loads it from there.
 * Null without a priority question or before anyone has ranked.
 */
export async function rankingMethod(organisationId: number, responseId: number, chapter: VoiceChapter) {
  const priority = chapter.priority;
  if (!priority) return null;
  const ids = chapter.measures.map((m) => m.id);
  const { ballots } = await sectionVoice(getDb(), organisationId, responseId, ids, chapter.section.id);
  const s = suggestRanking(ids, ballots, priority.maxRanks ?? 0);
  if (s.voters === 0 || !s.suggestion.length) return null;
  const number = (id: string) => priority.rankOptions?.find((o) => o.measureId === id)?.number ?? id;
  const schulze = schulzeText({ groups: s.schulze, complete: s.schulzeComplete, ahead: s.schulzeAhead }, number);
  return {
    maxRanks: priority.maxRanks ?? 0,
    borda: s.borda.filter((e) => e.points > 0).map((e) => ({ id: e.id, number: number(e.id), points: e.points, firstPlaces: e.firstPlaces })),
    schulze: schulze.text,
    schulzePartial: schulze.partial,
    disagree: s.disagree,
  };
}

export type RankingMethod = NonNullable<Awaited<ReturnType<typeof rankingMethod>>>;
