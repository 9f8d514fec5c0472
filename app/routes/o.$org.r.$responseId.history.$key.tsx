import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AnswerText } from "~/components/answer-text";
import { WordDiff } from "~/components/drafting/merge-panel";
import { clientIp } from "~/lib/auth/client-ip.server";
import { notFound, requireResponse } from "~/lib/auth/membership.server";
import { limitExpensiveWork } from "~/lib/security/expensive-work.server";
import { can } from "~/lib/auth/permissions";
import { answerAsText } from "~/lib/answer-text";
import { answerHistory, restoreRevision } from "~/lib/drafting.server";
import { formatDateTime } from "~/lib/dates";
import { translator, useLang, useT, pageStringsClientLoader } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { formItems, formSections } from "../../consultation/form";
import { coverItems, type CoverField } from "../../consultation/cover";
import { coverLabel } from "../../export/cover";
import { documentLabels } from "../../export/labels";
import { problemMessage, versionSchema } from "~/lib/section-form/section-schema";
import type { Template } from "../../consultation/schema";
import { pageTitle } from "~/lib/page-title";
import { readForm } from "~/lib/form-data.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data?.sectionId === "cover" ? pageTitle(matches, "history.coverTitle") : pageTitle(matches, "history.title", { number: data?.item.number ?? "" });

function findItem(template: Template, key: string | undefined) {
  for (const section of formSections(template)) {
    const item = section.items.find((i) => i.key === key);
    if (item) return { item, sectionId: section.id };
  }
  // The cover letter's fields (cover.*) have a history too; "cover" sends the way back to its page.
  const cover = coverItems().find((i) => i.key === key);
  if (cover) return { item: { ...cover, text: coverLabel(documentLabels(template), cover.text as CoverField) }, sectionId: "cover" };
  throw notFound();
}

/** `?page=N`: 1 (newest) when absent; anything but a plain positive number is a 400. */
function pageParam(request: Request): number {
  const raw = new URL(request.url).searchParams.get("page");
  if (raw === null) return 1;
  const page = /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
  if (page < 1) throw new Response("Bad Request: page must be a positive whole number", { status: 400 });
  return page;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { response, organisation, role, user, locked } = await requireResponse(request, params, "read");
  await limitExpensiveWork("history", { userId: user.id, ip: clientIp(context), organisationId: organisation.id });
  const { item, sectionId } = findItem(response.consultation.template, params.key);
  const history = await answerHistory(organisation.id, response.id, item.key, pageParam(request));
  if (!history) throw notFound();
  return {
    base: `/o/${organisation.slug}/r/${response.id}`,
    sectionId,
    item,
    canEdit: can(role, "edit") && !locked,
    ...history,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { response, organisation, user } = await requireResponse(request, params, "edit");
  const { item } = findItem(response.consultation.template, params.key);
  const t = translator(await getLang(request));
  const restoreSchema = z.object({
    intent: z.literal("restore", { error: t("history.badForm") }),
    revisionId: versionSchema(t("history.badForm")).pipe(z.number().positive({ error: t("history.badForm") })),
    baseVersion: versionSchema(t("validation.badVersion")),
  });
  const parsed = restoreSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "invalid" as const, messages: [...new Set(parsed.error.issues.map((i) => i.message))] }, { status: 400 });
  const restored = await restoreRevision({
    organisationId: organisation.id,
    responseId: response.id,
    item,
    items: formItems(response.consultation.template),
    userId: user.id,
    ...parsed.data,
  });
  if (!restored) throw notFound();
  const { revision, result } = restored;
  if (result.status === "invalid")
    return data(
      { error: "invalid" as const, messages: [t("history.invalid", { problems: result.problems.map((p) => problemMessage(t, p)).join(" ") })] },
      { status: 400 },
    );
  if (result.status === "conflict") return data({ error: "stale" as const, messages: [t("history.stale")] }, { status: 409 });
  const url = new URL(request.url);
  throw redirect(`${url.pathname}?restored=${revision.version}`);
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders it.
export const clientLoader = pageStringsClientLoader;

export default function History() {
  const { base, sectionId, item, canEdit, revisions, previous, currentVersion, page, pages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const restored = params.get("restored");
  const here = `${base}/history/${encodeURIComponent(item.key)}`;
  const pager =
    pages > 1 ? (
      <nav className="actions pager" aria-label={t("history.pages")}>
        {page > 1 ? (
          <Link to={`${here}?page=${page - 1}`} rel="prev">
            ← {t("history.newer")}
          </Link>
        ) : null}
        <span aria-current="page">{t("history.pageOf", { page, pages })}</span>
        {page < pages ? (
          <Link to={`${here}?page=${page + 1}`} rel="next">
            {t("history.older")} →
          </Link>
        ) : null}
      </nav>
    ) : null;
  return (
    <article className="stack">
      <nav className="muted small">
        <Link to={sectionId === "cover" ? `${base}/cover` : `${base}/c/${sectionId}#q-${item.number}`}>← {t("history.back")}</Link>
      </nav>
      <h1>{sectionId === "cover" ? t("history.coverTitle") : t("history.title", { number: item.number })}</h1>
      <p>{item.text}</p>
      {restored && !actionData ? (
        <p className="notice" role="status">
          {t("history.restoredNotice", { version: restored })}
        </p>
      ) : null}
      {actionData?.messages.length ? (
        <ul className="error" role="alert">
          {actionData.messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      {revisions.length === 0 ? <p>{t("history.empty")}</p> : null}
      {pager}
      <ol className="plain revisions">
        {revisions.map((revision, i) => {
          const older = revisions[i + 1] ?? previous;
          const isCurrent = revision.version === currentVersion;
          return (
            <li key={revision.id} className="card" data-testid={`revision-${revision.version}`}>
              <h2>
                {t("history.version", { version: revision.version })}
                {isCurrent ? <span className="badge">{t("history.current")}</span> : null}
              </h2>
              <p className="muted small">
                {t("history.by", { name: revision.createdByName ?? "?", when: formatDateTime(revision.createdAt, lang) })} ·{" "}
                {t(`history.source.${revision.source as "form"}`)}
                {revision.restoredFrom ? ` · ${t("history.restored", { version: revision.restoredFrom })}` : null}
              </p>
              {older ? (
                <WordDiff before={answerAsText(item, older.value, t)} after={answerAsText(item, revision.value, t)} />
              ) : (
                <AnswerText item={item} value={revision.value} />
              )}
              {canEdit && !isCurrent && currentVersion > 0 ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="restore" />
                  <input type="hidden" name="revisionId" value={revision.id} />
                  <input type="hidden" name="baseVersion" value={currentVersion} />
                  <button type="submit" className="secondary">
                    {t("history.restore")}
                  </button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ol>
      {pager}
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
