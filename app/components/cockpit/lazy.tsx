/**
 * The chapter page's entry to the status and assignee controls, loaded on demand like members'
 * voice and the threads: the page's JS is held to its budget. The server renders them whole; in
 * the browser React keeps that HTML and hydrates them once the chunk has arrived. Memoised: a
 * re-render of the page before then must not reach the parts still waiting to hydrate.
 */
import { lazyPart } from "~/lib/lazy-part";
import { memo, Suspense, type ComponentProps } from "react";

const Work = lazyPart(() => import("./work").then((m) => m.WorkControls));
const Bulk = lazyPart(() => import("./work").then((m) => m.ChapterBulk));
const Banner = lazyPart(() => import("./work").then((m) => m.LockBanner));

export const LazyWorkControls = memo((props: ComponentProps<typeof Work>) => (
  <Suspense fallback={null}>
    <Work {...props} />
  </Suspense>
));

export const LazyChapterBulk = memo((props: ComponentProps<typeof Bulk>) => (
  <Suspense fallback={null}>
    <Bulk {...props} />
  </Suspense>
));

export const LazyLockBanner = memo((props: ComponentProps<typeof Banner>) => (
  <Suspense fallback={null}>
    <Banner {...props} />
  </Suspense>
));
