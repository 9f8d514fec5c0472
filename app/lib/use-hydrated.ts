import { useEffect, useState } from "react";

/** False during server render and before hydration: lets JS-only controls stay out of no-JS pages. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
