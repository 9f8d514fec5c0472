/**
 * The comment threads of one numbered question. The fields here belong to forms rendered beside
 * them (`form="<id>"`: <DiscussionForms> on the question's page, <QuestionForms> inside the block on
 * the chapter page). With JavaScript the posts go through one fetcher per question, so the thread
 * updates in place; without, they are plain posts to the question's page.
 *
 * On the chapter page the block starts folded with only its counts (issue 20: the page sends no
 * thread text or comment form it does not show); opening it loads the question's threads from its
 * page's loader. Without JavaScript the folded block links to that page.
 */
import { useFetcher } from "@remix-run/react";
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from "react";
import { formatDateTime } from "~/lib/dates";
import { COMMENT_MAX, RESOLUTION_NOTE_MAX } from "~/lib/discussion/limits";
import { fetcherKey, formIds, type DiscussionReply } from "~/lib/discussion/form-ids";
import { LinkifiedText } from "~/lib/discussion/linkify";
import { addNorwegianStrings, useLang, useT } from "~/lib/i18n";
import { nbDiscussion } from "~/lib/i18n/nb-discussion";
import { useHydrated } from "~/lib/use-hydrated";
import { QuestionForms } from "./discussion-forms";
import { ThreadsSummary } from "./folded";
import type { ClientDiscussion, ClientThread } from "./types";

addNorwegianStrings(nbDiscussion);

// Loaded the first time someone types "@": the chapter page's bundle stays small.
const MentionSuggest = lazy(() => import("./mention-suggest"));

export { fetcherKey };

interface Props {
  questionKey: string;
  number: number;
  /** The threads (the question's page); absent on the chapter page, which loads them on opening. */
  discussion?: ClientDiscussion;
  /** The chapter page: the folded block's counts, the question's page (threads, form target) and where a plain post returns to. */
  lazy?: { counts: { open: number; resolved: number } | undefined; href: string; returnTo: string };
  /** Open the block on load (the question's own page, or a thread linked to). */
  open?: boolean;
  hidden?: boolean;
  /** A refused no-JavaScript post (the question page's action data). */
  reply?: DiscussionReply;
}

export function QuestionThreads(props: Props) {
  const { questionKey, number, discussion, open, hidden, reply } = props;
  const anyError = Boolean(reply && !reply.ok);
  const threads = discussion ? discussion.threads.filter((th) => th.key === questionKey) : [];
  const openCount = threads.filter((th) => th.status === "open").length;
  return (
    <details className="discussion" id={`d-${number}`} open={open || anyError || undefined} hidden={hidden} data-question={questionKey}>
      <ThreadsSummary number={number} open={openCount} resolved={threads.length - openCount} />
      <ThreadsBody {...props} />
    </details>
  );
}

/**
 * What a comment block holds below its summary: the threads and the forms. On the chapter page
 * (`lazy`) it is rendered only once the block is opened (folded.tsx), and loads the threads then.
 */
export function ThreadsBody({ questionKey, number, discussion: given, lazy, reply: postReply }: Props) {
  const t = useT();
  const fetcher = useFetcher<DiscussionReply>({ key: fetcherKey(questionKey) });
  // The chapter page: the question's page's loader data, loaded on opening (and revalidated with the page).
  const loaded = useFetcher<{ discussion: ClientDiscussion }>({ key: `threads-${questionKey}` });
  const hydrated = useHydrated();
  const rootRef = useRef<HTMLDivElement>(null);
  const [mentionField, setMentionField] = useState<HTMLTextAreaElement | null>(null);
  const discussion = given ?? loaded.data?.discussion;
  useEffect(() => {
    if (lazy && loaded.state === "idle" && !loaded.data) loaded.load(lazy.href);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const threads = discussion ? discussion.threads.filter((th) => th.key === questionKey) : [];
  const reply = fetcher.state === "idle" && fetcher.data ? fetcher.data : postReply;
  const busy = fetcher.state !== "idle";

  // An accepted post: empty its fields and fold its edit box (the refreshed loader data shows the result).
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data?.ok) return;
    const id = fetcher.data.formId;
    rootRef.current?.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>(`[form="${CSS.escape(id)}"]`).forEach((el) => {
      if (el instanceof HTMLTextAreaElement || el.type === "text") el.value = "";
    });
    rootRef.current?.querySelectorAll<HTMLDetailsElement>(`details[data-form="${CSS.escape(id)}"]`).forEach((d) => (d.open = false));
  }, [fetcher.state, fetcher.data]);

  function onInput(event: FormEvent) {
    const target = event.target;
    if (hydrated && discussion?.members.length && target instanceof HTMLTextAreaElement && target.value.includes("@")) setMentionField(target);
  }

  const field = (formId: string) => ({
    error: reply && !reply.ok && reply.formId === formId ? reply.error : undefined,
    body: reply && !reply.ok && reply.formId === formId ? reply.body : undefined,
    note: reply && !reply.ok && reply.formId === formId ? reply.note : undefined,
  });

  return (
    <div className="contents" ref={rootRef} onInput={onInput}>
      {discussion ? (
      <section aria-label={t("discussion.heading", { number })} className="stack-tight">
        {threads.length === 0 ? <p className="muted small">{t("discussion.none")}</p> : null}
        {threads.map((thread) => (
          <Thread key={thread.id} thread={thread} discussion={discussion} field={field} busy={busy} />
        ))}
        {discussion.canComment ? (
          <TextBox
            formId={formIds.comment(questionKey)}
            label={t("discussion.new")}
            hint={t("discussion.newHint", { max: COMMENT_MAX })}
            submit={t("discussion.post")}
            {...field(formIds.comment(questionKey))}
            busy={busy}
          />
        ) : null}
      </section>
      ) : (
        <p className="muted small" role="status">
          {t("discussion.loading")}
        </p>
      )}
      {lazy && discussion ? <QuestionForms questionKey={questionKey} action={lazy.href} discussion={discussion} returnTo={lazy.returnTo} /> : null}
      {mentionField && discussion ? (
        <Suspense fallback={null}>
          <MentionSuggest field={mentionField} members={discussion.members} label={t("discussion.mentionSuggestions")} />
        </Suspense>
      ) : null}
    </div>
  );
}

type FieldOf = (formId: string) => { error?: string; body?: string; note?: string };

function Thread({ thread, discussion, field, busy }: { thread: ClientThread; discussion: ClientDiscussion; field: FieldOf; busy: boolean }) {
  const t = useT();
  const lang = useLang();
  const statusId = formIds.status(thread.id);
  const status = field(statusId);
  const body = (
    <>
      <ol className="plain comments">
        {thread.comments.map((c) => {
          const own = c.authorId === discussion.userId && !c.deleted && discussion.canComment;
          return (
            <li key={c.id} id={`c-${c.id}`} className="comment">
              <p className="comment-meta small">
                <strong>{c.authorName ?? "?"}</strong> <time dateTime={c.createdAt}>{formatDateTime(c.createdAt, lang)}</time>
                {c.edited && !c.deleted ? <span className="muted"> · {t("discussion.edited")}</span> : null}
              </p>
              {c.deleted ? (
                <p className="muted comment-deleted">{t("discussion.deleted")}</p>
              ) : (
                <p className="comment-body">
                  <LinkifiedText text={c.body} />
                </p>
              )}
              {own ? (
                <div className="comment-actions">
                  <details data-form={formIds.edit(c.id)} open={Boolean(field(formIds.edit(c.id)).error) || undefined}>
                    <summary>{t("discussion.edit")}</summary>
                    <TextBox
                      formId={formIds.edit(c.id)}
                      label={t("discussion.editLabel")}
                      submit={t("discussion.save")}
                      defaultValue={c.body}
                      {...field(formIds.edit(c.id))}
                      busy={busy}
                    />
                  </details>
                  <button type="submit" form={formIds.delete(c.id)} className="link-button" disabled={busy}>
                    {t("discussion.delete")}
                  </button>
                  <FieldError formId={formIds.delete(c.id)} error={field(formIds.delete(c.id)).error} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {discussion.canComment && thread.comments.some((c) => !c.deleted) ? (
        <TextBox formId={formIds.reply(thread.id)} label={t("discussion.replyLabel")} submit={t("discussion.reply")} {...field(formIds.reply(thread.id))} busy={busy} small />
      ) : null}
      {discussion.canResolve ? (
        <div className="thread-status">
          {thread.status === "open" ? (
            <>
              <label htmlFor={`in-${statusId}`} className="small">
                {t("discussion.resolveNote")}
              </label>
              <input
                id={`in-${statusId}`}
                type="text"
                name="note"
                form={statusId}
                maxLength={RESOLUTION_NOTE_MAX}
                defaultValue={status.note}
                aria-describedby={status.error ? `err-${statusId}` : undefined}
              />
              <button type="submit" form={statusId} className="secondary" disabled={busy}>
                {t("discussion.resolve")}
              </button>
            </>
          ) : (
            <button type="submit" form={statusId} className="secondary" disabled={busy}>
              {t("discussion.reopen")}
            </button>
          )}
          <FieldError formId={statusId} error={status.error} />
        </div>
      ) : null}
    </>
  );
  return (
    <article className={`thread thread-${thread.status}`} id={`t-${thread.id}`} aria-label={t("discussion.thread")}>
      {thread.status === "resolved" ? (
        <details>
          <summary>
            {t("discussion.resolvedBy", { name: thread.resolvedByName ?? "?" })}
            {thread.note ? <>: «{thread.note}»</> : null} · {thread.comments.length}
          </summary>
          {body}
        </details>
      ) : (
        body
      )}
    </article>
  );
}

function FieldError({ formId, error }: { formId: string; error?: string }) {
  return error ? (
    <p className="field-error" role="alert" id={`err-${formId}`}>
      {error}
    </p>
  ) : null;
}

function TextBox(props: {
  formId: string;
  label: string;
  hint?: string;
  submit: string;
  defaultValue?: string;
  error?: string;
  body?: string;
  busy: boolean;
  small?: boolean;
}) {
  const id = `in-${props.formId}`;
  const describedBy = [props.hint ? `hint-${props.formId}` : "", props.error ? `err-${props.formId}` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="comment-box">
      <label htmlFor={id} className={props.small ? "small" : undefined}>
        {props.label}
      </label>
      {props.hint ? (
        <p className="muted small" id={`hint-${props.formId}`}>
          {props.hint}
        </p>
      ) : null}
      <textarea
        id={id}
        name="body"
        form={props.formId}
        rows={props.small ? 2 : 3}
        maxLength={COMMENT_MAX}
        defaultValue={props.body ?? props.defaultValue}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
      />
      {/* @mention suggestions appear here (mention-suggest.tsx). */}
      <div className="mention-slot" />
      <FieldError formId={props.formId} error={props.error} />
      <button type="submit" form={props.formId} disabled={props.busy}>
        {props.submit}
      </button>
    </div>
  );
}
