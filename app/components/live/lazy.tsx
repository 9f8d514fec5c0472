/**
 * The presence chips and "skriver …" load only once somebody else is here (the chapter page's JS
 * budget): until then these render nothing and fetch nothing.
 */
import { lazy, Suspense } from "react";
import { usePresence } from "~/lib/live/live-state";

const Chips = lazy(() => import("./presence-chips").then((m) => ({ default: m.PresenceChips })));
const TypingNames = lazy(() => import("./typing").then((m) => ({ default: m.Typing })));

export function PresenceChips(props: { sectionId: string | null; sectionNames?: Record<string, string> }) {
  return usePresence().length ? (
    <Suspense fallback={null}>
      <Chips {...props} />
    </Suspense>
  ) : null;
}

export function Typing({ questionKey }: { questionKey: string }) {
  return usePresence().some((user) => user.questions.includes(questionKey)) ? (
    <Suspense fallback={null}>
      <TypingNames questionKey={questionKey} />
    </Suspense>
  ) : null;
}
