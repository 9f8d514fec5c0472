/**
 * The chapter page's entry to members' voice, loaded on demand: the chapter page's JS is held to
 * its budget, so the components (and their strings) come in their own chunk. The server renders
 * them whole (the document is rendered to the end before it is sent); in the browser React keeps
 * that HTML and hydrates each part once the chunk has arrived.
 */
import { loadPageStrings } from "~/lib/i18n";
import { lazyPart } from "~/lib/lazy-part";
import { memo, Suspense } from "react";
import type { PageVoice, VoiceProps } from "./voice";

// The voice's strings (nb-pages.ts) come with its code, before hydration: a part that suspended for
// them while hydrating was a cause of #421, and one rendered later without them threw.
const LazyVoice = lazyPart(() => Promise.all([import("./voice"), loadPageStrings()]).then(([m]) => m.Voice));

/**
 * With `item`: its tally or suggested ranking (or nothing); without: the forms, placed outside the
 * section form. Nothing for parts without measures (`voice` null). Memoised: a re-render of the
 * page before the chunk has arrived must not reach the server-rendered part still waiting to
 * hydrate (React would drop it and render it again on the client).
 */
export const Voice = memo(({ voice, item }: Omit<VoiceProps, "voice"> & { voice: PageVoice | null }) =>
  voice && (
    <Suspense fallback={null}>
      <LazyVoice voice={voice} item={item} />
    </Suspense>
  ),
);
