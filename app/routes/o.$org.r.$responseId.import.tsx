import { pageStringsClientLoader } from "~/lib/i18n";
import { ResponsePageHeader } from "~/components/response-page-header";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { clientIp } from "~/lib/auth/client-ip.server";
import { requireResponse } from "~/lib/auth/membership.server";
import { limitExpensiveWork } from "~/lib/security/expensive-work.server";
import { translator, useT } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { importAction, MAX_IMPORT_MEGABYTES } from "~/lib/import.server";
import { ImportChanges } from "~/components/import-changes";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} – Høringssvar` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation } = await requireResponse(request, params, "edit");
  return {
    title: response.consultation.template.title,
    base: `/o/${organisation.slug}/r/${response.id}`,
    maxMegabytes: MAX_IMPORT_MEGABYTES,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { response, user, organisation } = await requireResponse(request, params, "edit");
  await limitExpensiveWork("import", { userId: user.id, ip: clientIp(context), organisationId: organisation.id });
  const { body, status } = await importAction(request, response, user.id, translator(await getLang(request)));
  return data(body, { status });
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function ImportMarkdown() {
  const { title, base, maxMegabytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  return (
    <article className="stack">
      <ResponsePageHeader base={base} title={t("import.title")} subtitle={title} />
      <p>{t("import.intro")}</p>

      {result?.step === "problems" ? (
        <div role="alert" className="card">
          <p className="error">{t("import.problems")}</p>
          <ul>
            {result.messages.map((message, i) => (
              <li key={i}>{message}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {result?.step === "done" ? (
        <div role="status" className="card">
          <p>{t("import.saved", { count: result.saved })}</p>
          {result.conflicts.length ? (
            <ul className="error">
              {result.conflicts.map((message, i) => (
                <li key={i}>{message}</li>
              ))}
            </ul>
          ) : null}
          <Link to={`${base}/preview`}>{t("export.preview")}</Link>
        </div>
      ) : null}

      {result?.step === "review" ? (
        <section className="card" aria-labelledby="import-changes">
          {result.changes.length === 0 ? (
            <p id="import-changes">{t("import.noChanges")}</p>
          ) : (
            <>
              <h2 id="import-changes">{t("import.changes")}</h2>
              <ImportChanges changes={result.changes} />
              <Form method="post" encType="multipart/form-data">
                <input type="hidden" name="intent" value="apply" />
                <input type="hidden" name="versions" value={result.versions} />
                <textarea name="markdown" defaultValue={result.markdown} hidden readOnly />
                <button type="submit" disabled={busy}>
                  {t("import.confirm", { count: result.changes.length })}
                </button>
              </Form>
            </>
          )}
        </section>
      ) : null}

      <Form method="post" encType="multipart/form-data" className="stack card">
        <input type="hidden" name="intent" value="dryRun" />
        <label>
          {t("import.file", { max: maxMegabytes })}
          <input type="file" name="file" accept=".md,.markdown,text/markdown,text/plain" required />
        </label>
        <p>
          <button type="submit" disabled={busy}>
            {t("import.dryRun")}
          </button>
        </p>
      </Form>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
