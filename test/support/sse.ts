/**
 * A small Server-Sent Events client for HTTP tests: opens a stream with fetch, parses its frames
 * as a browser's EventSource would (id, event, data, retry; `:` lines are comments), and lets a
 * test wait for the next frame that matches. Every frame is kept (`frames`), comments included.
 */

export interface SseFrame {
  /** The `id:` field, if the frame had one. */
  id?: string;
  /** The `event:` field ("message" when absent); "comment" for a frame of `:` lines only. */
  event: string;
  data: string;
  retry?: number;
  /** The comment lines' text (heartbeats). */
  comment?: string;
}

export interface SseStream {
  res: Response;
  status: number;
  /** Every frame received so far, in order. */
  frames: SseFrame[];
  /** The first frame after the last one `next` returned that matches; rejects after `timeoutMs`. */
  next(predicate?: (frame: SseFrame) => boolean, timeoutMs?: number): Promise<SseFrame>;
  /** The next frame of this event type (data parsed as JSON). */
  nextEvent<T = unknown>(event: string, predicate?: (data: T, frame: SseFrame) => boolean, timeoutMs?: number): Promise<{ frame: SseFrame; data: T }>;
  /** Resolves when the server ends the stream (or `close` is called). */
  ended: Promise<void>;
  isEnded(): boolean;
  /** The id of the newest frame that had one. */
  lastId(): string | undefined;
  close(): void;
}

/** Parses complete frames out of `buffer`; returns them and what is left (an incomplete frame). */
export function parseFrames(buffer: string): { frames: SseFrame[]; rest: string } {
  const text = buffer.replace(/\r\n?/g, "\n");
  const frames: SseFrame[] = [];
  let start = 0;
  for (let end = text.indexOf("\n\n"); end !== -1; end = text.indexOf("\n\n", start)) {
    const block = text.slice(start, end);
    start = end + 2;
    const frame: SseFrame = { event: "message", data: "" };
    const data: string[] = [];
    const comments: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) {
        comments.push(line.slice(1).trimStart());
        continue;
      }
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "id") frame.id = value;
      else if (field === "event") frame.event = value;
      else if (field === "data") data.push(value);
      else if (field === "retry") frame.retry = Number(value);
    }
    frame.data = data.join("\n");
    if (comments.length) frame.comment = comments.join("\n");
    if (comments.length && !data.length && frame.id === undefined && frame.retry === undefined && frame.event === "message") frame.event = "comment";
    frames.push(frame);
  }
  return { frames, rest: text.slice(start) };
}

/**
 * Opens `url` as an event stream. `headers` may carry the cookie and Last-Event-ID. A response
 * that is not 200 is returned with its body read into `frames`-less form: check `status` first.
 */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { accept: "text/event-stream", "accept-encoding": "gzip, br", ...headers },
    redirect: "manual",
    signal: controller.signal,
  });
  const frames: SseFrame[] = [];
  let cursor = 0;
  let done = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };

  let resolveEnded!: () => void;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const finish = () => {
    done = true;
    resolveEnded();
    wake();
  };

  if (res.status === 200 && res.body) {
    void (async () => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for (;;) {
          const { value, done: eof } = await reader.read();
          if (eof) break;
          buffer += decoder.decode(value, { stream: true });
          const parsed = parseFrames(buffer);
          buffer = parsed.rest;
          if (parsed.frames.length) {
            frames.push(...parsed.frames);
            wake();
          }
        }
      } catch {
        /* aborted by close(), or the connection dropped */
      }
      finish();
    })();
  } else {
    finish();
  }

  // A liveness wait, not a speed claim: generous, so a busy machine delays a test instead of failing it.
  const next = (predicate: (frame: SseFrame) => boolean = () => true, timeoutMs = 30_000) =>
    new Promise<SseFrame>((resolve, reject) => {
      const check = () => {
        for (let i = cursor; i < frames.length; i++)
          if (predicate(frames[i]!)) {
            cursor = i + 1;
            cleanup();
            resolve(frames[i]!);
            return;
          }
        if (done) {
          cleanup();
          reject(new Error(`the stream ended without a matching frame; frames: ${JSON.stringify(frames.slice(cursor))}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching frame within ${timeoutMs} ms; frames since the last match: ${JSON.stringify(frames.slice(cursor))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return {
    res,
    status: res.status,
    frames,
    next,
    async nextEvent<T>(event: string, predicate: (data: T, frame: SseFrame) => boolean = () => true, timeoutMs?: number) {
      const frame = await next((f) => f.event === event && predicate(JSON.parse(f.data) as T, f), timeoutMs);
      return { frame, data: JSON.parse(frame.data) as T };
    },
    ended,
    isEnded: () => done,
    lastId: () => frames.findLast((f) => f.id !== undefined)?.id,
    close() {
      controller.abort();
      if (res.status !== 200) void res.body?.cancel().catch(() => {});
    },
  };
}
