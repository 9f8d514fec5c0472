import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { startTransition, useCallback, useEffect, useMemo, useState } from "react";
import { ChapterBulk, LockBanner } from "~/components/cockpit/work-line";
import { OpenCommentCount } from "~/components/discussion/folded";
import { ANSWER_FORM, SectionUnits } from "~/components/drafting/section-units";
import type { SaveState } from "~/components/drafting/question-block";
import { Voice } from "~/components/member-voice/lazy";
import { ProgressBar } from "~/components/progress";
import { PresenceChips } from "~/components/live/lazy";
import { parseDone } from "~/lib/cockpit/done";
import { useLiveResponse } from "~/lib/live/live-state";
import { useFieldsClearOfBar } from "~/lib/clear-of-bar";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { useStoredAnswers } from "~/lib/page-text";
import { fieldName } from "~/lib/section-form/fields";
import { saveSectionAnswers, sectionPageData } from "~/lib/section-page.server";
import { sectionTitle, sectionTitleKey } from "~/lib/section-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return pageTitle(matches, { text: "" });
  const named = sectionTitleKey(data.section.heading);
  return "text" in named ? pageTitle(matches, named) : pageTitle(matches, named.key, named.params);
};

export const loader = ({ request, params, context }: LoaderFunctionArgs) => sectionPageData(request, params, context);

export const action = ({ request, params }: ActionFunctionArgs) => saveSectionAnswers(request, params);

export default function SectionPage() {
  const { base, title, organisationName, canEdit, cockpit, section, units, prev, next, discussion, voice, live, ...data } = useLoaderData<typeof loader>();
  const stored = useStoredAnswers(data.stored);
  useLiveResponse({ base, cursor: live.cursor, userId: live.userId, sectionId: section.id });
  useFieldsClearOfBar(".sticky-actions");
  const items = useMemo(() => units.flatMap((unit) => unit.items), [units]);
  // The questions "mark chapter agreed" and "assign all" act on (kept stable: the bulk form hydrates lazily).
  const pending = useMemo(
    () => items.flatMap((item) => (cockpit.work[item.key]!.status === "agreed" ? [] : [`${item.key}@${cockpit.work[item.key]!.version}`])),
    [items, cockpit],
  );
  const [search] = useSearchParams();
  const done = useMemo(() => {
    const parsed = parseDone(search.get("done"));
    if (!parsed) return null;
    const name = cockpit.members.find((m) => String(m.id) === parsed.assignee)?.name;
    return { intent: parsed.intent, count: parsed.count, ...(name ? { name } : {}) };
  }, [search, cockpit.members]);
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const posted = (actionData?.result?.initialValue ?? undefined) as Record<string, unknown> | undefined;
  const serverErrors = actionData?.result?.error ?? undefined;
  const [yesNo, setYesNo] = useState<Record<string, string | undefined>>({});
  // Transitions: typing right after load must not update a lazily loaded part (threads, voice, work
  // controls) still waiting to hydrate; an urgent update would make React discard its server HTML
  // (error #421). A transition lets hydration finish first.
  const onYesNo = useCallback((key: string, value: string) => startTransition(() => setYesNo((s) => ({ ...s, [key]: value }))), []);
  const [states, setStates] = useState<Record<string, SaveState>>({});
  const onStateChange = useCallback((field: string, state: SaveState) => startTransition(() => setStates((s) => ({ ...s, [field]: state }))), []);
  const unsaved = Object.values(states).some((s) => s === "dirty" || s === "saving" || s === "error" || s === "conflict");
  const savedCount = search.get("saved");

  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);

  const valueOf = useMemo(
    () => (key: string) => yesNo[key] ?? (posted?.[fieldName(key)] as string | undefined) ?? stored[key]?.value,
    [yesNo, posted, stored],
  );
  // Form-level errors, and those about the hidden version fields (`v.<field>`), which have no field of their own.
  const formErrors = [
    ...new Set(Object.entries(serverErrors ?? {}).flatMap(([name, e]) => (name === "" || name.startsWith("v.") ? (e ?? []) : []))),
  ];

  return (
    <article className="stack">
      <nav aria-label={t("drafting.breadcrumb")} className="muted small">
        <Link to={base}>
          {`${organisationName} · ${title}`}
        </Link>
      </nav>
      <header>
        <h1>{sectionTitle(section.heading, t)}</h1>
        <ProgressBar progress={section.progress} />
        <PresenceChips sectionId={section.id} />
        <OpenCommentCount discussion={discussion} href={`${base}?comments=open`} />
      </header>
      {cockpit.lock ? <LockBanner base={base} submittedOn={cockpit.lock.submittedOn} /> : null}
      {cockpit.canWork ? (
        <ChapterBulk
          base={base}
          pending={pending}
          members={cockpit.members}
          returnTo={`${base}/c/${section.id}`}
          done={done}
        />
      ) : null}
      {savedCount !== null && !actionData ? (
        <p className="notice" role="status">
          {t("drafting.savedNotice", { count: savedCount })}
        </p>
      ) : null}
      {actionData?.conflicts.length ? (
        <p className="error" role="alert">
          {t("drafting.conflict.banner")}
        </p>
      ) : null}
      {formErrors?.length ? (
        <ul className="error" role="alert">
          {formErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <SectionUnits items={items} valueOf={valueOf} onYesNo={onYesNo} onStateChange={onStateChange} />
      {canEdit ? (
        // The answer inputs above belong to this form through their `form` attribute (see answer-form.ts).
        <Form method="post" id={ANSWER_FORM} className="actions sticky-actions" noValidate>
          <button type="submit" name="intent" value="save" disabled={navigation.state === "submitting"}>
            {t("drafting.saveAll")}
          </button>
          {unsaved ? <span className="muted">{t("drafting.unsavedHint")}</span> : null}
        </Form>
      ) : null}
      {/* The members' voice forms (quick views, adopt); their buttons name them with `form`. */}
      <Voice voice={voice} />
      <nav className="actions pager" aria-label={t("drafting.sections")}>
        {prev ? (
          <Link to={`${base}/c/${prev.id}`} rel="prev">
            {`← ${sectionTitle(prev.heading, t)}`}
          </Link>
        ) : null}
        <Link to={base}>{t("drafting.overview")}</Link>
        {next ? (
          <Link to={`${base}/c/${next.id}`} rel="next">
            {`${sectionTitle(next.heading, t)} →`}
          </Link>
        ) : null}
      </nav>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
