import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment, useCallback, useEffect, useMemo, useState } from "react";
import { AnswerText } from "~/components/answer-text";
import { QuestionBlock, type SaveState } from "~/components/drafting/question-block";
import type { Conflict } from "~/components/drafting/conflict-panel";
import { ProgressBar } from "~/components/progress";
import { requireResponse, notFound } from "~/lib/auth/membership.server";
import { can } from "~/lib/auth/permissions";
import { saveSectionForm } from "~/lib/drafting.server";
import { translator, useT, type Translate } from "~/lib/i18n";
import { yesNoLabels } from "~/lib/answer-text";
import { getLang } from "~/lib/i18n/lang.server";
import { sectionPage } from "~/lib/responses.server";
import { withDiff } from "~/lib/conflict-diff.server";
import { isAnswered, isAsked } from "../../consultation/answers";
import { formSections } from "../../consultation/form";
import { fieldName, notAskedErrors } from "~/lib/section-form/fields";
import { cachedSectionSchema } from "~/lib/section-form/section-schema";
import type { FormItem } from "../../consultation/form";
import { useHydrated } from "~/lib/use-hydrated";
import { pageTitle } from "~/lib/page-title";
import { readForm } from "~/lib/form-data.server";
import { sectionHeading, sectionTitle, sectionTitleKey } from "~/lib/section-title";
import { pageUnits } from "~/lib/page-units";
import { UnitFrame } from "~/components/drafting/unit-frame";
import { AnswerFormContext } from "~/components/drafting/answer-form";
import { MeasureReferences } from "~/components/references/measure-references";
import { chapterReferences } from "~/lib/references/chapter.server";
import { ChapterBulk, LockBanner, WorkControls } from "~/components/cockpit/work";
import { sectionWork } from "~/lib/cockpit/cockpit.server";
import { LazyDiscussionForms, LazyOpenCommentCount, LazyQuestionThreads } from "~/components/discussion/lazy";
import { discussionFor } from "~/lib/discussion/discussion.server";
import { Voice } from "~/components/member-voice/lazy";
import { pageVoice } from "~/lib/member-voice.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return pageTitle(matches, { text: "" });
  const named = sectionTitleKey(data.section.heading);
  return "text" in named ? pageTitle(matches, named) : pageTitle(matches, named.key, named.params);
};

/** What the page needs of an item (the form's `section`, `chapterId`, `measureId` stay on the server). */
function pageItem({ section: _s, chapterId: _c, measureId: _m, ...item }: FormItem): FormItem {
  return item as FormItem;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation, role, locked, user } = await requireResponse(request, params, "read");
  // Only this section's answers are read: the page shows one section and its own progress.
  const page = sectionPage(organisation.id, response.id, response.consultation.template, params.sectionId);
  if (!page) throw notFound();
  const { section, progress, answers, prev, next } = page;
  const stored = Object.fromEntries(
    section.items.flatMap((item) => {
      const a = answers.get(item.key);
      return a ? [[item.key, { value: a.value, version: a.version, updatedByName: a.updatedByName, updatedAt: a.updatedAt.toISOString() }]] : [];
    }),
  );
  return {
    base: `/o/${organisation.slug}/r/${response.id}`,
    title: response.consultation.template.title,
    organisationName: organisation.name,
    canEdit: can(role, "edit") && !locked,
    cockpit: sectionWork(organisation.id, response.id, section.items.map((item) => item.key), role, locked),
    section: { id: section.id, heading: sectionHeading(section), progress },
    // Each measure one unit (its Ja/Nei, feedback and, beside them, what the organisation says).
    units: pageUnits(section, response.consultation.template).map((unit) => ({ ...unit, items: unit.items.map(pageItem) })),
    prev: prev && { id: prev.id, heading: sectionHeading(prev) },
    next: next && { id: next.id, heading: sectionHeading(next) },
    stored,
    references: chapterReferences(organisation.id, response.id, response.consultation.template, section.id),
    // Comment threads of the section's questions (one query for threads, one for comments).
    discussion: discussionFor({ organisationId: organisation.id, responseId: response.id, keys: section.items.map((i) => i.key), userId: user.id, role, locked }),
    // Members' voice: tallies per measure, the suggested ranking (null for parts without measures).
    voice: pageVoice({ organisationId: organisation.id, responseId: response.id, template: response.consultation.template, sectionId: params.sectionId, userId: user.id, canPosition: can(role, "position") && !locked, canEdit: can(role, "edit") && !locked, base: `/o/${organisation.slug}/r/${response.id}` }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { response, organisation, user } = await requireResponse(request, params, "edit");
  // The action needs only the section's items; progress (sectionViews) is for the page.
  const section = formSections(response.consultation.template).find((s) => s.id === params.sectionId);
  if (!section) throw notFound();
  const lang = await getLang(request);
  const t = translator(lang);
  const formData = await readForm(request);
  // A real post has one entry per input (a ranking one per measure) plus its version; thousands
  // of crafted fields would only cost parsing time.
  const inputs = section.items.reduce((n, item) => n + (item.rankOptions?.length ?? 1) + 1, 0);
  if ([...formData.keys()].length > 2 * inputs + 10) throw new Response("Bad Request: too many form fields", { status: 400 });
  // Built once per (consultation version, section, language), not per request.
  const submission = parseWithZod(formData, { schema: cachedSectionSchema(section.items, lang) });
  if (submission.status !== "success")
    return data({ result: submission.reply(), conflicts: [] as Conflict[], versions: undefined }, { status: 400 });

  const { v: baseVersions = {}, autosave, intent: _intent, ...values } = submission.value as Record<string, unknown> & {
    v?: Record<string, number>;
    autosave?: string;
  };
  const result = saveSectionForm({
    organisationId: organisation.id,
    responseId: response.id,
    items: section.items,
    values,
    baseVersions,
    userId: user.id,
  });
  if (result.status === "notAsked")
    return data(
      { result: submission.reply({ fieldErrors: notAskedErrors(result.problems, section.items, baseVersions, t) }), conflicts: [] as Conflict[], versions: undefined },
      { status: 400 },
    );
  if (result.status === "conflict")
    return data({ result: submission.reply(), conflicts: withDiff(result.conflicts, section.items, t), versions: undefined }, { status: 409 });
  if (!autosave) throw redirect(`${new URL(request.url).pathname}?saved=${result.changed.length}`);
  return { result: submission.reply(), conflicts: [] as Conflict[], versions: result.versions };
}

const ANSWER_FORM = "answers";

/** The label of the answer a conditional item is asked on, as its trigger shows it. */
function askedOnLabel(item: FormItem, items: FormItem[], t: Translate): string {
  const trigger = items.find((i) => i.key === item.askedWhen!.key);
  return yesNoLabels(trigger ?? {}, t)[item.askedWhen!.answer];
}

export default function SectionPage() {
  const { base, title, organisationName, canEdit, cockpit, section, units, prev, next, stored, references, discussion, voice } = useLoaderData<typeof loader>();
  const items = useMemo(() => units.flatMap((unit) => unit.items), [units]);
  /**
   * Beside a unit's answers: the members' tally (a measure) or suggested ranking (the priority
   * question), what reference organisations answered, then each question's comment threads.
   */
  const voiceOf = (unit: (typeof units)[number]) => {
    const support = unit.kind === "measure" ? unit.items.find((item) => item.answerType === "yes_no") : undefined;
    const lines = support ? references[support.key] : undefined;
    return (
      <>
        {unit.items.map((item) => (
          <Voice key={`voice-${item.key}`} voice={voice} item={item} />
        ))}
        {lines ? <MeasureReferences lines={lines} labels={yesNoLabels(support!, t)} /> : null}
        {unit.items.map((item) => (
          <LazyQuestionThreads
            key={item.key}
            questionKey={item.key}
            number={item.number}
            discussion={discussion}
            // Hidden with its question while that is not asked.
            hidden={canEdit && hydrated && !isAsked(item, valueOf) && !isAnswered(stored[item.key]?.value)}
          />
        ))}
      </>
    );
  };
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const t = useT();
  const posted = (actionData?.result?.initialValue ?? undefined) as Record<string, unknown> | undefined;
  const serverErrors = actionData?.result?.error ?? undefined;
  const [yesNo, setYesNo] = useState<Record<string, string | undefined>>({});
  const [states, setStates] = useState<Record<string, SaveState>>({});
  const onStateChange = useCallback((field: string, state: SaveState) => setStates((s) => ({ ...s, [field]: state })), []);
  const unsaved = Object.values(states).some((s) => s === "dirty" || s === "saving" || s === "error" || s === "conflict");
  const savedCount = typeof window === "undefined" ? null : new URLSearchParams(window.location.search).get("saved");

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
          {organisationName} · {title}
        </Link>
      </nav>
      <header>
        <h1>{sectionTitle(section.heading, t)}</h1>
        <ProgressBar progress={section.progress} />
        <LazyOpenCommentCount discussion={discussion} href={`${base}?comments=open`} />
      </header>
      {cockpit.lock ? <LockBanner base={base} submittedOn={cockpit.lock.submittedOn} /> : null}
      {cockpit.canWork ? (
        <ChapterBulk
          base={base}
          pending={items.flatMap((item) => (cockpit.work[item.key]!.status === "agreed" ? [] : [`${item.key}@${cockpit.work[item.key]!.version}`]))}
          members={cockpit.members}
          returnTo={`${base}/c/${section.id}`}
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
      <AnswerFormContext.Provider value={canEdit ? ANSWER_FORM : undefined}>
        <div className="stack units">
          {units.map((unit) => (
            <UnitFrame key={unit.id} unit={unit} voice={voiceOf(unit)}>
              {unit.items.map((item) => {
                const work = (
                  <WorkControls
                    base={base}
                    itemKey={item.key}
                    number={item.number}
                    work={cockpit.work[item.key]!}
                    members={cockpit.members}
                    editable={cockpit.canWork}
                    returnTo={`${base}/c/${section.id}#q-${item.number}`}
                  />
                );
                if (!canEdit)
                  return (
                    <div key={item.key} className="question read-only" id={`q-${item.number}`}>
                      <p className="question-text">
                        <span className="item-number">{item.number}.</span> {item.text}
                      </p>
                      <AnswerText item={item} value={stored[item.key]?.value} />
                      {work}
                    </div>
                  );
                const field = fieldName(item.key);
                const asked = isAsked(item, valueOf);
                return (
                  <Fragment key={item.key}>
                  <QuestionBlock
                    item={item}
                    stored={stored[item.key]}
                    posted={posted?.[field]}
                    formRound={actionData}
                    serverErrors={serverErrors?.[field] ?? collectNested(serverErrors, field)}
                    conflict={actionData?.conflicts.find((c) => c.field === field)}
                    historyHref={`${base}/history/${encodeURIComponent(item.key)}`}
                    // Feedback not asked stays visible while it holds stored text, so the user can empty it
                    // (the conditional rule refuses the other answer until then).
                    hidden={hydrated && !asked && !isAnswered(stored[item.key]?.value)}
                    hint={item.askedWhen ? t("drafting.askedWhen", { answer: askedOnLabel(item, items, t) }) : undefined}
                    onYesNo={item.answerType === "yes_no" ? (value) => setYesNo((s) => ({ ...s, [item.key]: value })) : undefined}
                    onStateChange={onStateChange}
                  />
                  {work}
                  </Fragment>
                );
              })}
            </UnitFrame>
          ))}
        </div>
      </AnswerFormContext.Provider>
      {canEdit ? (
        // The answer inputs above belong to this form through their `form` attribute (see answer-form.ts).
        <Form method="post" id={ANSWER_FORM} className="actions sticky-actions" noValidate>
          <button type="submit" name="intent" value="save" disabled={navigation.state === "submitting"}>
            {t("drafting.saveAll")}
          </button>
          {unsaved ? <span className="muted">{t("drafting.unsavedHint")}</span> : null}
        </Form>
      ) : null}
      {/* The comment forms (hidden fields); the fields beside each question name them with `form`. */}
      <LazyDiscussionForms base={base} items={items} discussion={discussion} sectionId={section.id} />
      {/* The members' voice forms (quick views, adopt); their buttons name them with `form`. */}
      <Voice voice={voice} />
      <nav className="actions pager" aria-label={t("drafting.sections")}>
        {prev ? (
          <Link to={`${base}/c/${prev.id}`} rel="prev">
            ← {sectionTitle(prev.heading, t)}
          </Link>
        ) : null}
        <Link to={base}>{t("drafting.overview")}</Link>
        {next ? (
          <Link to={`${base}/c/${next.id}`} rel="next">
            {sectionTitle(next.heading, t)} →
          </Link>
        ) : null}
      </nav>
    </article>
  );
}

/** Errors Conform filed under a nested name (a ranking's `<field>.<measure>`) or the field itself. */
function collectNested(errors: Record<string, string[] | null> | undefined, field: string): string[] | undefined {
  if (!errors) return undefined;
  const nested = Object.entries(errors)
    .filter(([name]) => name.startsWith(`${field}.`))
    .flatMap(([, e]) => e ?? []);
  return nested.length ? nested : undefined;
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
