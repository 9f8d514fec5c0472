/**
 * The structured form editor: one plain form (works without JavaScript: add/remove/move are
 * submit buttons with `intent` values); with JavaScript every change posts `intent=preview`
 * through a fetcher and the numbering and the problems follow the typing. Problems are shown next
 * to the field whose path they name (`chapters[kap3].measures[kap3-tiltak-4].text`).
 */
import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useT } from "~/lib/i18n";
import { fieldAfterOp, keepJson, opIntent, parseEditorOp, type Draft, type EditorOp } from "~/lib/consultations/editor";
import { AddButton, dom, EditorContext, Field, FieldProblems, Hidden, name, str, useProblems, type P } from "./editor-fields";
import { QUESTION_KINDS, questionKind } from "~/lib/consultations/question-kinds";
import type { PreviewSection } from "~/lib/consultations/consultations.server";
import { NumberingPreview, TemplateProblems } from "./template-views";
import { QUESTION_FIELDS } from "./question-fields";

/** Before paint in the browser (no flash of the form without the kept typing); a no-op on the server. */
const useBeforePaint = typeof document === "undefined" ? useEffect : useLayoutEffect;

export interface EditorPreview {
  intent: "preview";
  problems: { path: string; message: string }[];
  preview: PreviewSection[] | null;
}

function Keep({ path, value, shown }: { path: P; value: unknown; shown: readonly string[] }) {
  const json = keepJson(value, shown);
  return json ? <input type="hidden" name={name([...path, "_keep"])} value={json} /> : null;
}

/** Problems about a whole entry (e.g. "chapter has no measures and no questions"). */
function EntryProblems({ path }: { path: P }) {
  const messages = useProblems(path);
  return <FieldProblems id={`${dom(path)}-problem`} messages={messages} />;
}

/** Move up, move down, remove: buttons labelled with what they act on. */
function ItemTools({ path, index, count, what }: { path: P; index: number; count: number; what: string }) {
  const t = useT();
  const at = path.join(".");
  return (
    <div className="editor-tools">
      <button type="submit" name="intent" value={opIntent("up", at)} disabled={index === 0} aria-label={t("editor.moveUp", { what })} className="secondary">
        ↑
      </button>
      <button type="submit" name="intent" value={opIntent("down", at)} disabled={index === count - 1} aria-label={t("editor.moveDown", { what })} className="secondary">
        ↓
      </button>
      <button type="submit" name="intent" value={opIntent("remove", at)} aria-label={t("editor.remove", { what })} className="secondary">
        {t("editor.removeShort")}
      </button>
    </div>
  );
}

const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);

export function QuestionEditor({ path, question, index, count }: { path: P; question: Record<string, unknown>; index: number; count: number }) {
  const t = useT();
  const kind = questionKind(question.type);
  const Fields = kind ? QUESTION_FIELDS[kind.type as keyof typeof QUESTION_FIELDS] : undefined;
  const typeId = dom([...path, "type"]);
  const what = t("editor.questionN", { n: index + 1 });
  return (
    <fieldset className="editor-item" data-path={path.join(".")}>
      <legend>{what}</legend>
      <ItemTools path={path} index={index} count={count} what={what} />
      <Hidden path={[...path, "id"]} value={question.id} />
      <Keep path={path} value={question} shown={kind?.keys ?? ["type", "id", "text"]} />
      <div className="editor-field">
        <label htmlFor={typeId}>{t("editor.questionType")}</label>
        <select
          id={typeId}
          name={name([...path, "type"])}
          defaultValue={str(question.type)}
          data-refresh
        >
          {QUESTION_KINDS.map((k) => (
            <option key={k.type} value={k.type}>
              {t(k.label)}
            </option>
          ))}
        </select>
      </div>
      <Field path={[...path, "text"]} label={t("editor.questionText")} value={question.text} area />
      {Fields ? <Fields path={path} question={question} /> : null}
    </fieldset>
  );
}

function QuestionList({ path, list, title }: { path: P; list: Record<string, unknown>[]; title?: string }) {
  const t = useT();
  return (
    <div className="stack">
      {title ? <h4>{title}</h4> : null}
      {list.map((q, i) => (
        <QuestionEditor key={i} path={[...path, i]} question={q} index={i} count={list.length} />
      ))}
      <div className="editor-add">
        {QUESTION_KINDS.map((k) => (
          <AddButton key={k.type} path={path} kind={`question-${k.type}`}>
            {t("editor.addQuestion", { type: t(k.label) })}
          </AddButton>
        ))}
      </div>
    </div>
  );
}

const CHAPTER_SHOWN = ["type", "id", "title", "reportChapter", "measures", "priority", "questions"];
const MEASURE_SHOWN = ["id", "text", "reference", "priorityLabel", "support", "feedback", "feedbackAskedOn"];
const PRIORITY_SHOWN = ["text", "maxRanks", "justification"];

/** What a measure asks: the support question or not, the feedback field always, on one answer, or not. */
function MeasureAsks({ path, measure, labels }: { path: P; measure: Record<string, unknown>; labels: { yes: string; no: string } }) {
  const t = useT();
  const supportId = dom([...path, "support"]);
  const feedbackId = dom([...path, "feedback"]);
  const askedId = dom([...path, "feedbackAskedOn"]);
  const feedbackMessages = useProblems([...path, "feedbackAskedOn"]);
  return (
    <div className="editor-row">
      <div className="editor-field">
        <label htmlFor={supportId}>{t("editor.measureSupport")}</label>
        <select id={supportId} name={name([...path, "support"])} defaultValue={measure.support === false ? "false" : ""}>
          <option value="">{t("editor.asked")}</option>
          <option value="false">{t("editor.notAsked")}</option>
        </select>
      </div>
      <div className="editor-field">
        <label htmlFor={feedbackId}>{t("editor.measureFeedback")}</label>
        <select id={feedbackId} name={name([...path, "feedback"])} defaultValue={measure.feedback === false ? "false" : ""}>
          <option value="">{t("editor.asked")}</option>
          <option value="false">{t("editor.notAsked")}</option>
        </select>
      </div>
      <div className="editor-field">
        <label htmlFor={askedId}>{t("editor.feedbackAskedOn")}</label>
        <select
          id={askedId}
          name={name([...path, "feedbackAskedOn"])}
          defaultValue={str(measure.feedbackAskedOn)}
          aria-invalid={feedbackMessages.length ? true : undefined}
          aria-describedby={feedbackMessages.length ? `${askedId}-problem` : undefined}
        >
          <option value="">{t("editor.askedAlways")}</option>
          <option value="yes">{t("editor.askedOnlyOn", { answer: labels.yes })}</option>
          <option value="no">{t("editor.askedOnlyOn", { answer: labels.no })}</option>
        </select>
        <FieldProblems id={`${askedId}-problem`} messages={feedbackMessages} />
      </div>
    </div>
  );
}

function ChapterEditor({ path, chapter, index, count, yesNo }: { path: P; chapter: Record<string, unknown>; index: number; count: number; yesNo: { yes: string; no: string } }) {
  const t = useT();
  const measures = arr(chapter.measures);
  const priority = chapter.priority as Record<string, unknown> | undefined;
  // The chapter's own number (its report chapter) and title, never its place in the list.
  const title = str(chapter.title);
  const own = str(chapter.reportChapter);
  const what = title ? (own && !title.startsWith(own) && !/\d/.test(title) ? `${own} ${title}` : title) : t("editor.chapterUntitled", { n: own || index + 1 });
  const justification = priority?.justification;
  return (
    <fieldset className="editor-item editor-part card" data-path={path.join(".")}>
      <legend>{what}</legend>
      <ItemTools path={path} index={index} count={count} what={what} />
      <EntryProblems path={path} />
      <Hidden path={[...path, "id"]} value={chapter.id} />
      {chapter.type ? <Hidden path={[...path, "type"]} value={chapter.type} /> : null}
      <Keep path={path} value={chapter} shown={CHAPTER_SHOWN} />
      <Field path={[...path, "title"]} label={t("editor.chapterTitle")} value={chapter.title} />
      <Field path={[...path, "reportChapter"]} label={t("editor.reportChapter")} value={chapter.reportChapter} hint={t("editor.optional")} />
      <h4>{t("editor.measures")}</h4>
      {measures.map((m, i) => {
        const mp = [...path, "measures", i];
        const mWhat = t("editor.measureN", { n: i + 1 });
        return (
          <fieldset key={i} className="editor-item" data-path={mp.join(".")}>
            <legend>{mWhat}</legend>
            <ItemTools path={mp} index={i} count={measures.length} what={mWhat} />
            <EntryProblems path={mp} />
            <Hidden path={[...mp, "id"]} value={m.id} />
            <Keep path={mp} value={m} shown={MEASURE_SHOWN} />
            <Field path={[...mp, "text"]} label={t("editor.measureText")} value={m.text} area />
            <Field path={[...mp, "reference"]} label={t("editor.reference")} value={m.reference} hint={t("editor.optional")} />
            <MeasureAsks path={mp} measure={m} labels={yesNo} />
            <Field path={[...mp, "priorityLabel"]} label={t("editor.priorityLabel")} value={m.priorityLabel} hint={t("editor.optional")} />
          </fieldset>
        );
      })}
      <div className="editor-add">
        <AddButton path={[...path, "measures"]} kind="measure">
          {t("editor.addMeasure")}
        </AddButton>
      </div>
      <h4>{t("editor.priority")}</h4>
      {priority ? (
        <fieldset className="editor-item" data-path={[...path, "priority"].join(".")}>
          <legend>{t("editor.priority")}</legend>
          <button type="submit" name="intent" value={opIntent("remove", [...path, "priority"].join("."))} className="secondary">
            {t("editor.removePriority")}
          </button>
          <EntryProblems path={[...path, "priority"]} />
          <Keep path={[...path, "priority"]} value={priority} shown={PRIORITY_SHOWN} />
          <Field path={[...path, "priority", "maxRanks"]} label={t("editor.maxRanks")} value={priority.maxRanks} type="number" />
          <Field path={[...path, "priority", "text"]} label={t("editor.priorityText")} value={priority.text} hint={t("editor.defaultText")} area />
          <div className="editor-field">
            <label>
              <input
                type="checkbox"
                name={name([...path, "priority", "justificationOff"])}
                value="true"
                defaultChecked={justification === false}
              />{" "}
              {t("editor.noJustification")}
            </label>
          </div>
          <Field
            path={[...path, "priority", "justification", "text"]}
            label={t("editor.justificationText")}
            value={justification && typeof justification === "object" ? (justification as Record<string, unknown>).text : ""}
            hint={t("editor.defaultText")}
            area
          />
        </fieldset>
      ) : (
        <div className="editor-add">
          <AddButton path={[...path, "priority"]} kind="priority">
            {t("editor.addPriority")}
          </AddButton>
        </div>
      )}
      <QuestionList path={[...path, "questions"]} list={arr(chapter.questions)} title={t("editor.chapterQuestions")} />
    </fieldset>
  );
}

function GroupEditor({ path, group, index, count }: { path: P; group: Record<string, unknown>; index: number; count: number }) {
  const t = useT();
  const what = t("editor.groupN", { n: index + 1, title: str(group.title) });
  return (
    <fieldset className="editor-item editor-part card" data-path={path.join(".")}>
      <legend>{what}</legend>
      <ItemTools path={path} index={index} count={count} what={what} />
      <EntryProblems path={path} />
      <Hidden path={[...path, "type"]} value="group" />
      <Hidden path={[...path, "id"]} value={group.id} />
      <Keep path={path} value={group} shown={["type", "id", "title", "questions"]} />
      <Field path={[...path, "title"]} label={t("editor.groupTitle")} value={group.title} hint={t("editor.optional")} />
      <EntryProblems path={[...path, "questions"]} />
      <QuestionList path={[...path, "questions"]} list={arr(group.questions)} />
    </fieldset>
  );
}

const labelsOf = (draft: Draft) => {
  const labels = draft.yesNoLabels as Record<string, unknown> | undefined;
  return { yes: str(labels?.yes), no: str(labels?.no) };
};

/** A draft's review notes (what a printout could not show): each kept until marked checked. */
function ReviewNotes({ notes }: { notes: Record<string, unknown>[] }) {
  const t = useT();
  if (!notes.length) return null;
  return (
    <section className="stack review-notes" aria-labelledby="editor-review" data-testid="review-notes">
      <h4 id="editor-review">{t("editor.review.title", { count: notes.length })}</h4>
      <p className="muted">{t("editor.review.intro")}</p>
      <ul>
        {notes.map((note, i) => (
          <li key={i}>
            {["path", "number", "note"].map((field) => (note[field] !== undefined ? <Hidden key={field} path={["review", i, field]} value={note[field]} /> : null))}
            <span>
              {note.number ? <strong>{t("editor.review.number", { number: str(note.number) })} </strong> : null}
              <code>{str(note.path)}</code>: {str(note.note)}
            </span>{" "}
            <button type="submit" name="intent" value={opIntent("remove", `review.${i}`)} className="secondary">
              {t("editor.review.done")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

const TEMPLATE_SHOWN = ["id", "title", "issuer", "caseNumber", "deadline", "language", "sourceUrl", "yesNoLabels", "measureDefaults", "review", "sender", "chapters", "general"];

interface Answer {
  draft: Draft;
  problems: { path: string; message: string }[];
  /** Changes whenever the server sends a new draft: the inputs are rebuilt from it. */
  rev: string;
  /** After add/remove/move: the entry (and button) to focus, so keyboard users stay where they were. */
  focus?: { path: string; button?: string };
  /** The draft is the server's answer to an add/remove/move (false: the posted form as it was, or the stored draft). */
  opApplied: boolean;
  /** Which of this page's posts the answer is for (the `sent` field); none for the stored draft. */
  sent?: number;
}

export function TemplateEditor({
  version,
  busy,
  initialPreview,
  ...answer
}: Answer & {
  version: number;
  busy: boolean;
  initialPreview: EditorPreview | null;
}) {
  const t = useT();
  // Clicks overtake each other: an answer to a post that a later post has superseded (the later one
  // was sent from the form as it was before this answer arrived) is not shown; the later one's will be.
  const sentCount = useRef(0);
  const sentRef = useRef<HTMLInputElement>(null);
  const shown = useRef(answer);
  if (answer.sent === undefined || answer.sent >= sentCount.current) shown.current = answer;
  const { draft, problems, rev, focus, opApplied } = shown.current;
  const fetcher = useFetcher<EditorPreview>();
  const formRef = useRef<HTMLFormElement>(null);
  const refreshRef = useRef<HTMLButtonElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [typed, setTyped] = useState(false);
  const lastNumbering = useRef<PreviewSection[] | null>(initialPreview?.preview ?? null);
  // Typing while a post is on its way (add, move, save…): the answer rebuilds the form from what was
  // posted, so what was typed since is kept here and put back, in the field it moved to.
  const inFlight = useRef<{ op: EditorOp | null; edits: Map<string, string | boolean>; last?: string } | null>(null);
  const keptEdits = useRef(false);
  useEffect(() => () => clearTimeout(timer.current), []);
  useBeforePaint(() => {
    const pending = inFlight.current;
    inFlight.current = null;
    keptEdits.current = false;
    const form = formRef.current;
    if (!pending?.edits.size || !form) return;
    let focusField: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | undefined;
    for (const [field, value] of pending.edits) {
      const moved = fieldAfterOp(field, opApplied ? pending.op : null, draft);
      const element = moved ? form.elements.namedItem(moved) : null;
      if (element instanceof HTMLInputElement && element.type === "checkbox") element.checked = value === true;
      else if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) element.value = String(value);
      else continue;
      if (field === pending.last) focusField = element;
    }
    keptEdits.current = true;
    // The person was typing: they stay in their field, and the preview follows what they typed.
    focusField?.focus();
    if (focusField instanceof HTMLInputElement || focusField instanceof HTMLTextAreaElement) focusField.setSelectionRange?.(focusField.value.length, focusField.value.length);
    schedulePreview();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when a new draft arrives
  }, [rev]);
  useEffect(() => {
    setTyped(keptEdits.current);
    const form = formRef.current;
    if (!form || !focus || keptEdits.current) return;
    const entry = form.querySelector<HTMLElement>(`[data-path="${CSS.escape(focus.path)}"]`);
    const button = focus.button ? form.querySelector<HTMLElement>(`button[value="${CSS.escape(focus.button)}"]`) : null;
    const target = button && !button.hasAttribute("disabled") ? button : entry?.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea");
    target?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when a new draft arrives
  }, [rev]);

  const live = typed ? fetcher.data : undefined;
  const shownProblems = live ? live.problems : problems;
  if (live?.preview) lastNumbering.current = live.preview;
  if (!typed && initialPreview?.preview) lastNumbering.current = initialPreview.preview;
  const byPath = new Map<string, string[]>();
  for (const p of shownProblems) byPath.set(p.path, [...(byPath.get(p.path) ?? []), p.message]);

  const onChange = (event: React.FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLElement;
    if (target instanceof HTMLSelectElement && target.dataset.refresh !== undefined) {
      formRef.current?.requestSubmit(refreshRef.current ?? undefined);
      return;
    }
    const field = target as HTMLInputElement;
    if (inFlight.current && field.name) {
      inFlight.current.edits.set(field.name, field.type === "checkbox" ? field.checked : field.value);
      inFlight.current.last = field.name;
    }
    schedulePreview();
  };
  function schedulePreview() {
    setTyped(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      const form = new FormData(formRef.current);
      form.set("intent", "preview");
      fetcher.submit(form, { method: "post" });
    }, 400);
  }
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const intent = submitter instanceof HTMLButtonElement && submitter.name === "intent" ? submitter.value : "";
    inFlight.current = { op: parseEditorOp(intent), edits: new Map() };
    if (sentRef.current) sentRef.current.value = String(++sentCount.current);
  };

  const chapters = arr(draft.chapters);
  const yesNo = { yes: labelsOf(draft).yes || t("answer.yes"), no: labelsOf(draft).no || t("answer.no") };
  return (
    <EditorContext.Provider value={{ draft, problems: byPath }}>
      <div className="editor-layout">
        <Form method="post" ref={formRef} className="stack template-editor" onChange={onChange} onSubmit={onSubmit} key={rev} noValidate aria-busy={busy || undefined} data-answered={shown.current.sent}>
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="sent" ref={sentRef} defaultValue={sentCount.current || ""} />
          {/* The first submit button is the one Enter presses: it only re-renders the form. */}
          <button type="submit" name="intent" value="refresh" ref={refreshRef} className="secondary">
            {t("editor.refresh")}
          </button>
          <TemplateProblems problems={shownProblems} id="editor-problems" />
          <section className="card stack" aria-labelledby="editor-meta">
            <h3 id="editor-meta">{t("editor.metadata")}</h3>
            <Keep path={[]} value={draft} shown={TEMPLATE_SHOWN} />
            <ReviewNotes notes={arr(draft.review)} />
            <Field path={["id"]} label={t("editor.id")} value={draft.id} hint={t("editor.idHint")} />
            <Field path={["title"]} label={t("editor.title")} value={draft.title} />
            <Field path={["issuer"]} label={t("editor.issuer")} value={draft.issuer} />
            <Field path={["caseNumber"]} label={t("editor.caseNumber")} value={draft.caseNumber} />
            <Field path={["deadline"]} label={t("editor.deadline")} value={draft.deadline} type="date" />
            <div className="editor-field">
              <label htmlFor="f-language">{t("editor.language")}</label>
              <select id="f-language" name={name(["language"])} defaultValue={str(draft.language)}>
                <option value="nb">{t("editor.language.nb")}</option>
                <option value="nn">{t("editor.language.nn")}</option>
                <option value="en">{t("editor.language.en")}</option>
              </select>
            </div>
            <Field path={["sourceUrl"]} label={t("editor.sourceUrl")} value={draft.sourceUrl} type="url" hint={t("editor.optional")} />
            <div className="editor-row">
              <Field path={["yesNoLabels", "yes"]} label={t("editor.yesLabel")} value={labelsOf(draft).yes} hint={t("editor.yesNoHint")} />
              <Field path={["yesNoLabels", "no"]} label={t("editor.noLabel")} value={labelsOf(draft).no} />
            </div>
            <div className="editor-row">
              <Field path={["measureDefaults", "supportQuestion"]} label={t("editor.defaultSupportQuestion")} value={(draft.measureDefaults as Record<string, unknown> | undefined)?.supportQuestion} hint={t("editor.optional")} />
              <Field path={["measureDefaults", "feedbackText"]} label={t("editor.defaultFeedbackText")} value={(draft.measureDefaults as Record<string, unknown> | undefined)?.feedbackText} hint={t("editor.optional")} />
            </div>
          </section>
          <section className="card stack" aria-labelledby="editor-sender">
            <h3 id="editor-sender">{t("editor.sender")}</h3>
            <QuestionList path={["sender"]} list={arr(draft.sender)} />
          </section>
          <section className="stack" aria-labelledby="editor-parts">
            <h3 id="editor-parts">{t("editor.parts")}</h3>
            {chapters.map((part, i) =>
              part.type === "group" ? (
                <GroupEditor key={i} path={["chapters", i]} group={part} index={i} count={chapters.length} />
              ) : (
                <ChapterEditor key={i} path={["chapters", i]} chapter={part} index={i} count={chapters.length} yesNo={yesNo} />
              ),
            )}
            <div className="editor-add">
              <AddButton path={["chapters"]} kind="chapter">
                {t("editor.addChapter")}
              </AddButton>
              <AddButton path={["chapters"]} kind="group">
                {t("editor.addGroup")}
              </AddButton>
            </div>
          </section>
          <section className="card stack" aria-labelledby="editor-general">
            <h3 id="editor-general">{t("editor.general")}</h3>
            <QuestionList path={["general"]} list={arr(draft.general)} />
          </section>
          <button type="submit" name="intent" value="save" disabled={busy}>
            {t("editor.save")}
          </button>
        </Form>
        <aside className="stack live-preview" aria-labelledby="editor-numbering" tabIndex={0}>
          <p className="muted" role="status">
            {fetcher.state !== "idle" ? t("consultations.livePreviewPending") : shownProblems.length ? t("editor.previewStale") : t("editor.previewLive")}
          </p>
          {lastNumbering.current ? <NumberingPreview sections={lastNumbering.current} id="editor-numbering" headingLevel={4} /> : null}
        </aside>
      </div>
    </EditorContext.Provider>
  );
}

