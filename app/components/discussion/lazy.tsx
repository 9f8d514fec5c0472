/**
 * The chapter page's way in to the discussion: its code is a chunk of its own, so the page's
 * bundle (near its 100 kB budget) does not grow. The server renders the whole document before
 * sending it (entry.server.tsx waits for onAllReady), so the folded blocks are in the HTML, with or
 * without JavaScript; the browser keeps that HTML until the chunk has arrived and hydrates it then.
 * Memoised: a re-render of the page before then (a person typing right after load) must not reach
 * a boundary still waiting to hydrate; React would throw it away and log error #421 (issue 20).
 */
import { lazyPart } from "~/lib/lazy-part";
import { memo, Suspense, type ComponentProps } from "react";

const Threads = lazyPart(() => import("./question-threads").then((m) => m.QuestionThreads));
const Count = lazyPart(() => import("./question-threads").then((m) => m.OpenCommentCount));

export const LazyQuestionThreads = memo((props: ComponentProps<typeof Threads>) => (
  <Suspense fallback={null}>
    <Threads {...props} />
  </Suspense>
));

export const LazyOpenCommentCount = memo((props: ComponentProps<typeof Count>) => (
  <Suspense fallback={null}>
    <Count {...props} />
  </Suspense>
));
