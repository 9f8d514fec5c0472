/**
 * The presence chips and "skriver …" load only once somebody else is here (the chapter page's JS
 * budget): until then these render nothing and fetch nothing.
 */
import { lazy, Suspense } from "react";
import { useT } from "~/lib/i18n";
import { useOffline, usePresence } from "~/lib/live/live-state";

const Chips = lazy(() => import("./presence-chips").then((m) => ({ default: m.PresenceChips })));
const TypingNames = lazy(() => import("./typing").then((m) => ({ default: m.Typing })));

export function PresenceChips(props: { sectionId: string | null; sectionNames?: Record<string, string> }) {
  const t = useT();
  const offline = useOffline();
  const present = usePresence().length > 0;
  if (offline)
    return (
      <p className="muted small" role="status">
        {t("live.offline")}
      </p>
    );
  return present ? (
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
