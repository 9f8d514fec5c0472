/**
 * Production server (compiled by `npm run build` to build/server/main.js; `npm start` runs it with
 * plain `node`).
 *
 * With one worker (WEB_CONCURRENCY=1) this process prepares the database and serves. With more,
 * this process is a thin supervisor: it forks a short-lived worker that prepares the database
 * (migrations, templates, the demo on an empty database, the refusal to expose the demo), then
 * the serving workers, and it only restarts workers, adds up their metrics and takes the scheduled
 * backups. Workers share the port and the SQLite file (WAL + busy_timeout + BEGIN IMMEDIATE).
 *
 * SIGTERM / SIGINT: every serving process stops accepting connections, tells live streams to
 * reconnect, finishes the requests in flight (at most DRAIN_MS), and exits 0; the supervisor waits
 * for its workers and logs "shut down".
 */
// This file serves the production build: React's development build is never wanted here.
process.env.NODE_ENV = "production";

import cluster, { type Worker } from "node:cluster";
import type { Server } from "node:http";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { databaseLabel, databasePath, databaseTarget, isPostgresUrl } from "../db/path";
import { publicUrl } from "./lib/config/public-url.server";
import { logger } from "./lib/ops/log.server";

const log = logger();
const port = Number(process.env.PORT ?? 3000);
// Loopback unless told otherwise: a fresh clone's demo is not served to the network.
const host = process.env.HOST?.trim() || "127.0.0.1";
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY) || availableParallelism());
/** Requests in flight get this long after SIGTERM; the process is gone well within 10 s. */
const DRAIN_MS = 8_000;

function fail(message: string): never {
  log.fatal(message);
  console.error(message);
  process.exit(1);
}

/** The database for messages (a file, or a PostgreSQL URL without its password); exits on a bad setting. */
function checkConfiguration(): string {
  try {
    publicUrl();
    const label = databaseLabel();
    if (isPostgresUrl(databaseTarget()) && process.env.BACKUP_DIR?.trim())
      fail(
        "BACKUP_DIR is set, but DATABASE_URL names a PostgreSQL server: the built-in backups copy a SQLite file. " +
          "On PostgreSQL back up with pg_dump (operator guide, section 8) and unset BACKUP_DIR.",
      );
    return label;
  } catch (error) {
    fail((error as Error).message);
  }
}

/** Migrations, templates, the demo seed; refuses to expose the demo beyond loopback. */
async function prepareDatabase(database: string) {
  const [{ getDb }, { isEmpty, seedDemo }, { InvalidTemplatesError, loadTemplates }, { demoExposure }] = await Promise.all([
    import("../db/client"),
    import("../db/seed"),
    import("../db/templates"),
    import("./http/demo-warning.server"),
  ]);
  const db = getDb();
  try {
    const loaded = await loadTemplates(db);
    log.info(`Templates: ${loaded.map((t) => `${t.id} (v${t.versionId}${t.created ? ", new" : ""})`).join(", ")}`);
  } catch (error) {
    if (error instanceof InvalidTemplatesError) fail(`${error.message}\nRefusing to start: fix the template(s) above (npm run template:check -- <file>).`);
    throw error;
  }
  if (process.env.SEED_DEMO !== "0" && (await isEmpty(db))) {
    const seeded = await seedDemo(db);
    if (seeded) log.info(`Empty database: seeded the demo organisation (response ${seeded.responseId}).`);
  }
  const exposure = await demoExposure(db, host, database);
  if (exposure?.refuse) fail(exposure.message);
  if (exposure) log.warn(exposure.message);
}

async function serve(): Promise<Server> {
  const [{ createExpressApp }, { runShutdownHooks }, { endLiveStreams }] = await Promise.all([
    import("./http/express-app.server"),
    import("./lib/ops/shutdown.server"),
    import("./http/observe.server"),
  ]);
  const buildDir = path.resolve("build");
  const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  const app = createExpressApp(build, buildDir);
  let stopping = false;
  const server = app.listen(port, host);
  // With one process it serves itself; with several the supervisor says so once all listen.
  if (cluster.isPrimary) server.on("listening", () => log.info(`Høringssvar workbench on http://${host}:${port} (database ${database})`));
  // While stopping, every answer closes its connection, so keep-alive clients come back to a live process.
  server.prependListener("request", (_req, res) => {
    if (stopping) res.setHeader("Connection", "close");
  });
  // Slow-loris guard: a request must arrive whole within a minute.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  // Idle keep-alive connections outlive the client's (undici: 4 s) and a proxy's pool, so the server is never the side
  // that closes a connection a client is about to reuse (a race that fails the reused request).
  server.keepAliveTimeout = 30_000;
  // Every serving process competes for the sender lease: one of them delivers mail at a time.
  const { startOutboxSender, stopOutboxSender, outboxSenderRunning, outboxDepth, mailConfigured } = await import("./lib/mail/index.server");
  startOutboxSender();
  const { registerReadinessCheck } = await import("./lib/ops/readiness.server");
  const { registerGaugeSource } = await import("./lib/ops/metrics.server");
  // Without SMTP_URL there is nothing to send (mails stay in the table and the log): not a reason to be unready.
  registerReadinessCheck("mail sender", () => !mailConfigured() || outboxSenderRunning() || "the mail sender is not running");
  registerGaugeSource("hs_mail_outbox_depth", { help: "Mails waiting to be sent", aggregate: "max", read: async () => await outboxDepth() });
  const backupDir = process.env.BACKUP_DIR?.trim();
  if (backupDir) {
    const { listBackups } = await import("../db/backup");
    // NaN while BACKUP_DIR holds no backup yet: an alert on the age must not read "fresh".
    registerGaugeSource("hs_backup_age_seconds", {
      help: "Seconds since the newest backup in BACKUP_DIR was taken (NaN: none yet)",
      aggregate: "min",
      read: () => {
        const newest = listBackups(backupDir)[0];
        return newest ? Math.max(0, (Date.now() - newest.takenAt.getTime()) / 1000) : Number.NaN;
      },
    });
    registerGaugeSource("hs_backups", { help: "Backup files in BACKUP_DIR", aggregate: "max", read: () => listBackups(backupDir).length });
  }
  server.on("error", (error) => fail(`Cannot listen on ${host}:${port}: ${error.message}`));

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: no new connections, finishing requests in flight");
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Runs while requests drain; awaited before the database closes (it may release its lease).
    const senderStopped = stopOutboxSender().catch((error: unknown) => log.error({ err: error }, "stopping the mail sender failed"));
    await runShutdownHooks((error) => log.error({ err: error }, "shutdown hook failed"));
    const streams = endLiveStreams();
    if (streams > 0) log.info({ streams }, "asked live streams to reconnect");
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      log.warn(`requests still running after ${DRAIN_MS} ms: closing their connections`);
      server.closeAllConnections();
    }, DRAIN_MS);
    await closed;
    clearInterval(idle);
    clearTimeout(deadline);
    await senderStopped;
    const { closeDatabase, getDb } = await import("../db/client");
    await closeDatabase(getDb());
    log.info(cluster.isWorker ? "worker shut down" : "shut down");
    process.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(signal));
  return server;
}

/** BACKUP_DIR + BACKUP_INTERVAL (+ BACKUP_KEEP, default 14): rotating backups, in one process only. */
async function scheduleBackups() {
  const dir = process.env.BACKUP_DIR?.trim();
  if (!dir) return;
  const { listBackups, parseInterval, rotateBackup } = await import("../db/backup");
  let interval: number;
  try {
    interval = parseInterval(process.env.BACKUP_INTERVAL ?? "6h");
  } catch (error) {
    fail((error as Error).message);
  }
  const keep = Math.max(1, Number(process.env.BACKUP_KEEP) || 14);
  const take = async () => {
    try {
      const result = await rotateBackup(databasePath(), dir, keep);
      log.info({ file: result.file, bytes: result.bytes, removed: result.removed }, "backup taken");
    } catch (error) {
      log.error({ err: error }, "scheduled backup failed");
    }
  };
  const newest = listBackups(dir)[0];
  const due = newest ? Math.max(0, newest.takenAt.getTime() + interval - Date.now()) : 0;
  log.info({ dir, intervalMs: interval, keep }, "scheduled backups on");
  setTimeout(() => {
    void take();
    setInterval(() => void take(), interval).unref();
  }, due).unref();
}

/** The supervisor answers a worker's /metrics with the sum over all workers. */
function serveClusterMetrics() {
  let aggregator: { clusterMetrics(): Promise<string> } | undefined;
  const answer = async (worker: Worker, message: { type?: string; id?: number }) => {
    let text: string;
    try {
      if (!aggregator) {
        const client = (await import("prom-client")).default;
        aggregator = new client.AggregatorRegistry();
      }
      text = await aggregator.clusterMetrics();
    } catch (error) {
      text = `# metrics unavailable: ${(error as Error).message}\n`;
    }
    if (worker.isConnected()) worker.send({ type: "hs:metrics:result", id: message.id, text });
  };
  cluster.on("message", (worker: Worker, message: { type?: string; id?: number }) => {
    if (message?.type === "hs:metrics") void answer(worker, message).catch((error: unknown) => log.error({ err: error }, "metrics answer failed"));
  });
}

function supervise(database: string) {
  let stopping = false;
  const serving = new Set<Worker>();
  const fork = () => {
    const worker = cluster.fork({ HS_ROLE: "serve" });
    serving.add(worker);
  };
  for (let i = 0; i < workers; i++) fork();
  let listening = 0;
  cluster.on("listening", () => {
    if (++listening === workers) log.info(`Høringssvar workbench on http://${host}:${port} (database ${database}), ${workers} workers`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (!serving.delete(worker)) return;
    if (stopping) {
      if (serving.size === 0) {
        log.info("shut down");
        process.exit(0);
      }
      return;
    }
    log.error(`Worker ${worker.process.pid} exited (${signal ?? code}); starting a new one.`);
    setTimeout(fork, 1_000);
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "stopping the workers");
      for (const worker of serving) worker.process.kill("SIGTERM");
      setTimeout(() => {
        log.warn("workers did not stop in time; shut down anyway");
        for (const worker of serving) worker.process.kill("SIGKILL");
        process.exit(0);
      }, DRAIN_MS + 1_500).unref();
    });
  }
}

/** Runs the database preparation in a short-lived worker, so the supervisor never loads the app. */
function prepareInWorker(): Promise<void> {
  return new Promise((resolve) => {
    const worker = cluster.fork({ HS_ROLE: "prepare" });
    worker.on("exit", (code) => {
      if (code !== 0) process.exit(code ?? 1);
      resolve();
    });
  });
}

const database = checkConfiguration();
if (cluster.isPrimary) {
  if (workers === 1) {
    await prepareDatabase(database);
    await serve();
    await scheduleBackups();
  } else {
    await prepareInWorker();
    serveClusterMetrics();
    supervise(database);
    await scheduleBackups();
  }
} else if (process.env.HS_ROLE === "prepare") {
  await prepareDatabase(database);
  process.exit(0);
} else {
  await serve();
}
