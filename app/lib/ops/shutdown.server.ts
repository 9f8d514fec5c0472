/**
 * Graceful shutdown hooks. On SIGTERM the server stops accepting connections, then runs these
 * (e.g. the outbox sender stops taking new work), then waits for requests in flight.
 */
import { opsState } from "./state.server";

/** Runs `hook` once when the process begins to shut down; returns an unregister function. */
export function onShutdown(hook: () => unknown): () => void {
  opsState().shutdown.add(hook);
  return () => opsState().shutdown.delete(hook);
}

export function isShuttingDown(): boolean {
  return opsState().shuttingDown;
}

/** Called by the server once: marks the process as stopping and runs every hook (errors are reported, not thrown). */
export async function runShutdownHooks(report: (error: unknown) => void): Promise<void> {
  const state = opsState();
  state.shuttingDown = true;
  const hooks = [...state.shutdown];
  state.shutdown.clear();
  await Promise.all(hooks.map(async (hook) => Promise.resolve().then(hook).catch(report)));
}
