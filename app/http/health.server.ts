/**
 * Health, readiness and metrics endpoints, answered before any page code runs.
 *
 * - `GET /healthz`: the process is alive and its event loop turns: 200 `{"status":"ok"}`.
 * - `GET /readyz`: 200 when the database answers, every committed migration is applied and every
 *   registered check (app/lib/ops/readiness.server.ts, e.g. the mail sender) passes; otherwise 503
 *   naming what is not ready. While the server shuts down: 503 `{"status":"stopping"}`.
 * - `GET /metrics`: Prometheus text. Only from this machine (a loopback address and no proxy
 *   header) or with `Authorization: Bearer $METRICS_TOKEN`; anyone else gets 404.
 *   With several workers the primary adds up all workers' metrics.
 */
import cluster from "node:cluster";
import { timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { getDb, pingDatabase } from "../../db/client";
import { sqliteClient } from "../../db/engine/sqlite";
import { pendingMigrations, pendingPostgresMigrations } from "../../db/migration-status";
import { isPostgres } from "../../db/engine/kind";
import { postgresPool, type PostgresDb } from "../../db/engine/postgres";
import { PG_MIGRATIONS_FOLDER } from "../../db/pg/migrate";
import { runCheck, runReadinessChecks } from "../lib/ops/readiness.server";
import { METRICS_CONTENT_TYPE, processMetrics } from "../lib/ops/metrics.server";
import { isShuttingDown } from "../lib/ops/shutdown.server";

function json(res: Response, status: number, body: unknown) {
  res.status(status).setHeader("Cache-Control", "no-store");
  res.type("application/json").send(JSON.stringify(body));
}

async function databaseReady(): Promise<string | true> {
  const db = getDb();
  await pingDatabase(db);
  const pending = isPostgres(db)
    ? await pendingPostgresMigrations(postgresPool(db as unknown as PostgresDb), PG_MIGRATIONS_FOLDER)
    : pendingMigrations(sqliteClient(db));
  return pending.length === 0 ? true : `migrations not applied: ${pending.join(", ")}`;
}

export async function readiness(): Promise<{ status: number; body: { status: string; checks: Record<string, string> } }> {
  if (isShuttingDown()) return { status: 503, body: { status: "stopping", checks: {} } };
  const db = await runCheck(databaseReady);
  const others = await runReadinessChecks();
  const checks = { database: db.ok ? "ok" : db.problem, ...others.checks };
  const ok = db.ok && others.ok;
  return { status: ok ? 200 : 503, body: { status: ok ? "ok" : "not ready", checks } };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function mayReadMetrics(req: Request): boolean {
  const token = process.env.METRICS_TOKEN;
  const auth = req.headers.authorization;
  if (token && auth?.startsWith("Bearer ")) {
    const given = Buffer.from(auth.slice("Bearer ".length));
    const wanted = Buffer.from(token);
    if (given.length === wanted.length && timingSafeEqual(given, wanted)) return true;
  }
  // Through a proxy every request comes from loopback: only direct local requests count.
  const proxied = req.headers["x-forwarded-for"] !== undefined || req.headers["x-real-ip"] !== undefined || req.headers.forwarded !== undefined;
  return !proxied && LOOPBACK.test(req.socket.remoteAddress ?? "");
}

let askId = 0;
const waiting = new Map<number, (text: string) => void>();

/** In a worker: the primary's sum of all workers' metrics (app/server.ts answers). */
function clusterMetrics(): Promise<string> {
  if (!cluster.isWorker || !process.send) return processMetrics();
  const id = ++askId;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error("the primary process did not send the metrics within 5 s"));
    }, 5_000);
    waiting.set(id, (text) => {
      clearTimeout(timer);
      resolve(text);
    });
    process.send!({ type: "hs:metrics", id });
  });
}

if (cluster.isWorker) {
  process.on("message", (message: { type?: string; id?: number; text?: string }) => {
    if (message?.type !== "hs:metrics:result" || message.id === undefined) return;
    waiting.get(message.id)?.(message.text ?? "");
    waiting.delete(message.id);
  });
}

export async function healthEndpoints(req: Request, res: Response, next: NextFunction) {
  if (req.method !== "GET" && req.method !== "HEAD") return next();
  try {
    if (req.path === "/healthz") return json(res, 200, { status: "ok" });
    if (req.path === "/readyz") {
      const { status, body } = await readiness();
      return json(res, status, body);
    }
    if (req.path === "/metrics") {
      if (!mayReadMetrics(req)) return next();
      const text = await clusterMetrics();
      res.setHeader("Cache-Control", "no-store");
      return res.type(METRICS_CONTENT_TYPE).send(text);
    }
  } catch (error) {
    return next(error);
  }
  next();
}
