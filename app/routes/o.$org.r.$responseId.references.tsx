import { pageStringsClientLoader } from "~/lib/i18n";
import { ResponsePageHeader } from "~/components/response-page-header";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { clientIp } from "~/lib/auth/client-ip.server";
import { requireResponse } from "~/lib/auth/membership.server";
import { can } from "~/lib/auth/permissions";
import { formatDate } from "~/lib/dates";
import { translator, useLang, useT } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { MAX_PRINTOUT_MEGABYTES } from "~/lib/printout.server";
import { referencesAction } from "~/lib/references.server";
import { limitExpensiveWork } from "~/lib/security/expensive-work.server";
import { PrintoutInput } from "~/components/references/printout-input";
import { getDb } from "../../db/client";
import { listReferences } from "../../db/queries/references";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} – Høringssvar` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation, user, role } = await requireResponse(request, params, "read");
  const url = new URL(request.url);
  const references = (await listReferences(getDb(), organisation.id, response.id)).map((r) => ({
    id: r.id,
    version: r.version,
    organisationName: r.organisationName,
    sourceUrl: r.sourceUrl,
    publishedOn: r.publishedOn,
    answered: Object.keys(r.answers).length,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    canDelete: r.createdBy === user.id ? can(role, "addReference") : can(role, "deleteAnyReference"),
  }));
  const addedId = Number(url.searchParams.get("added"));
  return {
    title: response.consultation.template.title,
    base: `/o/${organisation.slug}/r/${response.id}`,
    maxMegabytes: MAX_PRINTOUT_MEGABYTES,
    canAdd: can(role, "addReference"),
    references,
    added: references.find((r) => r.id === addedId)?.organisationName,
    deleted: url.searchParams.has("deleted"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { response, user, organisation, role } = await requireResponse(request, params, "addReference");
  await limitExpensiveWork("import", { userId: user.id, ip: clientIp(context), organisationId: organisation.id });
  const base = `/o/${organisation.slug}/r/${response.id}`;
  const outcome = await referencesAction(request, { response, userId: user.id, role, base }, translator(await getLang(request)));
  if ("redirect" in outcome) return redirect(outcome.redirect);
  return data(outcome.body, { status: outcome.status });
}

export const clientLoader = pageStringsClientLoader;

export default function References() {
  const { title, base, maxMegabytes, canAdd, references, added, deleted } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const lang = useLang();
  const fields = result?.intent === "add" ? result.fields : undefined;
  return (
    <article className="stack">
      <ResponsePageHeader base={base} title={t("references.title")} subtitle={title} />
      <p>{t("references.intro")}</p>
      {added ? <p role="status">{t("references.added", { organisation: added })}</p> : null}
      {deleted ? <p role="status">{t("references.deleted")}</p> : null}
      {result && !result.ok ? (
        <div role="alert" className="card">
          <ul className="error">
            {result.messages.map((message, i) => (
              <li key={i}>{message}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <section className="card" aria-labelledby="references-list">
        <h2 id="references-list">{t("references.list")}</h2>
        {references.length === 0 ? (
          <p>{t("references.none")}</p>
        ) : (
          <ul className="stack">
            {references.map((r) => (
              <li key={r.id}>
                <strong>{r.organisationName}</strong>
                {r.publishedOn ? ` (${t("references.published", { date: r.publishedOn })})` : null} – {t("references.answered", { count: r.answered })}
                {r.sourceUrl ? (
                  <>
                    {" · "}
                    <a href={r.sourceUrl} rel="noreferrer noopener" target="_blank">
                      {t("references.source")}
                    </a>
                  </>
                ) : null}
                <br />
                <span className="muted">{t("references.addedBy", { name: r.createdByName ?? "–", date: formatDate(r.createdAt, lang) })}</span>
                {r.canDelete ? (
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={r.id} />
                    <input type="hidden" name="version" value={r.version} />
                    <button type="submit" className="secondary" disabled={busy} aria-label={t("references.deleteLabel", { organisation: r.organisationName })}>
                      {t("references.delete")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to={`${base}/compare`}>{t("references.compare")}</Link>
        </p>
      </section>

      {canAdd ? (
        <Form method="post" encType="multipart/form-data" className="stack card" aria-labelledby="references-add">
          <h2 id="references-add">{t("references.add")}</h2>
          <input type="hidden" name="intent" value="add" />
          <label>
            {t("references.name")}
            <input name="organisationName" required maxLength={200} defaultValue={fields?.organisationName} autoComplete="organization" />
          </label>
          <label>
            {t("references.url")}
            <input name="sourceUrl" type="url" maxLength={2000} defaultValue={fields?.sourceUrl} />
          </label>
          <label>
            {t("references.date")}
            <input name="publishedOn" type="date" defaultValue={fields?.publishedOn} />
          </label>
          <PrintoutInput maxMegabytes={maxMegabytes} text={fields?.text} />
          <p>
            <button type="submit" disabled={busy}>
              {t("references.submit")}
            </button>
          </p>
        </Form>
      ) : null}
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
