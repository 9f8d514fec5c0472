import { startTransition, useEffect, useState } from "react";

/**
 * False during server render and before hydration: lets JS-only controls stay out of no-JS pages.
 * The flip is a transition: it changes props of lazily loaded parts (a thread hidden with its
 * question) that may still be waiting for their chunk to hydrate; an urgent update there makes
 * React discard their server HTML and log error #421 (issue 20). A transition waits for them.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => startTransition(() => setHydrated(true)), []);
  return hydrated;
}
