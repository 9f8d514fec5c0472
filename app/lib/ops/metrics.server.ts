/**
 * Prometheus metrics (prom-client's default registry, one per process; with several workers the
 * primary aggregates them: app/http/health.server.ts). The HTTP layer records request durations,
 * saves, conflicts and open live streams (app/http/observe.server.ts); other parts of the app add
 * gauges read when /metrics is scraped:
 *
 *   registerGaugeSource("hs_mail_outbox_depth", { help: "Mails waiting to be sent", aggregate: "max", read: () => outboxDepth() });
 */
import cluster from "node:cluster";
import client from "prom-client";
import { opsState, type GaugeSource } from "./state.server";

export type { GaugeSource };

const { register } = client;

function singleton<T extends client.Metric>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

export function httpDuration() {
  return singleton(
    "hs_http_request_duration_seconds",
    () =>
      new client.Histogram({
        name: "hs_http_request_duration_seconds",
        help: "Time to answer a request, by route pattern, method and status class",
        labelNames: ["route", "method", "status"] as const,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      }),
  ) as client.Histogram<"route" | "method" | "status">;
}

export function savesCounter() {
  return singleton("hs_saves_total", () => new client.Counter({ name: "hs_saves_total", help: "Answer saves acknowledged (chapter page posts answered 2xx/3xx)" }));
}

export function conflictsCounter() {
  return singleton("hs_save_conflicts_total", () => new client.Counter({ name: "hs_save_conflicts_total", help: "Answer saves refused because someone saved first (409)" }));
}

export function liveStreamsGauge() {
  return singleton("hs_live_streams_open", () => new client.Gauge({ name: "hs_live_streams_open", help: "Open live-update (SSE) streams", aggregator: "sum" }));
}

/** Registers a gauge whose value is read at scrape time (e.g. the mail outbox depth). */
export function registerGaugeSource(name: string, source: GaugeSource): void {
  opsState().gauges.set(name, source);
  ensureSourceGauge(name, source);
}

function ensureSourceGauge(name: string, source: GaugeSource) {
  if (register.getSingleMetric(name)) return;
  new client.Gauge({
    name,
    help: source.help,
    aggregator: source.aggregate === "first" ? "first" : source.aggregate,
    async collect() {
      const current = opsState().gauges.get(name);
      const value = await current?.read();
      if (value !== undefined && Number.isFinite(value)) this.set(value);
      // NaN is the source saying "unknown" (e.g. no backup yet); Prometheus reads it as such.
      else if (Number.isNaN(value)) this.set(Number.NaN);
      else this.reset();
    },
  });
}

let defaultsStarted = false;

/** Called at start in each serving process, so the primary's sum sees every worker from the first scrape. */
export function startMetrics(): void {
  if (defaultsStarted) return;
  defaultsStarted = true;
  client.collectDefaultMetrics();
  // prom-client answers the primary's AggregatorRegistry only once a registry of that kind exists in
  // the worker too (its listener is added by the constructor): without this the primary waited 5 s
  // for workers that never answered, and /metrics with WEB_CONCURRENCY > 1 was a 500.
  if (cluster.isWorker) new client.AggregatorRegistry();
  httpDuration();
  savesCounter();
  conflictsCounter();
  liveStreamsGauge();
}

/** This process's metrics in the Prometheus text format. */
export async function processMetrics(): Promise<string> {
  startMetrics();
  for (const [name, source] of opsState().gauges) ensureSourceGauge(name, source);
  return register.metrics();
}

export const METRICS_CONTENT_TYPE = register.contentType;
