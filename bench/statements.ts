/**
 * Statements per request on PostgreSQL: `npm run bench:statements` (needs a build, as bench:server).
 * Counts work, not time (decision 116): a throwaway cluster (test/support/postgres.ts) with
 * `log_statement = all` on a fresh database, the demo seeded, the production server started with one
 * worker; after three warm-up loads it logs one chapter page load (signed in) and one autosave, and
 * prints each statement the server sent (one round trip each), how many there were, and how many ran
 * while the write lock was held (the section serialised across all servers: each of those round trips
 * adds to every other writer's wait).
 * BENCH_APP_DIR starts another checkout's build (before/after with the same harness).
 */
import { spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { closeDatabase, openDatabase } from "../db/client";
import { DEMO_ORG_SLUG, seedDemo } from "../db/seed";
import { loadTemplates } from "../db/templates";
import { databaseUrl, startCluster } from "../test/support/postgres";

const ROOT = path.resolve(process.env.BENCH_APP_DIR ?? path.join(import.meta.dirname, ".."));
const CHAPTER = "kap3";

const cluster = startCluster();
const logFile = path.join(decodeURIComponent(/host=([^&]+)/.exec(cluster.adminUrl)![1]!), "log");
const admin = new pg.Client({ connectionString: cluster.adminUrl });
await admin.connect();
await admin.query("create database statements");
await admin.query("alter database statements set log_statement = 'all'");
await admin.end();
const url = databaseUrl(cluster.adminUrl, "statements");
const db = openDatabase(url);
await loadTemplates(db);
const seeded = (await seedDemo(db))!;
await closeDatabase(db);

const port = 30_000 + Math.floor(Math.random() * 20_000);
const server = spawn(process.execPath, ["build/node/server.js"], {
  cwd: ROOT,
  env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: "127.0.0.1", SESSION_SECRET: "bench-secret", WEB_CONCURRENCY: "1", SEED_DEMO: "0", NODE_ENV: "production" },
  stdio: "ignore",
  detached: true,
});
const stopAll = () => {
  try {
    process.kill(-server.pid!, "SIGTERM");
  } catch {
    /* gone */
  }
  cluster.stop();
};
process.on("exit", stopAll);

try {
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      await (await fetch(`${base}/login`)).arrayBuffer();
      break;
    } catch {
      if (tries > 450) throw new Error("the server did not start");
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const login = await fetch(`${base}/login`, { method: "POST", body: new URLSearchParams({ email: "styret@demo.no", password: "demo-passord", redirectTo: "/" }), redirect: "manual" });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const page = `${base}/o/${DEMO_ORG_SLUG}/r/${seeded.responseId}/c/${CHAPTER}`;
  let html = "";
  for (let i = 0; i < 3; i++) html = await (await fetch(page, { headers: { cookie } })).text();

  const settle = () => new Promise((r) => setTimeout(r, 300)); // the log is written asynchronously
  const mark = () => statSync(logFile).size;
  const since = (at: number) =>
    readFileSync(logFile, "utf8")
      .slice(at)
      .split("\n")
      .filter((l) => /LOG: {2}(statement|execute [^:]*):/.test(l))
      .map((l) => l.replace(/^.*?LOG: {2}(statement|execute [^:]*): /, ""));
  const report = (what: string, statements: string[]) => {
    // The serialised section: from the write lock (decision 112: pg_advisory_lock before BEGIN;
    // decision 116: BEGIN … LOCK TABLE in one statement) to its release (pg_advisory_unlock; COMMIT).
    let inside = 0;
    let open = false;
    for (const s of statements) {
      if (/^select pg_advisory_lock\(|^begin isolation level serializable/.test(s)) open = true;
      if (open) inside++;
      if (/^select pg_advisory_unlock\(/.test(s) || (/^(commit|rollback)$/.test(s) && !statements.some((t) => /^select pg_advisory_unlock\(/.test(t)))) open = false;
    }
    const transactions = statements.filter((s) => /^begin/.test(s)).length;
    console.log(`\n${what}: ${statements.length} statements, ${transactions} transaction(s), ${inside} while holding the write lock`);
    for (const s of statements) console.log(`  ${s.length > 150 ? `${s.slice(0, 150)}…` : s}`);
  };

  await settle();
  let at = mark();
  await (await fetch(page, { headers: { cookie } })).text();
  await settle();
  report(`Chapter page load (${CHAPTER}, signed in)`, since(at));

  // An autosave as the browser sends it: the first field whose save is accepted (a text field).
  let saved: string[] | undefined;
  for (const m of html.matchAll(/name="v\.([^"]+)"[^>]*value="(\d+)"/g)) {
    const [, field, version] = m;
    await settle();
    at = mark();
    const res = await fetch(`${page}.data`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "save", autosave: "1", [field!]: "statements bench", [`v.${field}`]: version! }).toString(),
    });
    await res.arrayBuffer();
    if (res.status !== 200) continue;
    await settle();
    saved = since(at);
    break;
  }
  if (!saved) throw new Error("no autosave was accepted");
  report("Autosave (one field)", saved);
} finally {
  stopAll();
}
process.exit(0);
