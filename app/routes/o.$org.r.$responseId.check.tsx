/**
 * "Klar til innsending?" (issue 9): warnings before sending, each linked to its question. Warnings
 * never block; the secretariat marks them seen (stored by the finding's fingerprint). Grouped by
 * kind (issue 20): each kind says how many and has one "mark all of this kind as seen", which
 * marks exactly the findings the page showed (their fingerprints travel with the form).
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ResponsePageHeader } from "~/components/response-page-header";
import { requireResponse } from "~/lib/auth/membership.server";
import { checkFindings, FINDING_KINDS } from "~/lib/cockpit/cockpit.server";
import { AcknowledgeKindSchema, AcknowledgeSchema } from "~/lib/cockpit/forms";
import { readForm } from "~/lib/form-data.server";
import { pageStringsClientLoader, translator, useT, type MessageKey } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { pageTitle } from "~/lib/page-title";
import { getDb } from "../../db/client";
import { acknowledgeAll, acknowledgedFindings, setAcknowledged } from "../../db/queries/cockpit";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cockpit.check");

const HEADINGS = {
  unanswered: "check.unanswered",
  notAgreed: "check.notAgreed",
  ranking: "check.ranking",
  limit: "check.limit",
  invalid: "check.invalid",
  comments: "check.comments",
  personal: "check.personal",
} as const satisfies Record<(typeof FINDING_KINDS)[number], MessageKey>;

/** A kind with this many findings or fewer shows them at once; a longer list waits behind its disclosure. */
const OPEN_UP_TO = 10;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation } = await requireResponse(request, params, "submit");
  const t = translator(await getLang(request));
  const seen = await acknowledgedFindings(getDb(), organisation.id, response.id);
  const findings = (await checkFindings(response, t)).map((f) => ({ ...f, seen: seen.has(f.fingerprint) }));
  const kinds = FINDING_KINDS;
  return {
    base: `/o/${organisation.slug}/r/${response.id}`,
    title: response.consultation.template.title,
    groups: kinds.map((kind) => ({ kind, findings: findings.filter((f) => f.kind === kind) })),
    open: findings.filter((f) => !f.seen).length,
    seen: findings.filter((f) => f.seen).length,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { response, organisation, user } = await requireResponse(request, params, "submit");
  const form = await readForm(request);
  const page = `/o/${organisation.slug}/r/${response.id}/check`;
  if (form.get("intent") === "acknowledge-kind") {
    const submission = parseWithZod(form, { schema: AcknowledgeKindSchema });
    if (submission.status !== "success") return data({ error: "work.badForm" as const }, { status: 400 });
    const { kind, fingerprints } = submission.value;
    // Only what the page showed and is still a finding of that kind: a finding that appeared since stays open.
    const shown = new Set(fingerprints.split(" "));
    const current = (await checkFindings(response, translator(await getLang(request)))).filter((f) => f.kind === kind && shown.has(f.fingerprint));
    await acknowledgeAll(getDb(), organisation.id, response.id, current.map((f) => f.fingerprint), user.id);
    throw redirect(`${page}#k-${kind}`);
  }
  const submission = parseWithZod(form, { schema: AcknowledgeSchema });
  if (submission.status !== "success") return data({ error: "work.badForm" as const }, { status: 400 });
  const { intent, fingerprint } = submission.value;
  await setAcknowledged(getDb(), organisation.id, response.id, fingerprint, intent === "acknowledge", user.id);
  throw redirect(`${page}#f-${fingerprint}`);
}

export const clientLoader = pageStringsClientLoader;

export default function Check() {
  const { base, title, groups, open, seen } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="stack">
      <ResponsePageHeader base={base} title={t("cockpit.check")} subtitle={title} />
      <p>{t("check.intro")}</p>
      <p role="status">{open + seen ? t("check.summary", { open, seen }) : t("check.allClear")}</p>
      <p>
        <Link to={`${base}/submission`}>{t("cockpit.submission")}</Link>
      </p>
      {groups.some((g) => !g.findings.length) ? (
        <p className="muted">
          {t("check.noneOf", { kinds: groups.filter((g) => !g.findings.length).map((g) => t(HEADINGS[g.kind])).join(", ") })}
        </p>
      ) : null}
      {groups
        .filter((group) => group.findings.length)
        .map((group) => {
          const unseen = group.findings.filter((f) => !f.seen);
          return (
            <section key={group.kind} className="card stack-tight" aria-labelledby={`h-${group.kind}`} id={`k-${group.kind}`}>
              <div className="check-kind-head">
                <h2 id={`h-${group.kind}`}>
                  {t(HEADINGS[group.kind])} ({group.findings.length})
                </h2>
                {unseen.length ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="kind" value={group.kind} />
                    <input type="hidden" name="fingerprints" value={unseen.map((f) => f.fingerprint).join(" ")} />
                    <button type="submit" name="intent" value="acknowledge-kind" className="secondary small">
                      {t("check.acknowledgeKind", { count: unseen.length })}
                      <span className="visually-hidden"> – {t(HEADINGS[group.kind])}</span>
                    </button>
                  </Form>
                ) : (
                  <span className="muted">{t("check.allSeen")}</span>
                )}
              </div>
              <p className="muted">{t("check.kindSummary", { open: unseen.length, seen: group.findings.length - unseen.length })}</p>
              <details open={unseen.length > 0 && group.findings.length <= OPEN_UP_TO}>
                <summary>{t("check.showFindings", { count: group.findings.length })}</summary>
                <ul className="plain findings">
                  {group.findings.map((f) => (
                    <li key={f.fingerprint} id={`f-${f.fingerprint}`} className={f.seen ? "finding seen" : "finding"}>
                      <Link to={`${base}/c/${f.sectionId}#q-${f.number}`}>{t("check.item", { number: f.number })}</Link>{" "}
                      <span className="muted">{f.text}</span>
                      {f.personalKind ? <span> · {t(`check.kind.${f.personalKind}`)}</span> : null}
                      {f.detail ? <span>: {f.detail}</span> : null}
                      {f.seen ? <span className="muted"> ({t("check.acknowledged")})</span> : null}{" "}
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="fingerprint" value={f.fingerprint} />
                        <button type="submit" name="intent" value={f.seen ? "unacknowledge" : "acknowledge"} className="secondary small">
                          {f.seen ? t("check.unacknowledge") : t("check.acknowledge")}
                          <span className="visually-hidden"> – {t("check.item", { number: f.number })}</span>
                        </button>
                      </Form>
                    </li>
                  ))}
                </ul>
              </details>
            </section>
          );
        })}
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
