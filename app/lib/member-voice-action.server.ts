/**
 * The members' voice route's action: one zod schema per intent (parsed with Conform), the
 * capability per intent checked after the response (404 before 403), bad input → 400 with the
 * typed values returned, stale versions → 409, success → redirect (plain post) or data (fetcher).
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { forbidden } from "./auth/membership.server";
import { can, type Role } from "./auth/permissions";
import type { Translate } from "./i18n";
import { problemMessage } from "./section-form/fields";
import { versionSchema } from "./section-form/section-schema";
import {
  adoptMajority,
  adoptRanking,
  checkMyRanking,
  checkPosition,
  parseView,
  REASON_MAX,
  saveMyVoice,
  type AdoptResult,
  type VoiceChapter,
  type VoiceProblem,
} from "./member-voice.server";
import type { PositionChange } from "../../db/queries/member-voice";

const text = z.string().max(100_000);
const id = z.string().max(200);

function schema(t: Translate) {
  const version = versionSchema(t("validation.badVersion"));
  return z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("save-mine"),
      view: z.record(id, z.string().max(20)).optional(),
      reason: z.record(id, text).optional(),
      v: z.record(id, version).optional(),
      rank: z.record(id, z.string().max(20)).optional(),
      rv: version.optional(),
    }),
    z.object({ intent: z.literal("position"), measure: id, view: z.string().max(20).optional(), reason: text.optional(), version, back: z.enum(["chapter", "mine"]).optional(), js: z.string().max(2).optional() }),
    z.object({ intent: z.literal("adopt-ranking"), version, suggestion: z.string().max(20_000).optional(), js: z.string().max(2).optional() }),
    z.object({ intent: z.literal("adopt-majority"), measure: id, version, js: z.string().max(2).optional() }),
  ]);
}

export type VoiceActionData = { ok?: boolean; error?: string; fieldErrors?: Record<string, string[]>; posted?: Record<string, string> };

function problemText(problem: VoiceProblem, t: Translate, yesNo: { yes: string; no: string } | undefined): string[] {
  switch (problem.code) {
    case "unknownQuestion":
      return [t("voice.error.unknownQuestion", { id: problem.id })];
    case "badView":
      return [t("voice.error.badView", { yes: yesNo?.yes ?? t("voice.yes"), no: yesNo?.no ?? t("voice.no") })];
    case "reasonTooLong":
      return [t("voice.error.reasonTooLong", { length: problem.length, max: REASON_MAX })];
    case "ranking":
      return problem.problems.map((p) => problemMessage(t, p));
  }
}

const fieldOf = (problem: VoiceProblem) =>
  problem.code === "ranking" ? "rank" : problem.code === "reasonTooLong" ? `reason.${problem.measure}` : problem.code === "badView" ? `view.${problem.measure}` : "";

export async function voiceAction(input: { formData: FormData; role: Role; chapter: VoiceChapter; organisationId: number; responseId: number; userId: number; chapterPath: string; minePath: string; t: Translate }) {
  const { formData, role, chapter, t } = input;
  const posted = Object.fromEntries([...formData].filter(([, v]) => typeof v === "string").map(([k, v]) => [k, String(v).slice(0, 100_000)]));
  const intent = formData.get("intent");
  const capability = intent === "adopt-ranking" || intent === "adopt-majority" ? "edit" : "position";
  if (!can(role, capability)) throw forbidden();
  const fail = (status: number, error: string, fieldErrors?: Record<string, string[]>) => data<VoiceActionData>({ error, fieldErrors, posted }, { status });
  // The chapter page's one adopt-majority form: its buttons name the measure and the version of its
  // support answer they saw as `mv=<measure>@<version>` (decision 79).
  const mv = formData.get("mv");
  if (intent === "adopt-majority" && typeof mv === "string" && !formData.has("measure")) {
    const at = mv.lastIndexOf("@");
    formData.set("measure", at > 0 ? mv.slice(0, at) : mv);
    formData.set("version", at > 0 ? mv.slice(at + 1) : "");
    formData.delete("mv");
  }
  const submission = parseWithZod(formData, { schema: schema(t) });
  if (submission.status !== "success") return fail(400, t("voice.error.badForm"));
  const value = submission.value;
  const scope = { organisationId: input.organisationId, responseId: input.responseId, userId: input.userId };
  const js = "js" in value && value.js === "1";
  const done = (to: string) => (js ? data<VoiceActionData>({ ok: true }) : redirect(to));

  if (value.intent === "save-mine" || value.intent === "position") {
    const entries =
      value.intent === "position"
        ? [{ measureId: value.measure, view: value.view, reason: value.reason, version: value.version }]
        : Object.entries(value.v ?? {}).map(([measureId, version]) => ({ measureId, view: value.view?.[measureId], reason: value.reason?.[measureId], version }));
    const problems: VoiceProblem[] = [];
    // Every measure named anywhere in the post must be the chapter's.
    for (const name of [...Object.keys(value.intent === "save-mine" ? { ...value.view, ...value.reason, ...value.rank } : {})])
      if (!chapter.measures.some((m) => m.id === name)) problems.push({ code: "unknownQuestion", id: name.slice(0, 80) });
    for (const e of entries) problems.push(...checkPosition(chapter, e.measureId, e.view, e.reason ?? ""));
    const ranking = value.intent === "save-mine" && value.rv !== undefined ? checkMyRanking(chapter, Object.entries(value.rank ?? {}).map(([measureId, rank]) => ({ measureId, rank }))) : undefined;
    if (ranking) problems.push(...ranking.problems);
    if (problems.length) {
      const fieldErrors: Record<string, string[]> = {};
      for (const p of problems) (fieldErrors[fieldOf(p)] ??= []).push(...problemText(p, t, chapter.yesNo));
      return fail(400, Object.values(fieldErrors).flat()[0]!, fieldErrors);
    }
    // Quick buttons post only a view: the reason already given stays.
    const positions: PositionChange[] = entries.map((e) => ({ measureId: e.measureId, view: (parseView(e.view) ?? null) as PositionChange["view"], reason: e.reason ?? "", baseVersion: e.version }));
    const result = await saveMyVoice({
      ...scope,
      positions,
      keepReason: value.intent === "position" && value.reason === undefined,
      ...(ranking ? { ranking: { chapterId: chapter.section.id, ranking: ranking.value, baseVersion: value.intent === "save-mine" ? value.rv! : 0 } } : {}),
    });
    if (result.status === "conflict") return fail(409, t("voice.error.stale"));
    return done(value.intent === "position" && value.back === "chapter" ? `${input.chapterPath}?voice=saved` : `${input.minePath}?saved=1`);
  }

  let result: AdoptResult;
  if (value.intent === "adopt-ranking") {
    if (!chapter.priority) return fail(400, t("voice.error.unknownQuestion", { id: `${chapter.section.id}.priority` }));
    const seen = (value.suggestion ?? "").split(",").filter(Boolean);
    if (seen.length === 0) return fail(400, t("voice.error.noSuggestion"));
    result = (await adoptRanking({ ...scope, chapter, baseVersion: value.version, seen }));
  } else {
    if (!chapter.measures.some((m) => m.id === value.measure)) return fail(400, t("voice.error.unknownQuestion", { id: value.measure.slice(0, 80) }));
    result = (await adoptMajority({ ...scope, chapter, measureId: value.measure, baseVersion: value.version }));
  }
  switch (result.status) {
    case "saved":
      return done(`${input.chapterPath}?adopted=1`);
    case "stale":
      return fail(409, t("voice.error.staleAnswer"));
    case "suggestionChanged":
      return fail(409, t("voice.error.suggestionChanged"));
    case "noMajority":
      return fail(400, t("voice.error.noMajority"));
    case "noSupport":
      return fail(400, t("voice.error.noSupport"));
    case "invalid":
      return fail(400, result.problems.map((p) => problemMessage(t, p)).join(" "));
  }
}
