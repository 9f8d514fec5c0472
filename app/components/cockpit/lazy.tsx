/**
 * The chapter page's entry to the status and assignee controls, loaded on demand like members'
 * voice and the threads: the page's JS is held to its budget. The server renders them whole; in
 * the browser the chunk is loaded before the page hydrates (lazyPart; no Suspense boundary is left
 * dehydrated, the cause of #421). Memoised: a re-render of the page does not re-render them.
 */
import { lazyPart } from "~/lib/lazy-part";
import { memo, type ComponentProps } from "react";

const Work = lazyPart(() => import("./work").then((m) => m.WorkControls));
const Bulk = lazyPart(() => import("./work").then((m) => m.ChapterBulk));
const Banner = lazyPart(() => import("./work").then((m) => m.LockBanner));

export const LazyWorkControls = memo((props: ComponentProps<typeof Work>) => (
  <>
    <Work {...props} />
  </>
));

export const LazyChapterBulk = memo((props: ComponentProps<typeof Bulk>) => (
  <>
    <Bulk {...props} />
  </>
));

export const LazyLockBanner = memo((props: ComponentProps<typeof Banner>) => (
  <>
    <Banner {...props} />
  </>
));
