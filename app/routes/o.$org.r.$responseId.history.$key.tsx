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
import { useLang, useT } from "~/lib/i18n";
import { formSections } from "~/lib/template/form";
import type { Template } from "~/lib/template/schema";
import { pageTitle } from "~/lib/page-title";
import { readForm } from "~/lib/form-data.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "history.title", { number: data?.item.number ?? "" });

function findItem(template: Template, key: string | undefined) {
  for (const section of formSections(template)) {
    const item = section.items.find((i) => i.key === key);
    if (item) return { item, sectionId: section.id };
  }
  throw notFound();
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { response, organisation, role, user } = await requireResponse(request, params, "read");
  limitExpensiveWork("history", { userId: user.id, ip: clientIp(context), organisationId: organisation.id });
  const { item, sectionId } = findItem(response.consultation.template, params.key);
  return {
    base: `/o/${organisation.slug}/r/${response.id}`,
    sectionId,
    item,
    canEdit: can(role, "edit"),
    revisions: answerHistory(organisation.id, response.id, item.key),
  };
}

const restoreSchema = z.object({
  intent: z.literal("restore"),
  revisionId: z.coerce.number().int().positive(),
  baseVersion: z.coerce.number().int().min(0),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { response, organisation, user } = await requireResponse(request, params, "edit");
  const { item } = findItem(response.consultation.template, params.key);
  const parsed = restoreSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "invalid" as const }, { status: 400 });
  const restored = restoreRevision({ organisationId: organisation.id, responseId: response.id, key: item.key, userId: user.id, ...parsed.data });
  if (!restored) throw notFound();
  const { revision, result } = restored;
  if (result.status === "conflict") return data({ error: "stale" as const }, { status: 409 });
  const url = new URL(request.url);
  throw redirect(`${url.pathname}?restored=${revision.version}`);
}

export default function History() {
  const { base, sectionId, item, canEdit, revisions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const current = revisions[0];
  const restored = params.get("restored");
  return (
    <article className="stack">
      <nav className="muted small">
        <Link to={`${base}/c/${sectionId}#q-${item.number}`}>← {t("history.back")}</Link>
      </nav>
      <h1>{t("history.title", { number: item.number })}</h1>
      <p>{item.text}</p>
      {restored && !actionData ? (
        <p className="notice" role="status">
          {t("history.restoredNotice", { version: restored })}
        </p>
      ) : null}
      {actionData?.error === "stale" ? (
        <p className="error" role="alert">
          {t("history.stale")}
        </p>
      ) : null}
      {revisions.length === 0 ? <p>{t("history.empty")}</p> : null}
      <ol className="plain revisions">
        {revisions.map((revision, i) => {
          const previous = revisions[i + 1];
          return (
            <li key={revision.id} className="card" data-testid={`revision-${revision.version}`}>
              <h2>
                {t("history.version", { version: revision.version })}
                {revision === current ? <span className="badge">{t("history.current")}</span> : null}
              </h2>
              <p className="muted small">
                {t("history.by", { name: revision.createdByName ?? "?", when: formatDateTime(revision.createdAt, lang) })} ·{" "}
                {t(`history.source.${revision.source as "form"}`)}
                {revision.restoredFrom ? ` · ${t("history.restored", { version: revision.restoredFrom })}` : null}
              </p>
              {previous ? (
                <WordDiff before={answerAsText(item, previous.value, t)} after={answerAsText(item, revision.value, t)} />
              ) : (
                <AnswerText item={item} value={revision.value} />
              )}
              {canEdit && revision !== current && current ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="restore" />
                  <input type="hidden" name="revisionId" value={revision.id} />
                  <input type="hidden" name="baseVersion" value={current.version} />
                  <button type="submit" className="secondary">
                    {t("history.restore")}
                  </button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ol>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
