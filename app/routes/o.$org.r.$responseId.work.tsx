/**
 * Status and assignee of questions (issue 9): the chapter page's and "Gjenstår"'s small forms post
 * here and come back (redirect, so it works without JavaScript). A refused change renders here
 * with its reason and a link back; nothing is written.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireResponse } from "~/lib/auth/membership.server";
import { can } from "~/lib/auth/permissions";
import { parseItems, WorkSchema } from "~/lib/cockpit/forms";
import { refuseLocked } from "~/lib/drafting.server";
import { readForm } from "~/lib/form-data.server";
import { tellAssigned } from "~/lib/mail/notify/index.server";
import { isMessageKey, pageStringsClientLoader, translator, useT } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { pageTitle } from "~/lib/page-title";
import { getDb } from "../../db/client";
import { setWork } from "../../db/queries/cockpit";
import { formItems } from "../../consultation/form";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cockpit.remaining");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation } = await requireResponse(request, params, "read");
  return { back: `/o/${organisation.slug}/r/${response.id}/remaining` };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const intent = formData.get("intent");
  // set-status needs setStatus, assign needs assign, set-work both (the same roles today).
  const { response, organisation, user, role } = await requireResponse(request, params, intent === "assign" ? "assign" : "setStatus");
  if (intent === "set-work" && !can(role, "assign")) throw new Response("Forbidden", { status: 403 });
  const base = `/o/${organisation.slug}/r/${response.id}`;
  const t = translator(await getLang(request));
  const refuse = (message: string, status: number) => data({ message, back: base }, { status });
  const submission = parseWithZod(formData, { schema: WorkSchema });
  if (submission.status !== "success") {
    const first = Object.values(submission.error ?? {}).flat()[0];
    return refuse(first && isMessageKey(first) ? t(first) : t("work.badForm"), 400);
  }
  const { item, status, assignee, returnTo, was } = submission.value;
  const back = returnTo && (returnTo === base || returnTo.startsWith(`${base}/`)) && !returnTo.includes("//") ? returnTo : base;
  const items = formItems(response.consultation.template);
  const numbers = new Map(items.map((i) => [i.key, i.number]));
  // Only what the person changed: a field still showing what the form was rendered with is left alone.
  const setStatus = submission.value.intent !== "assign" && status && status !== was?.status ? status : undefined;
  const setAssignee =
    submission.value.intent !== "set-status" && assignee && assignee !== was?.assignee ? (assignee === "none" ? null : Number(assignee)) : undefined;
  if (setStatus === undefined && setAssignee === undefined) throw redirect(back);
  const result = await refuseLocked(async () =>
    await setWork(getDb(), {
      organisationId: organisation.id,
      responseId: response.id,
      userId: user.id,
      validKeys: new Set(numbers.keys()),
      changes: parseItems(item).map((c) => ({
        ...c,
        ...(setStatus ? { status: setStatus } : {}),
        ...(setAssignee !== undefined ? { assigneeId: setAssignee } : {}),
      })),
      onAssigned: async (db, assigned) => await tellAssigned(db, { organisationId: organisation.id, responseId: response.id, actorId: user.id }, assigned),
    }),
  );
  if (result.status === "badAssignee") return refuse(t("work.badAssignee"), 400);
  if (result.status === "badStatus") return refuse(t("work.badStatus"), 400);
  if (result.status === "conflict") {
    const unknown = result.keys.filter((k) => !numbers.has(k));
    if (unknown.length) return refuse(t("work.badForm"), 400);
    return refuse(t("work.conflict", { numbers: result.keys.map((k) => numbers.get(k)).join(", ") }), 409);
  }
  if (submission.value.intent === "set-work") throw redirect(back);
  // A bulk action: the page it returns to says what was done.
  throw redirect(withDone(back, `${submission.value.intent}.${result.changed}${submission.value.intent === "assign" ? `.${assignee}` : ""}`));
}

/** `back` with `done=…` in its query (before any #fragment), replacing an earlier one. */
function withDone(back: string, done: string): string {
  const hash = back.indexOf("#");
  const [path, fragment] = hash < 0 ? [back, ""] : [back.slice(0, hash), back.slice(hash)];
  const url = new URL(path, "http://x");
  url.searchParams.set("done", done);
  return url.pathname + url.search + fragment;
}

// Its strings are in nb-pages.ts.
export const clientLoader = pageStringsClientLoader;

export default function WorkResult() {
  const { back } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <article className="stack">
      <h1>{t("cockpit.remaining")}</h1>
      {result ? (
        <p className="error" role="alert">
          {result.message}
        </p>
      ) : null}
      <p>
        <Link to={result?.back ?? back}>{t("work.back")}</Link>
      </p>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
