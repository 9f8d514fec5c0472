/**
 * One browser's Server-Sent Events stream of a response (the `…/events` route).
 *
 * Where it starts: the `Last-Event-ID` header a reconnecting EventSource sends, else `?after=`
 * (the event id the page's loader read, so nothing committed between the page and the stream is
 * missed). Heartbeats every HEARTBEAT_MS keep proxies from closing an idle stream, and each one
 * checks again that the reader may still read the response (signed out or session expired: the
 * stream ends); a removal from the organisation ends it sooner, through the hub's membership check.
 * A client that stops reading is cut off at MAX_BUFFERED_BYTES; it reconnects and catches up.
 */
import { liveHub, type LiveStream } from "./hub.server";
import { logger } from "../ops/log.server";

const HEARTBEAT_MS = Number(process.env.LIVE_HEARTBEAT_MS) || 15_000;
const MAX_BUFFERED_BYTES = 1 << 20;
/** Browsers wait this long before reconnecting after a dropped stream. */
const RETRY_MS = 2_000;

export class BadEventIdError extends Error {}

/** The event id to resume after: Last-Event-ID wins over ?after=; absent means "from now" (0 = all kept). */
export function resumePoint(request: Request): number | undefined {
  const raw = request.headers.get("Last-Event-ID") ?? new URL(request.url).searchParams.get("after");
  if (raw === null || raw === "") return undefined;
  if (!/^\d{1,15}$/.test(raw.trim())) throw new BadEventIdError(`Last-Event-ID / after must be an event id (a whole number), not "${raw.slice(0, 40)}".`);
  return Number(raw.trim());
}

export function eventStreamResponse(options: {
  request: Request;
  organisationId: number;
  responseId: number;
  /** The reader: the hub ends the stream within a second of their removal from the organisation. */
  userId: number;
  after: number;
  /** Resolves false when the reader may no longer read this response. */
  stillAllowed: () => Promise<boolean>;
  /** Bytes the socket has not sent yet (from the load context). */
  bufferedBytes?: () => number;
  /** The client went away (closed tab, lost network): not called when the server ends the stream. */
  onClientGone?: () => Promise<void>;
}): Response {
  const { request } = options;
  const encoder = new TextEncoder();
  let closed = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let stream: LiveStream | undefined;
  let controller: ReadableStreamDefaultController<Uint8Array>;

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    if (stream) liveHub.unsubscribe(stream);
    try {
      controller.close();
    } catch {
      /* already closed by the client */
    }
  };

  const body = new ReadableStream<Uint8Array>({
    async start(c) {
      controller = c;
      stream = {
        organisationId: options.organisationId,
        responseId: options.responseId,
        userId: options.userId,
        end: close,
        lastId: options.after,
        write(text) {
          if (closed) return;
          if ((options.bufferedBytes?.() ?? 0) > MAX_BUFFERED_BYTES) return close();
          controller.enqueue(encoder.encode(text));
        },
      };
      controller.enqueue(encoder.encode(`retry: ${RETRY_MS}\n\n`));
      await liveHub.subscribe(stream);
      // A random phase spreads many streams' checks over the interval.
      const phase = setTimeout(() => {
        if (closed) return;
        const beat = async () => {
          if (closed) return;
          if (!(await options.stillAllowed().catch(() => false))) return close();
          stream?.write(": ♥\n\n");
        };
        heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);
      }, Math.random() * HEARTBEAT_MS);
      request.signal.addEventListener("abort", () => {
        clearTimeout(phase);
        const mine = !closed;
        close();
        if (mine) void options.onClientGone?.().catch((error: unknown) => logger().error({ component: "live", err: error }, "Live: recording a closed stream failed."));
      });
    },
    cancel: close,
  });

  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      // nginx and friends: pass events through as they come.
      "X-Accel-Buffering": "no",
    },
  });
}
