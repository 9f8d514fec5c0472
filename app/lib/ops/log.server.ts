/**
 * The server's structured log: one JSON object per line on stdout (pino), level from LOG_LEVEL
 * (default info). Requests carry their id (`reqId`, also sent back as X-Request-Id).
 */
import pino from "pino";

const KEY = Symbol.for("hoeringssvar.logger");

function make() {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous writes: each line is on stdout when the call returns, in the order logged. With
    // pino's default asynchronous stream, the flush at process.exit could write "shut down" before
    // a "stopping" line whose write was still in flight.
    pino.destination({ dest: 1, sync: true }),
  );
}

/** One logger per process, shared by the server bundle and the Remix build. */
export function logger(): pino.Logger {
  const g = globalThis as unknown as Record<symbol, pino.Logger | undefined>;
  return (g[KEY] ??= make());
}
