/**
 * The section (chapter) page on the server: what the page shows — the section's answers grouped
 * into units, and beside them status and assignee, comment threads, members' voice and reference
 * answers — and saving its answer form.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import type { AnswerValue } from "../../consultation/answers";
import { formSections, type FormItem } from "../../consultation/form";
import { requireResponse, notFound } from "./auth/membership.server";
import { can } from "./auth/permissions";
import { sectionWork } from "./cockpit/cockpit.server";
import type { ShownConflict as Conflict } from "./conflict";
import { withDiff } from "./conflict-diff";
import { discussionCountsFor } from "./discussion/discussion.server";
import { saveSectionForm } from "./drafting.server";
import { readForm } from "./form-data.server";
import { translator } from "./i18n";
import { getLang } from "./i18n/lang.server";
import { pageVoice } from "./member-voice.server";
import { pageUnits } from "./page-units";
import { chapterReferences } from "./references/chapter.server";
import { sectionPage } from "./responses.server";
import { notAskedErrors } from "./section-form/fields";
import { cachedSectionSchema } from "./section-form/section-schema";
import { sectionHeading } from "./section-title";
import { rendersTextarea, sendsInMarkup } from "./page-text";
import { fieldName } from "./section-form/fields";
import { liveStart } from "./live/start.server";
import { sharedObjects } from "./shared-objects.server";

type Params = { org?: string; responseId?: string; sectionId?: string };

/** What the page needs of an item (the form's `section`, `chapterId`, `measureId` stay on the server). */
function pageItem({ section: _s, chapterId: _c, measureId: _m, ...item }: FormItem): FormItem {
  return item as FormItem;
}

export async function sectionPageData(request: Request, params: Params, context?: AppLoadContext) {
  const { response, organisation, role, locked, user } = await requireResponse(request, params, "read");
  const template = response.consultation.template;
  // Read before the answers: the live stream resumes after it, so nothing saved meanwhile is missed.
  const live = await liveStart(user.id, response.id);
  // Only this section's answers are read: the page shows one section and its own progress.
  const page = await sectionPage(organisation.id, response.id, template, params.sectionId);
  if (!page) throw notFound();
  const { section, progress, answers, prev, next } = page;
  const keys = section.items.map((item) => item.key);
  const base = `/o/${organisation.slug}/r/${response.id}`;
  const scope = { organisationId: organisation.id, responseId: response.id };
  // A submitted response is read-only for everyone until an admin reopens it.
  const canEdit = can(role, "edit") && !locked;
  // A document for an editor: text answers travel once, in their textareas (decision 76).
  const inMarkup = canEdit ? context?.pageTexts : undefined;
  type Stored = { value?: AnswerValue; inPage?: true; version: number; updatedByName: string | null; updatedAt: string };
  const stored: Record<string, Stored> = {};
  // Answers with the same version, author and time (and value, or in the page) are sent once (decision 93).
  const shared = sharedObjects<Stored>();
  for (const item of section.items) {
    const a = answers.get(item.key);
    if (!a) continue;
    const meta = { version: a.version, updatedByName: a.updatedByName, updatedAt: a.updatedAt.toISOString() };
    if (inMarkup && rendersTextarea(item) && sendsInMarkup(a.value)) {
      inMarkup.set(fieldName(item.key), a.value);
      stored[item.key] = shared({ inPage: true, ...meta });
    } else stored[item.key] = shared({ value: a.value, ...meta });
  }
  return {
    base,
    title: template.title,
    organisationName: organisation.name,
    live,
    canEdit,
    section: { id: section.id, heading: sectionHeading(section), progress },
    // Each measure one unit (its Ja/Nei, feedback and, beside them, what the organisation says).
    units: pageUnits(section, template).map((unit) => ({ ...unit, items: unit.items.map(pageItem) })),
    prev: prev && { id: prev.id, heading: sectionHeading(prev) },
    next: next && { id: next.id, heading: sectionHeading(next) },
    stored,
    cockpit: (await sectionWork(organisation.id, response.id, keys, role, locked)),
    references: (await chapterReferences(organisation.id, response.id, template, section.id)),
    // Counts only: a question's threads (texts, forms) load when a person opens them.
    discussion: (await discussionCountsFor({ ...scope, keys, role, locked })),
    // Tallies per measure and the suggested ranking (null for parts without measures).
    voice: (await pageVoice({
      ...scope,
      template,
      sectionId: section.id,
      userId: user.id,
      canPosition: can(role, "position") && !locked,
      canEdit,
      base,
    })),
  };
}

export type SectionPageData = Awaited<ReturnType<typeof sectionPageData>>;

/**
 * The answer form: the whole form without JavaScript, one question at a time when autosaving.
 * Refused: the reply (Conform's, with the user's values) with 400 or 409 and the merge data.
 */
export async function saveSectionAnswers(request: Request, params: Params) {
  const { response, organisation, user } = await requireResponse(request, params, "edit");
  // The action needs only the section's items; progress (sectionViews) is for the page.
  const section = formSections(response.consultation.template).find((s) => s.id === params.sectionId);
  if (!section) throw notFound();
  const lang = await getLang(request);
  const t = translator(lang);
  const formData = await readForm(request);
  // A real post has one entry per input (a ranking one per measure) plus its version; thousands
  // of crafted fields would only cost parsing time.
  const inputs = section.items.reduce((n, item) => n + (item.rankOptions?.length ?? 1) + 1, 0);
  if ([...formData.keys()].length > 2 * inputs + 10) throw new Response("Bad Request: too many form fields", { status: 400 });
  // Built once per (consultation version, section, language), not per request.
  const submission = parseWithZod(formData, { schema: cachedSectionSchema(section.items, lang) });
  if (submission.status !== "success")
    return data({ result: submission.reply(), conflicts: [] as Conflict[], versions: undefined }, { status: 400 });

  const { v: baseVersions = {}, autosave, intent: _intent, ...values } = submission.value as Record<string, unknown> & {
    v?: Record<string, number>;
    autosave?: string;
  };
  const result = await saveSectionForm({ organisationId: organisation.id, responseId: response.id, items: section.items, values, baseVersions, userId: user.id });
  if (result.status === "notAsked")
    return data(
      { result: submission.reply({ fieldErrors: notAskedErrors(result.problems, section.items, baseVersions, t) }), conflicts: [] as Conflict[], versions: undefined },
      { status: 400 },
    );
  if (result.status === "conflict")
    return data({ result: submission.reply(), conflicts: withDiff(result.conflicts, section.items, t), versions: undefined }, { status: 409 });
  if (!autosave) throw redirect(`${new URL(request.url).pathname}?saved=${result.changed.length}`);
  return { result: submission.reply(), conflicts: [] as Conflict[], versions: result.versions };
}
