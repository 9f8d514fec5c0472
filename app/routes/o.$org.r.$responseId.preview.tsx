import { ResponsePageHeader } from "~/components/response-page-header";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ExportActions, ExportOutline } from "~/components/export";
import { requireResponse } from "~/lib/auth/membership.server";
import { can } from "~/lib/auth/permissions";
import { PersonalDataWarning } from "~/components/personal-data-warning";
import { responseDocument, responsePersonalData } from "~/lib/export.server";
import { useT, pageStringsClientLoader } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, { text: data?.doc.titleBlock.title ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation, role } = await requireResponse(request, params, "read");
  return {
    doc: (await responseDocument(response)),
    base: `/o/${organisation.slug}/r/${response.id}`,
    canExport: can(role, "export"),
    canEdit: can(role, "edit"),
    personalData: (await responsePersonalData(response)).map(({ key, number, kind, match }) => ({ key, number, kind, match })),
  };
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders it.
export const clientLoader = pageStringsClientLoader;

export default function ExportPreview() {
  const { doc, base, canExport, canEdit, personalData } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="stack">
      <ResponsePageHeader base={base} title={t("export.previewTitle", { title: doc.titleBlock.title })} subtitle={t("export.previewIntro")} />
      <ExportActions base={base} canExport={canExport} canEdit={canEdit} />
      <PersonalDataWarning findings={personalData} />
      <section className="card" aria-label={doc.titleBlock.title} lang={doc.language}>
        <h2>{doc.titleBlock.title}</h2>
        <dl className="meta">
          {doc.titleBlock.fields.map((f) => (
            <div key={f.field} className="contents">
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
        <h3>{doc.answersHeading}</h3>
        <ExportOutline nodes={doc.items} />
      </section>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
