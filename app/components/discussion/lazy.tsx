/**
 * The chapter page's way in to the discussion: its code is a chunk of its own, so the page's
 * bundle (near its 100 kB budget) does not grow. The server renders the whole document before
 * sending it (entry.server.tsx waits for onAllReady), so the folded blocks are in the HTML, with or
 * without JavaScript; in the browser the chunk is loaded before the page hydrates (lazyPart; no
 * Suspense boundary is left dehydrated, the cause of #421). Memoised: a re-render of the page (a
 * person typing) does not re-render the blocks.
 */
import { lazyPart } from "~/lib/lazy-part";
import { memo, type ComponentProps } from "react";

const Threads = lazyPart(() => import("./question-threads").then((m) => m.QuestionThreads));
const Count = lazyPart(() => import("./question-threads").then((m) => m.OpenCommentCount));

export const LazyQuestionThreads = memo((props: ComponentProps<typeof Threads>) => (
  <>
    <Threads {...props} />
  </>
));

export const LazyOpenCommentCount = memo((props: ComponentProps<typeof Count>) => (
  <>
    <Count {...props} />
  </>
));
