/**
 * Production server. The primary process migrates, loads templates (refusing to start on an
 * invalid one) and seeds the demo on an empty database, then forks one worker per core
 * (WEB_CONCURRENCY overrides; 1 serves in this process). Workers share the port and the SQLite
 * file (WAL + busy_timeout, so writers wait for each other instead of failing).
 */
// This file serves the production build: React's development build is never wanted here.
process.env.NODE_ENV = "production";

import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { databasePath, getDb } from "../db/client";
import { isEmpty, seedDemo } from "../db/seed";
import { InvalidTemplatesError, loadTemplates } from "../db/templates";
import { warnAboutDemoAccounts } from "./http/demo-warning.server";
import { createExpressApp } from "./http/express-app.server";
import { startOutboxSender } from "./lib/mail/sender.server";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY) || availableParallelism());

async function prepareDatabase() {
  const db = getDb();
  try {
    const loaded = loadTemplates(db);
    console.log(`Templates: ${loaded.map((t) => `${t.id} (v${t.versionId}${t.created ? ", new" : ""})`).join(", ")}`);
  } catch (error) {
    if (error instanceof InvalidTemplatesError) {
      console.error(error.message);
      console.error("Refusing to start: fix the template(s) above (npm run template:check -- <file>).");
      process.exit(1);
    }
    throw error;
  }
  if (process.env.SEED_DEMO !== "0" && isEmpty(db)) {
    const seeded = await seedDemo(db);
    if (seeded) console.log(`Empty database: seeded the demo organisation (response ${seeded.responseId}).`);
  }
  await warnAboutDemoAccounts(db, host);
}

async function serve() {
  const buildDir = path.resolve("build");
  const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  const server = createExpressApp(build, buildDir).listen(port, host);
  // Slow-loris guard: a request must arrive whole within a minute.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  // Every serving process competes for the sender lease: one of them delivers mail at a time.
  startOutboxSender();
  return server;
}

if (cluster.isPrimary) {
  await prepareDatabase();
  const where = `http://localhost:${port} (database ${databasePath()})`;
  if (workers === 1) {
    const server = await serve();
    server.on("listening", () => console.log(`Høringssvar workbench on ${where}`));
  } else {
    let stopping = false;
    const fork = () => cluster.fork();
    for (let i = 0; i < workers; i++) fork();
    let listening = 0;
    cluster.on("listening", () => {
      if (++listening === workers) console.log(`Høringssvar workbench on ${where}, ${workers} workers`);
    });
    cluster.on("exit", (worker, code, signal) => {
      if (stopping) return;
      console.error(`Worker ${worker.process.pid} exited (${signal ?? code}); starting a new one.`);
      setTimeout(fork, 1_000);
    });
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.on(signal, () => {
        stopping = true;
        for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
        setTimeout(() => process.exit(0), 5_000).unref();
        cluster.on("exit", () => {
          if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
        });
      });
    }
  }
} else {
  await serve();
}
