/**
 * A field that gets focus is never left under the page's sticky save bar (issue 20).
 *
 * `scroll-padding-bottom` (styles.css) keeps focus scrolling clear of the bar, but a browser only
 * scrolls a field that is not in view at all: one already partly on screen (a text area whose top
 * shows above the bar) stays where it is, its lower part under the bar. Here, on focus, a field the
 * bar overlaps is scrolled up just far enough to clear it, never so far that its top leaves the
 * screen (a field taller than the room above the bar shows its top, where typing starts).
 */
import { useEffect } from "react";

const MARGIN = 8;

export function useFieldsClearOfBar(barSelector: string) {
  useEffect(() => {
    const onFocusIn = (event: FocusEvent) => {
      const field = event.target;
      if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement)) return;
      const bar = document.querySelector(barSelector);
      if (!bar || bar.contains(field)) return;
      const f = field.getBoundingClientRect();
      const b = bar.getBoundingClientRect();
      if (f.bottom + MARGIN <= b.top || f.top >= b.bottom) return;
      const by = Math.min(f.bottom + MARGIN - b.top, f.top - MARGIN);
      if (by > 0) window.scrollBy({ top: by, behavior: "instant" });
    };
    document.addEventListener("focusin", onFocusIn);
    return () => document.removeEventListener("focusin", onFocusIn);
  }, [barSelector]);
}
