/**
 * The chapter page's entry to the reference answers beside a measure: a chunk of its own (the
 * page's JS budget), server-rendered whole and hydrated when it arrives; memoised so a re-render of
 * the page before then does not reach the part still waiting to hydrate.
 */
import { lazyPart } from "~/lib/lazy-part";
import { memo, Suspense, type ComponentProps } from "react";

const References = lazyPart(() => import("./measure-references").then((m) => m.MeasureReferences));

type Props = ComponentProps<typeof References>;

export const LazyMeasureReferences = memo(
  (props: Props) => (
    <Suspense fallback={null}>
      <References {...props} />
    </Suspense>
  ),
  // The labels are built per render; equal words are equal props.
  (a: Props, b: Props) => a.lines === b.lines && a.labels.yes === b.labels.yes && a.labels.no === b.labels.no,
);
