/**
 * The chapter page's entry to the reference answers beside a measure: a chunk of its own (the
 * page's JS budget), server-rendered whole and loaded before the page hydrates (lazyPart); memoised
 * so a re-render of the page does not re-render it.
 */
import { lazyPart } from "~/lib/lazy-part";
import { memo, type ComponentProps } from "react";

const References = lazyPart(() => import("./measure-references").then((m) => m.MeasureReferences));

type Props = ComponentProps<typeof References>;

export const LazyMeasureReferences = memo(
  (props: Props) => (
    <>
      <References {...props} />
    </>
  ),
  // The labels are built per render; equal words are equal props.
  (a: Props, b: Props) => a.lines === b.lines && a.labels.yes === b.labels.yes && a.labels.no === b.labels.no,
);
