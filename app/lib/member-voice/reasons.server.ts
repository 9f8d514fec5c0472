/**
 * The members' reasons of one chapter (decision 78) and how its suggested ranking is worked out
 * (decision 92): the chapter page shows the reasons' count in a folded list and the method's title
 * as a disclosure, and loads this when a person opens one; without JavaScript they link here.
 */
import { requireResponse } from "../auth/membership.server";
import { translator } from "../i18n";
import { getLang } from "../i18n/lang.server";
import { chapterReasons, rankingMethod, voiceChapter } from "../member-voice.server";
import { sectionHeading } from "../section-title";

type Params = { org?: string; responseId?: string; sectionId?: string };

export async function reasonsPageData(request: Request, params: Params) {
  const { organisation, response } = await requireResponse(request, params, "read");
  const chapter = voiceChapter(response.consultation.template, params.sectionId);
  if (!chapter) throw new Response(translator(await getLang(request))("voice.error.noMeasures"), { status: 400 });
  return {
    chapterHref: `/o/${organisation.slug}/r/${response.id}/c/${chapter.section.id}`,
    heading: sectionHeading(chapter.section),
    yesNo: response.consultation.template.yesNoLabels ?? null,
    measures: await chapterReasons(organisation.id, response.id, chapter),
    /** How the suggested ranking is worked out (the chapter page's disclosure loads it from here). */
    method: await rankingMethod(organisation.id, response.id, chapter),
  };
}

export type ReasonsPageData = Awaited<ReturnType<typeof reasonsPageData>>;
