import { pageStringsClientLoader } from "~/lib/i18n";
import { ResponsePageHeader } from "~/components/response-page-header";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { clientIp } from "~/lib/auth/client-ip.server";
import { requireResponse } from "~/lib/auth/membership.server";
import { limitExpensiveWork } from "~/lib/security/expensive-work.server";
import { translator, useT } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { printoutImportAction } from "~/lib/printout-import.server";
import { MAX_PRINTOUT_MEGABYTES } from "~/lib/printout.server";
import { ImportChanges } from "~/components/import-changes";
import { PrintoutInput } from "~/components/references/printout-input";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} – Høringssvar` }];

// Editors and above: the same capability as editing answers.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation } = await requireResponse(request, params, "edit");
  return { title: response.consultation.template.title, base: `/o/${organisation.slug}/r/${response.id}`, maxMegabytes: MAX_PRINTOUT_MEGABYTES };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { response, user, organisation } = await requireResponse(request, params, "edit");
  await limitExpensiveWork("import", { userId: user.id, ip: clientIp(context), organisationId: organisation.id });
  const { body, status } = await printoutImportAction(request, response, user.id, translator(await getLang(request)));
  return data(body, { status });
}

export const clientLoader = pageStringsClientLoader;

export default function StartFromPrintout() {
  const { title, base, maxMegabytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  return (
    <article className="stack">
      <ResponsePageHeader base={base} title={t("printout.title")} subtitle={title} />
      <p>{t("printout.intro")}</p>

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

      {result && result.step !== "problems" && result.notes.length ? (
        <ul className="card">
          {result.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      ) : null}

      {result?.step === "done" ? (
        <div role="status" className="card">
          <p>{t("printout.saved", { count: result.saved })}</p>
          {result.conflicts.length ? (
            <ul className="error">
              {result.conflicts.map((message, i) => (
                <li key={i}>{message}</li>
              ))}
            </ul>
          ) : null}
          <Link to={base}>{t("export.backToResponse")}</Link>
        </div>
      ) : null}

      {result?.step === "review" ? (
        <section className="card" aria-labelledby="printout-changes">
          {result.changes.length === 0 ? (
            <p id="printout-changes">{t("printout.noChanges")}</p>
          ) : (
            <>
              <h2 id="printout-changes">{t("printout.changes")}</h2>
              <ImportChanges changes={result.changes} />
              <Form method="post" encType="multipart/form-data">
                <input type="hidden" name="intent" value="apply" />
                <input type="hidden" name="versions" value={result.versions} />
                <textarea name="printout" defaultValue={result.printout} hidden readOnly />
                <button type="submit" disabled={busy}>
                  {t("printout.confirm", { count: result.changes.length })}
                </button>
              </Form>
            </>
          )}
        </section>
      ) : null}

      <Form method="post" encType="multipart/form-data" className="stack card">
        <input type="hidden" name="intent" value="dryRun" />
        <PrintoutInput maxMegabytes={maxMegabytes} />
        <p>
          <button type="submit" disabled={busy}>
            {t("printout.dryRun")}
          </button>
        </p>
      </Form>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
