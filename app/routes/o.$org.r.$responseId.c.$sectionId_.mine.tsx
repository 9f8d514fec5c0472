import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { RankSelects } from "~/components/member-voice/rank-selects";
import { forbidden, requireResponse } from "~/lib/auth/membership.server";
import { can } from "~/lib/auth/permissions";
import { pageStringsClientLoader, translator, useT } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { readForm } from "~/lib/form-data.server";
import { mineFor, voiceChapter } from "~/lib/member-voice.server";
import { REASON_MAX } from "../../consultation/voting";
import { voiceAction, type VoiceActionData } from "~/lib/member-voice-action.server";
import { pageTitle } from "~/lib/page-title";
import { sectionHeading, sectionTitle } from "~/lib/section-title";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, "voice.myView");
export const clientLoader = pageStringsClientLoader;

/** The chapter of the URL, or 400 "unknown question" (after the response's own 404). */
async function chapterOf(request: Request, params: LoaderFunctionArgs["params"], writes = false) {
  const ctx = await requireResponse(request, params, "read", { writes });
  const t = translator(await getLang(request));
  const chapter = voiceChapter(ctx.response.consultation.template, params.sectionId);
  if (!chapter) throw new Response(t("voice.error.noMeasures"), { status: 400 });
  return { ...ctx, chapter, t, base: `/o/${ctx.organisation.slug}/r/${ctx.response.id}` };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, response, role, user, chapter, base } = await chapterOf(request, params);
  if (!can(role, "position")) throw forbidden();
  const mine = await mineFor(organisation.id, response.id, user.id, chapter);
  return {
    chapterHref: `${base}/c/${chapter.section.id}`,
    heading: sectionHeading(chapter.section),
    measures: chapter.measures.map((m) => ({ id: m.id, label: m.label, position: mine.positions[m.id] })),
    priority: chapter.priority,
    ranking: mine.ranking,
    yesNo: chapter.yesNo ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Every intent here writes (a view, a ranking, an adopt): refused while the response is submitted.
  const { organisation, response, role, user, chapter, base, t } = await chapterOf(request, params, true);
  const formData = await readForm(request);
  if ([...formData.keys()].length > 4 * chapter.measures.length + 20) throw new Response("Bad Request: too many form fields", { status: 400 });
  const chapterPath = `${base}/c/${chapter.section.id}`;
  return voiceAction({ formData, role, chapter, organisationId: organisation.id, responseId: response.id, userId: user.id, chapterPath, minePath: `${chapterPath}/mine`, t });
}

export default function MyView() {
  const { chapterHref, heading, measures, priority, ranking, yesNo } = useLoaderData<typeof loader>();
  const actionData = useActionData<VoiceActionData>();
  const navigation = useNavigation();
  const saved = useSearchParams()[0].get("saved") !== null;
  const t = useT();
  const posted = actionData?.posted;
  const errors = actionData?.fieldErrors ?? {};
  // Posted ranks (when the form came back) as {measureId: rank}, else the stored ranking.
  const ranks: Record<string, string> = posted
    ? Object.fromEntries(Object.entries(posted).flatMap(([k, v]) => (k.startsWith("rank.") ? [[k.slice(5), v]] : [])))
    : Object.fromEntries(ranking.ranking.map((id, i) => [id, String(i + 1)]));
  return (
    <article className="stack">
      <nav aria-label={t("drafting.breadcrumb")} className="muted small">
        <Link to={chapterHref}>← {t("voice.mine.back")}</Link>
      </nav>
      <h1>{t("voice.mine.title", { section: sectionTitle(heading, t) })}</h1>
      <p className="muted">{t("voice.mine.intro")}</p>
      {saved && !actionData ? (
        <p className="notice" role="status">
          {t("voice.mine.saved")}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        {measures.map((m) => {
          const view = posted ? (posted[`view.${m.id}`] ?? "") : (m.position?.view ?? "");
          const reason = posted ? (posted[`reason.${m.id}`] ?? "") : (m.position?.reason ?? "");
          const reasonErrors = errors[`reason.${m.id}`] ?? errors[`view.${m.id}`];
          return (
            <fieldset key={m.id} className="voice-position" aria-describedby={reasonErrors ? `err-${m.id}` : undefined}>
              <legend>{m.label}</legend>
              <input type="hidden" name={`v.${m.id}`} value={posted?.[`v.${m.id}`] ?? String(m.position?.version ?? 0)} />
              <div className="radio-row">
                {(["yes", "no", "none", ""] as const).map((v) => (
                  <label key={v}>
                    <input type="radio" name={`view.${m.id}`} value={v} defaultChecked={view === v} />
                    {v === "yes" || v === "no" ? (yesNo?.[v] ?? t(`voice.${v}`)) : v ? t(`voice.${v}`) : t("voice.mine.notSet")}
                  </label>
                ))}
              </div>
              <label htmlFor={`reason-${m.id}`}>{t("voice.mine.reason", { max: REASON_MAX })}</label>
              <input type="text" id={`reason-${m.id}`} name={`reason.${m.id}`} defaultValue={reason} aria-invalid={reasonErrors ? true : undefined} />
              {reasonErrors ? (
                <p className="field-error" id={`err-${m.id}`}>
                  {reasonErrors.join(" ")}
                </p>
              ) : null}
            </fieldset>
          );
        })}
        {priority ? (
          <section aria-labelledby="my-ranking" className="stack">
            <h2 id="my-ranking">{t("voice.mine.ranking")}</h2>
            <input type="hidden" name="rv" value={posted?.rv ?? String(ranking.version)} />
            <RankSelects item={priority} name="rank" ranks={ranks} errorId={errors.rank ? "err-rank" : undefined} />
            {errors.rank ? (
              <ul className="field-error" id="err-rank">
                {errors.rank.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : null}
          </section>
        ) : null}
        <div className="actions">
          <button type="submit" name="intent" value="save-mine" disabled={navigation.state === "submitting"}>
            {t("voice.mine.save")}
          </button>
        </div>
      </Form>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
