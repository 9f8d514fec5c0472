/**
 * The chapter page's way in to the discussion: its code is a chunk of its own, so the page's
 * bundle (near its 100 kB budget) does not grow. The server renders the whole document before
 * sending it (entry.server.tsx waits for onAllReady), so the threads are in the HTML, with or
 * without JavaScript; the browser keeps that HTML until the chunk has arrived and hydrates it then.
 */
import { lazy, Suspense, type ComponentProps } from "react";

const Threads = lazy(() => import("./question-threads").then((m) => ({ default: m.QuestionThreads })));
const Count = lazy(() => import("./question-threads").then((m) => ({ default: m.OpenCommentCount })));
const Forms = lazy(() => import("./discussion-forms").then((m) => ({ default: m.DiscussionForms })));

export function LazyQuestionThreads(props: ComponentProps<typeof Threads>) {
  return (
    <Suspense fallback={null}>
      <Threads {...props} />
    </Suspense>
  );
}

export function LazyDiscussionForms(props: ComponentProps<typeof Forms>) {
  return (
    <Suspense fallback={null}>
      <Forms {...props} />
    </Suspense>
  );
}

export function LazyOpenCommentCount(props: ComponentProps<typeof Count>) {
  return (
    <Suspense fallback={null}>
      <Count {...props} />
    </Suspense>
  );
}
