/**
 * The chapter page's entry to members' voice, loaded on demand: the chapter page's JS is held to
 * its budget, so the components (and their strings) come in their own chunk. The server renders
 * them whole (the document is rendered to the end before it is sent); in the browser the chunk is
 * loaded before the page hydrates (lazyPart: no Suspense boundary left dehydrated, the cause of #421).
 */
import { lazyPart } from "~/lib/lazy-part";
import { memo } from "react";
import type { PageVoice, VoiceProps } from "./voice";

// The voice's strings (nb-voice.ts) come with its code, before hydration: a part that suspended for
// them while hydrating was a cause of #421, and one rendered later without them threw.
const LazyVoice = lazyPart(() => import("./voice").then((m) => m.Voice));

/**
 * With `item`: its tally or suggested ranking (or nothing); without: the forms, placed outside the
 * section form. Nothing for parts without measures (`voice` null). Memoised: a re-render of the
 * page does not re-render it.
 */
export const Voice = memo(({ voice, item }: Omit<VoiceProps, "voice"> & { voice: PageVoice | null }) =>
  voice && (
    <>
      <LazyVoice voice={voice} item={item} />
    </>
  ),
);
