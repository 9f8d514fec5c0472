/**
 * Process-wide state of the operations helpers. The Express server (app/server.ts) and the Remix
 * build are two bundles, each with its own copy of this module, so the registries live on
 * `globalThis` under a registered symbol: a check registered by app code (e.g. the mail sender)
 * is seen by `/readyz`, and a shutdown hook by the server's SIGTERM handler.
 */
export type ReadinessCheck = () => unknown | Promise<unknown>;

export interface GaugeSource {
  help: string;
  /** How values of several worker processes combine in /metrics. */
  aggregate: "sum" | "max" | "min" | "first";
  read: () => number | undefined | Promise<number | undefined>;
}

interface OpsState {
  readiness: Map<string, ReadinessCheck>;
  shutdown: Set<() => unknown>;
  gauges: Map<string, GaugeSource>;
  shuttingDown: boolean;
}

const KEY = Symbol.for("hoeringssvar.ops");

export function opsState(): OpsState {
  const g = globalThis as unknown as Record<symbol, OpsState | undefined>;
  return (g[KEY] ??= { readiness: new Map(), shutdown: new Set(), gauges: new Map(), shuttingDown: false });
}
