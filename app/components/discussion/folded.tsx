/**
 * The chapter page's comment blocks, folded: per question only its summary line with the open and
 * resolved counts (issue 20: the page sends no thread text or comment form it does not show).
 * Opening a block loads the threads' code (question-threads.tsx, a chunk of its own fetched then,
 * not with the page) and the question's threads from its page's loader. Without JavaScript the
 * folded block links to the question's page. What is rendered before opening is this module only,
 * so nothing is left for React to hydrate later (#421): the body is never server-rendered here.
 */
import { Link } from "@remix-run/react";
import { lazy, memo, Suspense, useState } from "react";
import { useT } from "~/lib/i18n";
import { useHydrated } from "~/lib/use-hydrated";
import type { DiscussionCounts } from "~/lib/discussion/types";

/** A comment block's summary line: "Kommentarer til punkt N" with its open and resolved counts. */
export const ThreadsSummary = memo(function ThreadsSummary({ number, open, resolved }: { number: number; open: number; resolved: number }) {
  const t = useT();
  return (
    <summary>
      {t("discussion.heading", { number })}
      {open ? <span className="badge">{t("discussion.openCount", { count: open })}</span> : null}
      {resolved ? <span className="muted small">{` · ${t("discussion.resolvedCount", { count: resolved })}`}</span> : null}
    </summary>
  );
});

const Body = lazy(() => import("./question-threads").then((m) => ({ default: m.ThreadsBody })));

interface Props {
  questionKey: string;
  number: number;
  /** The block's counts, the question's page (threads, form target) and where a plain post returns to. */
  lazy: { counts: { open: number; resolved: number } | undefined; href: string; returnTo: string };
  hidden?: boolean;
}

export const FoldedThreads = memo(function FoldedThreads({ questionKey, number, lazy: part, hidden }: Props) {
  const t = useT();
  const hydrated = useHydrated();
  const [wanted, setWanted] = useState(false);
  const loading = (
    <p className="muted small" role="status">
      {t("discussion.loading")}
    </p>
  );
  return (
    <details
      className="discussion"
      id={`d-${number}`}
      hidden={hidden}
      onToggle={(event) => event.currentTarget.open && setWanted(true)}
      data-question={questionKey}
    >
      <ThreadsSummary number={number} open={part.counts?.open ?? 0} resolved={part.counts?.resolved ?? 0} />
      {wanted ? (
        <Suspense fallback={loading}>
          <Body questionKey={questionKey} number={number} lazy={part} />
        </Suspense>
      ) : hydrated ? (
        loading
      ) : (
        <a className="small" href={part.href}>
          {t("discussion.openPage")}
        </a>
      )}
    </details>
  );
});

/** The chapter's open threads, for its page header (links to the overview's filter). */
export function OpenCommentCount({ discussion, href }: { discussion: DiscussionCounts; href: string }) {
  const t = useT();
  const open = Object.values(discussion.counts).reduce((n, c) => n + c.open, 0);
  return (
    <p className="small open-comments">
      <Link to={href}>{t("discussion.openThreads", { count: open })}</Link>
    </p>
  );
}
