import { pageStringsClientLoader } from "~/lib/i18n";
import { ResponsePageHeader } from "~/components/response-page-header";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorList } from "~/components/form-field";
import { notFound, requireResponse } from "~/lib/auth/membership.server";
import { MoveResponseSchema } from "~/lib/consultations/forms";
import { applyMove, moveDryRun, newerVersionId, versionVisibleTo } from "~/lib/consultations/move.server";
import { readForm } from "~/lib/form-data.server";
import { clientIp } from "~/lib/auth/client-ip.server";
import { logSecurityEvent } from "~/lib/security/events.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "move.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation } = await requireResponse(request, params, "edit");
  return {
    base: `/o/${organisation.slug}/r/${response.id}`,
    title: response.consultation.template.title,
    dryRun: (await moveDryRun(organisation.id, response)) ?? null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { response, organisation, user } = await requireResponse(request, params, "edit");
  const submission = parseWithZod(await readForm(request), { schema: MoveResponseSchema });
  if (submission.status !== "success") return data({ error: "accounts.error.formInvalid" as const }, { status: 400 });
  const { targetVersionId, plan } = submission.value;
  // Another organisation's private version is "not found"; otherwise only the current version of
  // a newer published consultation (what the dry run offered).
  if (!(await versionVisibleTo(organisation.id, targetVersionId))) throw notFound();
  if ((await newerVersionId(organisation.id, response)) !== targetVersionId) return data({ error: "move.stale" as const }, { status: 409 });
  const result = await applyMove(organisation.id, response.id, targetVersionId, plan);
  if (result.status === "notFound") throw notFound();
  if (result.status === "stale") return data({ error: "move.stale" as const }, { status: 409 });
  if (result.status === "exists") return data({ error: "move.exists" as const }, { status: 409 });
  await logSecurityEvent({
    type: "response.moved",
    userId: user.id,
    organisationId: organisation.id,
    ip: clientIp(context),
    detail: { responseId: response.id, fromVersionId: response.consultationVersionId, toVersionId: targetVersionId, unmapped: result.plan.unmapped.length },
  });
  return redirect(`/o/${organisation.slug}/r/${response.id}?moved=1`);
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function MoveResponse() {
  const { base, title, dryRun } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  return (
    <article className="stack">
      <ResponsePageHeader base={base} title={t("move.title")} subtitle={title} />
      <ErrorList errors={result?.error ? [result.error] : undefined} />
      {!dryRun ? (
        <p>{t("move.nothing")}</p>
      ) : (
        <>
          <p>{t("move.intro")}</p>
          <section className="card" aria-labelledby="move-unmapped">
            <h2 id="move-unmapped">{t("move.unmapped", { count: dryRun.unmapped.length })}</h2>
            {dryRun.unmapped.length === 0 ? <p>{t("move.none")}</p> : null}
            <ul>
              {dryRun.unmapped.map((e) => (
                <li key={e.key} data-key={e.key}>
                  <strong>{e.from ?? "–"}.</strong> {e.text ?? <code>{e.key}</code>} – {t(`move.reason.${e.reason ?? "gone"}`)}
                  <blockquote className="answer-text">{e.value}</blockquote>
                </li>
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="move-mapped">
            <h2 id="move-mapped">{t("move.mapped", { count: dryRun.mapped.length })}</h2>
            {dryRun.mapped.length === 0 ? <p>{t("move.none")}</p> : null}
            <ul>
              {dryRun.mapped.map((e) => (
                <li key={e.key} data-key={e.key}>
                  <strong>
                    {e.from ?? "–"} → {e.to}
                  </strong>{" "}
                  {e.text ?? <code>{e.key}</code>}
                </li>
              ))}
            </ul>
          </section>
          <Form method="post">
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="targetVersionId" value={dryRun.targetVersionId} />
            <input type="hidden" name="plan" value={dryRun.fingerprint} />
            <button type="submit" disabled={busy}>
              {t("move.submit")}
            </button>
          </Form>
        </>
      )}
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
