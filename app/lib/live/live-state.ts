/**
 * What the page knows live about its response, shared between the page's components and the live
 * connection (connection.ts, a lazy chunk loaded after hydration): who is here, and the answers
 * others save. Kept tiny: it is in the chapter page's main bundle.
 */
import { useFetchers, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useSyncExternalStore } from "react";
import type { AnswerValue } from "../../../consultation/answers";

export interface PresentUser {
  id: number;
  name: string;
  sections: string[];
  questions: string[];
}

/** Someone's committed save of one answer, as the stream delivers it. */
export interface LiveAnswer {
  key: string;
  value: AnswerValue;
  version: number;
  by: string | null;
  /** Epoch ms. */
  at: number;
  actor: number | null;
}

let others: PresentUser[] = [];
let offline = false;
const presenceListeners = new Set<() => void>();
const answerListeners = new Map<string, Set<(answer: LiveAnswer) => void>>();

/** The connection reports who else is here (the reader's own tabs already left out). */
export function setPresence(next: PresentUser[]): void {
  // Every question block listens: a snapshot equal to the one shown (the first one, "nobody else",
  // on every page load) re-renders none of them.
  if (JSON.stringify(next) === JSON.stringify(others)) return;
  others = next;
  presenceListeners.forEach((listener) => listener());
}

/** The stream dropped (the browser is reconnecting): nobody is shown, and the page says so. */
export function setOffline(next: boolean): void {
  if (next === offline && (!next || others.length === 0)) return;
  offline = next;
  if (next) others = [];
  presenceListeners.forEach((listener) => listener());
}

function onPresenceChange(listener: () => void): () => void {
  presenceListeners.add(listener);
  return () => presenceListeners.delete(listener);
}

export function useOffline(): boolean {
  return useSyncExternalStore(onPresenceChange, () => offline, () => false);
}

export function usePresence(): PresentUser[] {
  return useSyncExternalStore(onPresenceChange, () => others, () => NOBODY);
}
const NOBODY: PresentUser[] = [];

let announcer: ((text: string) => void) | undefined;

/** The connection owns a polite live region; blocks announce others' changes through it. */
export function setAnnouncer(next: ((text: string) => void) | undefined): void {
  announcer = next;
}

export function announce(text: string): void {
  announcer?.(text);
}

export function publishAnswer(answer: LiveAnswer): void {
  answerListeners.get(answer.key)?.forEach((listener) => listener(answer));
}

/** A question block listens for saves of its answer (the listener sees the latest render's state). */
export function useLiveAnswer(key: string, listener: (answer: LiveAnswer) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    const call = (answer: LiveAnswer) => latest.current(answer);
    let set = answerListeners.get(key);
    if (!set) answerListeners.set(key, (set = new Set()));
    set.add(call);
    return () => void set.delete(call);
  }, [key]);
}

/**
 * Follows the response live while the page is open: `base` is the response's path, `cursor` the
 * event id its loader read (nothing committed after it is missed), `where` the section shown.
 */
export function useLiveResponse(live: { base: string; cursor: number; userId: number; sectionId: string | null }): void {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const fetchers = useFetchers();
  // A revalidation started while the person navigates, submits or a part of the page loads would
  // abort that request (React Router restarts active loads): it waits instead. Returns whether it ran.
  const busy = navigation.state !== "idle" || revalidator.state !== "idle" || fetchers.some((fetcher) => fetcher.state !== "idle");
  const revalidate = useRef<() => boolean>(() => false);
  revalidate.current = () => {
    if (busy) return false;
    void Promise.resolve(revalidator.revalidate()).catch(() => {});
    return true;
  };
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let release: (() => void) | undefined;
    let cancelled = false;
    void import("./connection").then(({ follow }) => {
      if (!cancelled) release = follow({ ...live, revalidate: () => revalidate.current() });
    });
    return () => {
      cancelled = true;
      release?.();
    };
    // The cursor of a later loader run does not restart a stream that is already further on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.base, live.sectionId, live.userId]);
}
