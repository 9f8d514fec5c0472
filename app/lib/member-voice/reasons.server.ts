/**
 * The members' reasons of one chapter (decision 78): the chapter page shows their count in a
 * folded list and loads this when a person opens it; without JavaScript the list links here.
 */
import { requireResponse } from "../auth/membership.server";
import { translator } from "../i18n";
import { getLang } from "../i18n/lang.server";
import { chapterReasons, voiceChapter } from "../member-voice.server";
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
    measures: (await chapterReasons(organisation.id, response.id, chapter)),
  };
}

export type ReasonsPageData = Awaited<ReturnType<typeof reasonsPageData>>;
