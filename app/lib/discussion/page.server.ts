/** Loader and action of a question's discussion page (the no-JS target of every comment form). */
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { getAnswers } from "../../../db/queries/responses";
import { getDb } from "../../../db/client";
import { formSections } from "../../../consultation/form";
import type { Template } from "../../../consultation/schema";
import { notFound, requireResponse } from "../auth/membership.server";
import { liveStart } from "../live/start.server";
import { readForm } from "../form-data.server";
import { translator } from "../i18n";
import { getLang } from "../i18n/lang.server";
import { clientIp } from "../auth/client-ip.server";
import { rateLimited } from "../security/limit-request.server";
import { applyDiscussion, discussionFor } from "./discussion.server";
import { DiscussionSchema } from "./forms";
import { formIds, type DiscussionReply } from "./form-ids";

type Params = { org?: string; responseId?: string; key?: string };

/** The question and its chapter; an unknown key is a 404 (a page that does not exist). */
function findQuestion(template: Template, key: string | undefined) {
  for (const section of formSections(template)) {
    const item = section.items.find((i) => i.key === key);
    if (item) return { item, sectionId: section.id };
  }
  throw notFound();
}

export async function questionDiscussionPage(request: Request, params: Params) {
  const { response, organisation, role, user, locked } = await requireResponse(request, params, "read");
  const { item, sectionId } = findQuestion(response.consultation.template, params.key);
  const live = await liveStart(user.id, response.id);
  const answer = (await getAnswers(getDb(), organisation.id, response.id, [item.key])).get(item.key);
  const { section: _s, chapterId: _c, measureId: _m, ...pageItem } = item;
  return {
    base: `/o/${organisation.slug}/r/${response.id}`,
    sectionId,
    live,
    item: { ...pageItem, section: item.section },
    value: answer?.value,
    discussion: (await discussionFor({ organisationId: organisation.id, responseId: response.id, keys: [item.key], userId: user.id, role, locked })),
  };
}

/**
 * Comment, reply, edit, delete, resolve, reopen. Refused: the reply (message, the user's text) with
 * 400/403/404/409. Accepted: a redirect back (plain post) or `{ ok }` for the page's fetcher.
 */
export async function questionDiscussionAction(request: Request, params: Params, context: AppLoadContext) {
  // Every intent writes (refused while submitted); the role checks (comment, resolve, own comment)
  // come with their messages below.
  const { response, organisation, role, user } = await requireResponse(request, params, "read", { writes: true });
  const { item, sectionId } = findQuestion(response.consultation.template, params.key);
  const t = translator(await getLang(request));
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: DiscussionSchema });
  if (submission.status !== "success") {
    const body = formData.get("body");
    return data<DiscussionReply>(
      { ok: false, formId: "", error: t("discussion.error.badForm"), body: typeof body === "string" ? body : undefined },
      { status: 400 },
    );
  }
  const input = submission.value;
  if (input.intent === "comment" || input.intent === "reply") {
    const limited = await rateLimited([["commentPerUser", `comment:user:${user.id}`]], { ip: clientIp(context), userId: user.id, organisationId: organisation.id });
    if (limited) {
      const formId = input.intent === "comment" ? formIds.comment(item.key) : formIds.reply(input.threadId);
      return data<DiscussionReply>({ ok: false, formId, error: t("error.tooMany", { minutes: limited.minutes }), body: input.body }, { status: 429, headers: limited.headers });
    }
  }
  const outcome = await applyDiscussion(
    { organisationId: organisation.id, responseId: response.id, questionKey: item.key, userId: user.id, role, t },
    input,
  );
  if (outcome.status !== 200 || input.js) return data<DiscussionReply>(outcome.reply, { status: outcome.status });
  const base = `/o/${organisation.slug}/r/${response.id}`;
  const own = `${base}/q/${encodeURIComponent(item.key)}`;
  // Back to the chapter page only when it is this response's chapter of this question.
  const back = input.returnTo && new RegExp(`^${escape(`${base}/c/${sectionId}`)}(#q-\\d+)?$`).test(input.returnTo) ? input.returnTo : own;
  return redirect(back.includes("#") ? back : `${back}#t-${outcome.threadId}`);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
