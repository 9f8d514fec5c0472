/**
 * The browser side of live updates (a lazy chunk: loaded after hydration, never needed without JS).
 *
 * One EventSource per response, kept across client-side navigation between its pages. Answer
 * events go to the question blocks (live-state.ts), presence to the chips; anything else (statuses,
 * comments, members' views, submissions, and others' saves for progress and activity) makes the
 * page reload its data, at most every REVALIDATE_GAP_MS and only while the tab is visible. The
 * browser resumes a dropped stream itself, sending Last-Event-ID. A tab hidden for HIDDEN_CLOSE_MS
 * closes its stream (browsers allow six HTTP/1.1 connections per server, and a stream holds one)
 * and, shown again, reopens it after the last event it had: what it missed arrives then.
 *
 * Presence: the tab reports where it is (section, and the question it has focus in) on focus
 * changes and every PRESENCE_HEARTBEAT_MS while visible and in use; it leaves when hidden or closed.
 */
import { addNorwegianStrings } from "~/lib/i18n";
import { nbLive } from "~/lib/i18n/nb-live";
import { PRESENCE_HEARTBEAT_MS } from "../../../db/presence-heartbeat";
import { publishAnswer, setAnnouncer, setOffline, setPresence, type LiveAnswer, type PresentUser } from "./live-state";

addNorwegianStrings(nbLive);

export interface Follower {
  base: string;
  cursor: number;
  userId: number;
  sectionId: string | null;
  /** Starts a background revalidation; false when the page is busy (it is tried again later). */
  revalidate: () => boolean;
}

const REVALIDATE_GAP_MS = 1_500;
/** A tab nobody typed or clicked in for this long stops saying it is here (it then expires). */
const IDLE_MS = 5 * 60 * 1000;
/** Kept open this long after the last page using it unmounts (the next page usually follows at once). */
const LINGER_MS = 3_000;
const HIDDEN_CLOSE_MS = 30_000;
/** The server may set another delay (HIDDEN_CLOSE_MS, for tests) on <html data-hidden-close-ms>. */
const hiddenCloseMs = () => Number(document.documentElement.dataset.hiddenCloseMs) || HIDDEN_CLOSE_MS;
const CHANGE_KINDS = ["work", "thread", "comment", "view", "ranking", "reference", "submission", "response"];

interface Connection {
  base: string;
  userId: number;
  source: EventSource | undefined;
  /** The newest event id received: where a reopened stream resumes. */
  lastEventId: number;
  hiddenTimer?: ReturnType<typeof setTimeout>;
  followers: Follower[];
  question: string | null;
  lastRevalidate: number;
  revalidateTimer?: ReturnType<typeof setTimeout>;
  pendingWhileHidden: boolean;
  lingerTimer?: ReturnType<typeof setTimeout>;
  heartbeat: ReturnType<typeof setInterval>;
  lastActivity: number;
  teardown: () => void;
}

let current: Connection | undefined;

function tabId(): string {
  try {
    let id = sessionStorage.getItem("live-tab");
    if (!id) sessionStorage.setItem("live-tab", (id = crypto.randomUUID().replaceAll("-", "")));
    return id;
  } catch {
    return (tabIdFallback ??= Math.random().toString(36).slice(2).padEnd(12, "0"));
  }
}
let tabIdFallback: string | undefined;

function report(connection: Connection, intent: "here" | "leave") {
  const follower = connection.followers.at(-1);
  const body = new URLSearchParams({ intent, tab: tabId() });
  if (intent === "here" && follower?.sectionId) body.set("section", follower.sectionId);
  if (intent === "here" && connection.question) body.set("question", connection.question);
  // keepalive: a "leave" sent as the tab closes still goes out.
  void fetch(`${connection.base}/presence`, { method: "POST", body, keepalive: true, credentials: "same-origin" }).catch(() => {});
}

/**
 * Revalidations this tab starts by itself are background requests: their `.data` requests (one per
 * group of routes: the page's and the root's) carry BACKGROUND_HEADER, so the server does not count
 * them as the person's activity and an unattended tab never extends the 8-hour idle timeout. Remix
 * offers no per-request hook for a revalidation's fetches, so for a second after starting one, GETs
 * of the current page's own `.data` URL are marked; a navigation the person starts fetches another
 * page's URL and goes out unmarked.
 */
const BACKGROUND_HEADER = "X-Background-Request";
let backgroundUntil = 0;
let fetchWrapped = false;

function wrapFetch() {
  if (fetchWrapped) return;
  fetchWrapped = true;
  const original = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    if (Date.now() <= backgroundUntil && !(input instanceof Request) && (init?.method ?? "GET").toUpperCase() === "GET") {
      const url = new URL(String(input), window.location.href);
      const page = window.location.pathname.replace(/\/$/, "") || "/_root";
      if (url.origin === window.location.origin && url.pathname === `${page}.data`) {
        const headers = new Headers(init?.headers);
        headers.set(BACKGROUND_HEADER, "revalidate");
        return original(input, { ...init, headers });
      }
    }
    return original(input, init);
  };
}

function revalidateInBackground(connection: Connection) {
  wrapFetch();
  backgroundUntil = Date.now() + 1_000;
  const follower = connection.followers.at(-1);
  if (follower && !follower.revalidate()) revalidateSoon(connection);
}

function revalidateSoon(connection: Connection) {
  if (document.visibilityState === "hidden") {
    connection.pendingWhileHidden = true;
    return;
  }
  if (connection.revalidateTimer) return;
  const wait = Math.max(0, connection.lastRevalidate + REVALIDATE_GAP_MS - Date.now());
  connection.revalidateTimer = setTimeout(() => {
    connection.revalidateTimer = undefined;
    // Hidden since it was scheduled: it waits for the tab to come back, like any event meanwhile.
    if (document.visibilityState === "hidden") {
      connection.pendingWhileHidden = true;
      return;
    }
    connection.lastRevalidate = Date.now();
    revalidateInBackground(connection);
  }, wait);
}

/** Opens the stream after `connection.lastEventId`, with the page's handlers. */
function listen(connection: Connection): EventSource {
  // The tab id lets the server take the tab off the others' chips when its stream ends without a
  // "leave" (a closed tab's last request does not always go out).
  const source = new EventSource(`${connection.base}/events?after=${connection.lastEventId}&tab=${tabId()}`);
  const track = (event: MessageEvent) => {
    if (event.lastEventId) connection.lastEventId = Number(event.lastEventId);
  };
  source.addEventListener("answer", (event) => {
    track(event);
    const { subject, actor, payload } = JSON.parse(event.data) as { subject: string; actor: number | null; payload: Omit<LiveAnswer, "key" | "actor"> };
    publishAnswer({ key: subject, actor, ...payload });
    // Progress and recent activity follow others' saves; one's own save already reloads the page's data.
    if (actor !== connection.userId) revalidateSoon(connection);
  });
  for (const kind of [...CHANGE_KINDS, "reset"])
    source.addEventListener(kind, (event) => {
      track(event);
      revalidateSoon(connection);
    });
  // The browser reconnects by itself (with Last-Event-ID); meanwhile the page says it is not live.
  source.addEventListener("error", () => setOffline(true));
  source.addEventListener("open", () => {
    setOffline(false);
    // Back after a drop (which took the tab off the chips): here again.
    if (document.visibilityState === "visible") report(connection, "here");
  });
  source.addEventListener("presence", (event) => {
    setPresence((JSON.parse(event.data) as PresentUser[]).filter((user) => user.id !== connection.userId));
  });
  return source;
}

function open(first: Follower): Connection {
  const connection: Connection = {
    base: first.base,
    userId: first.userId,
    source: undefined,
    lastEventId: first.cursor,
    followers: [],
    question: null,
    lastRevalidate: 0,
    pendingWhileHidden: false,
    lastActivity: Date.now(),
    heartbeat: setInterval(() => {
      if (document.visibilityState === "visible" && Date.now() - connection.lastActivity < IDLE_MS) report(connection, "here");
    }, PRESENCE_HEARTBEAT_MS),
    teardown: () => {},
  };

  connection.source = listen(connection);

  let blurTimer: ReturnType<typeof setTimeout> | undefined;
  const onFocusIn = (event: FocusEvent) => {
    const key = (event.target as Element | null)?.closest?.("[data-key]")?.getAttribute("data-key") ?? null;
    clearTimeout(blurTimer);
    if (key === connection.question) return;
    connection.question = key;
    report(connection, "here");
  };
  // Moving between a question's radios blurs and focuses at once: only a real leave is reported.
  const onFocusOut = () => {
    clearTimeout(blurTimer);
    blurTimer = setTimeout(() => {
      if (connection.question === null) return;
      connection.question = null;
      report(connection, "here");
    }, 300);
  };
  const onActivity = () => (connection.lastActivity = Date.now());
  const onVisibility = () => {
    clearTimeout(connection.hiddenTimer);
    if (document.visibilityState === "hidden") {
      connection.hiddenTimer = setTimeout(() => {
        connection.source?.close();
        connection.source = undefined;
      }, hiddenCloseMs());
      return report(connection, "leave");
    }
    connection.source ??= listen(connection);
    connection.lastActivity = Date.now();
    report(connection, "here");
    if (connection.pendingWhileHidden) {
      connection.pendingWhileHidden = false;
      revalidateSoon(connection);
    }
  };
  const onPageHide = () => report(connection, "leave");
  document.addEventListener("focusin", onFocusIn);
  document.addEventListener("focusout", onFocusOut);
  document.addEventListener("keydown", onActivity, { passive: true });
  document.addEventListener("pointerdown", onActivity, { passive: true });
  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("pagehide", onPageHide);

  const announcer = document.createElement("div");
  announcer.className = "visually-hidden";
  announcer.setAttribute("aria-live", "polite");
  announcer.dataset.testid = "live-announcer";
  document.body.append(announcer);
  setAnnouncer((text) => {
    // Emptied first so the same sentence twice is still read out.
    announcer.textContent = "";
    setTimeout(() => (announcer.textContent = text), 50);
  });

  connection.teardown = () => {
    connection.source?.close();
    clearTimeout(connection.hiddenTimer);
    clearInterval(connection.heartbeat);
    clearTimeout(connection.revalidateTimer);
    clearTimeout(blurTimer);
    document.removeEventListener("focusin", onFocusIn);
    document.removeEventListener("focusout", onFocusOut);
    document.removeEventListener("keydown", onActivity);
    document.removeEventListener("pointerdown", onActivity);
    document.removeEventListener("visibilitychange", onVisibility);
    window.removeEventListener("pagehide", onPageHide);
    announcer.remove();
    setAnnouncer(undefined);
    setOffline(false);
    setPresence([]);
    report(connection, "leave");
  };
  return connection;
}

/** A page follows its response; the returned function stops following (the stream lingers briefly). */
export function follow(follower: Follower): () => void {
  if (current && (current.base !== follower.base || current.userId !== follower.userId)) {
    current.teardown();
    current = undefined;
  }
  const connection = (current ??= open(follower));
  clearTimeout(connection.lingerTimer);
  connection.followers.push(follower);
  report(connection, "here");
  return () => {
    connection.followers = connection.followers.filter((f) => f !== follower);
    if (connection.followers.length) return;
    connection.lingerTimer = setTimeout(() => {
      if (current !== connection || connection.followers.length) return;
      connection.teardown();
      current = undefined;
    }, LINGER_MS);
  };
}
