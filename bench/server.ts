/**
 * Server benchmark: `npm run bench:server` (needs a build: it runs `npm run build` when build/ is
 * missing). For the LIS1 demo (1×) and a synthetic 10× consultation (export/bench-data.ts), it
 *
 *   - prepares a fresh temporary SQLite database (migrated, templates loaded, demo seeded; for 10×
 *     the synthetic template as a consultation version and a fully answered demo response),
 *   - starts the production server exactly as `npm start` does (`node build/node/server.js`,
 *     HOST=127.0.0.1, WEB_CONCURRENCY = your value or the core count) and a bare node:http server
 *     (child process) serving the same chapter-3 HTML bytes,
 *   - reads the resident memory (VmRSS, and PSS) of the server's primary and workers from /proc when
 *     idle after start and after the chapter row (target: ≤ 400 MB in all with two workers),
 *   - loads every row with autocannon, and prints one markdown table per scale, the chapter page's
 *     bytes on the wire and JS weight, growth 1× → 10×, and a met/missed line per target.
 *
 * Engines (issue 25): BENCH_ENGINES (default "sqlite"; "sqlite,postgres" starts a server on each,
 * each on a fresh database, runs each row on SQLite and then on PostgreSQL before the next row, and
 * prints the rows side by side with PostgreSQL/SQLite ratios and issue 25's targets). PostgreSQL is a throwaway cluster on a Unix socket, or
 * BENCH_POSTGRES_URL (bench/engines.ts).
 *
 * Environment: BENCH_ROWS (e.g. "chapter,save"), BENCH_APP_DIR (another checkout to start, for
 * before/after runs with the same harness), BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof"), BENCH_SECONDS (page rows, default 10), BENCH_SAVE_SECONDS (save row, default 20),
 * BENCH_CONFLICT_SAVES (default 1000), BENCH_SCALES (default "1,10"), WEB_CONCURRENCY,
 * BENCH_ACCEPT_ENCODING (sent by the page rows; default none, so every row, bare node:http
 * included, measures identity bodies. Set "br, gzip" to include compression cost).
 * Everything listens on and targets 127.0.0.1 only; everything started is stopped at the end.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { eq } from "drizzle-orm";
import { closeDatabase, openDatabase, transaction } from "../db/client";
import { getResponse, saveAnswer, startResponse } from "../db/queries/responses";
import { consultations, consultationVersions, users } from "../db/schema";
import { DEMO_ORG_SLUG, seedDemo } from "../db/seed";
import { loadTemplates } from "../db/templates";
import { scaled } from "../export/bench-data";
import { fieldName } from "../app/lib/section-form/fields";
import { formSections, type FormItem } from "../consultation/form";
import type { Template } from "../consultation/schema";
import { serverDb } from "../test/support/server-db";
import { decodeSingleFetch, type SaveReply } from "../test/support/single-fetch";
import { ENGINE_LABEL, enginesFrom, openEngine, type Engine, type EngineHost } from "./engines";
import { pageAssetUrls, pageWeight, totals } from "./page-weight";

// The app to start (default this checkout); another checkout's path compares before/after with the same harness.
const ROOT = path.resolve(process.env.BENCH_APP_DIR ?? path.join(import.meta.dirname, ".."));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SAVE_SECONDS = Number(process.env.BENCH_SAVE_SECONDS ?? 20);
const CONFLICT_SAVES = Number(process.env.BENCH_CONFLICT_SAVES ?? 1000);
const SCALES = (process.env.BENCH_SCALES ?? "1,10").split(",").map(Number);
const WORKERS = process.env.WEB_CONCURRENCY ?? String(availableParallelism());
// What browsers send, so page rows include the cost of compression; BENCH_ACCEPT_ENCODING="" for identity bodies.
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING ?? "br, gzip";
// Rows to run, e.g. "chapter,save" (default all: bare,floor,overview,chapter,preview,save,paced,single,conflict).
const ROWS = process.env.BENCH_ROWS?.split(",").map((r) => r.trim());
const ENGINES = enginesFrom(process.env.BENCH_ENGINES);
const SERVER_NODE_ARGS = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? []; // e.g. "--cpu-prof"
const PAGE_CONNECTIONS = 10;
const EDITORS = 50;
const CONFLICT_FIELDS = 5;
const CHAPTER = "kap3";
const EDITOR_EMAILS = ["styret@demo.no", "sekretariat@demo.no", "admin@demo.no"];

// ---------------------------------------------------------------------------------------------
// Processes

const children = new Set<ChildProcess>();

/** Stops a child and its process group (a clustered server's workers too). */
async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return void children.delete(child);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

function cleanupSync() {
  for (const child of children)
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
}
process.on("exit", cleanupSync);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    cleanupSync();
    process.exit(130);
  });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = http.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function launch(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let log = "";
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group: stop() ends the server and any workers it forked
  });
  children.add(child);
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  return { child, output: () => log };
}

async function waitFor(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---------------------------------------------------------------------------------------------
// Resident memory of the server's process tree (Linux /proc)

interface ProcessMemory {
  pid: number;
  role: "primary" | "worker";
  rssMb: number;
  /** Proportional set size: shared pages split between the processes that share them. */
  pssMb?: number;
}

function procKb(file: string, field: string): number | undefined {
  try {
    const match = readFileSync(file, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Every process below `root` (its workers), found by parent pid. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parentOf) if (parent === pid) found.push(child), walk(child);
  };
  walk(root);
  return found;
}

/** VmRSS (and Pss) of the server's primary and each worker. */
function serverMemory(primary: number): ProcessMemory[] {
  const read = (pid: number, role: ProcessMemory["role"]): ProcessMemory[] => {
    const rss = procKb(`/proc/${pid}/status`, "VmRSS");
    if (rss === undefined) return [];
    const pss = procKb(`/proc/${pid}/smaps_rollup`, "Pss");
    return [{ pid, role, rssMb: rss / 1024, ...(pss === undefined ? {} : { pssMb: pss / 1024 }) }];
  };
  return [...read(primary, "primary"), ...descendants(primary).flatMap((pid) => read(pid, "worker"))];
}

function memoryLine(label: string, memory: ProcessMemory[]): string {
  const total = memory.reduce((n, m) => n + m.rssMb, 0);
  const pss = memory.every((m) => m.pssMb !== undefined) ? memory.reduce((n, m) => n + m.pssMb!, 0) : undefined;
  const parts = memory.map((m) => `${m.role} ${fmt(m.rssMb)}`).join(" + ");
  return `${label}: ${parts} = **${fmt(total)} MB RSS**${pss === undefined ? "" : ` (PSS ${fmt(pss)} MB)`}`;
}

const totalRss = (memory: ProcessMemory[]) => memory.reduce((n, m) => n + m.rssMb, 0);

// ---------------------------------------------------------------------------------------------
// Data

interface Prepared {
  dir: string;
  /** The SQLite file or the postgresql:// URL the server is given as DATABASE_URL. */
  dbFile: string;
  responseId: number;
  template: Template;
}

/** A fresh database with the demo; at scale > 1 also the synthetic template and an answered response. */
async function prepare(scale: number, host: EngineHost): Promise<Prepared> {
  const dir = mkdtempSync(path.join(tmpdir(), "hs-bench-"));
  const dbFile = await host.fresh(dir);
  const db = openDatabase(dbFile);
  try {
    await loadTemplates(db);
    const seeded = (await seedDemo(db))!;
    if (scale === 1) {
      const response = (await getResponse(db, seeded.organisationId, seeded.responseId))!;
      return { dir, dbFile, responseId: seeded.responseId, template: response.consultation.template };
    }
    const { template, answers } = scaled(scale);
    await db.insert(consultations).values({ id: template.id, title: template.title, issuer: template.issuer });
    const json = JSON.stringify(template);
    const versionId = (await db
      .insert(consultationVersions)
      .values({ consultationId: template.id, contentHash: createHash("sha256").update(json).digest("hex"), templateJson: json, sourceFile: "(bench)" })
      .returning({ id: consultationVersions.id }))[0]!.id;
    const userId = (await db.select({ id: users.id }).from(users).where(eq(users.email, EDITOR_EMAILS[0]!)))[0]!.id;
    const responseId = await startResponse(db, seeded.organisationId, versionId, userId);
    await transaction(db, async (tx) => {
      for (const [key, value] of Object.entries(answers))
        await saveAnswer(tx as unknown as typeof db, { organisationId: seeded.organisationId, responseId, key, value, baseVersion: 0, userId, source: "seed" });
    });
    return { dir, dbFile, responseId, template };
  } finally {
    await closeDatabase(db);
  }
}

async function signIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password: "demo-passord", redirectTo: "/" }),
    redirect: "manual",
  });
  await res.arrayBuffer();
  const cookie = res.headers.get("set-cookie");
  if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return cookie.split(";")[0]!;
}

/** autocannon's per-connection context. */
type Ctx = Record<string, unknown>;

/**
 * autocannon clears a connection's context each time it wraps around its `requests` list; a long
 * list of the same request keeps each connection's state (its field, the version it last read).
 */
function loop(request: autocannon.Request, length = 20_000): autocannon.Request[] {
  return Array.from({ length }, () => request);
}

/** The versions a browser would read: the `v.<field>` inputs of each section page. */
async function readVersions(sectionUrls: string[], cookie: string): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  for (const url of new Set(sectionUrls)) {
    const html = await (await fetch(url, { headers: { cookie } })).text();
    for (const m of html.matchAll(/name="v\.([^"]+)"[^>]*value="(\d+)"/g)) versions.set(m[1]!, Number(m[2]));
  }
  return versions;
}


// ---------------------------------------------------------------------------------------------
// Load

interface Row {
  row: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  lost?: number;
  note?: string;
}

function summarise(row: string, r: autocannon.Result, extra: Partial<Row> = {}): Row {
  return {
    row,
    rps: r.duration > 0 ? r.requests.total / r.duration : r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    ...extra,
  };
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function pageRow(row: string, url: string, cookie?: string): Promise<Row> {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (ACCEPT_ENCODING) headers["accept-encoding"] = ACCEPT_ENCODING;
  return run({ url, connections: PAGE_CONNECTIONS, duration: SECONDS, headers }).then((r) => summarise(row, r));
}

/**
 * 50 editors, one field each, autosaving back to back (throughput: each editor saves again the
 * moment the last save returns); each save names the version the last one returned.
 */
async function saveRow(base: string, cookies: string[], items: { item: FormItem; section: string }[], editors = EDITORS): Promise<Row> {
  const read = await readVersions(items.map((i) => base + i.section), cookies[0]!);
  let next = 0;
  let bad = 0;
  const result = await run({
    url: base,
    connections: editors,
    duration: SAVE_SECONDS,
    requests: loop({
        method: "POST",
        setupRequest: (req, ctx) => {
          const context = ctx as Ctx;
          if (context.slot === undefined) {
            context.slot = next++;
            context.version = read.get(fieldName(items[context.slot as number]!.item.key)) ?? 0;
            context.n = 0;
          }
          const { item, section } = items[context.slot as number]!;
          const field = fieldName(item.key);
          context.field = field;
          const n = (context.n as number)++;
          const value = item.answerType === "yes_no" ? (n % 2 ? "yes" : "no") : `redaktør ${context.slot as number} lagring ${n}`;
          return {
            ...req,
            path: `${section}.data`,
            headers: { cookie: cookies[(context.slot as number) % cookies.length]!, "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ intent: "save", autosave: "1", [field]: value, [`v.${field}`]: String(context.version) }).toString(),
          };
        },
        onResponse: (status, body, ctx) => {
          const context = ctx as Ctx;
          const reply = safeDecode(body);
          const version = reply?.versions?.[context.field as string];
          if (status >= 200 && status < 300 && version !== undefined) context.version = version;
          else bad++;
        },
      }),
  });
  const name = editors === 1 ? "save, 1 editor back to back (service time)" : `save (${editors} editors, own field, back to back)`;
  return summarise(name, result, bad ? { note: `${bad} replies without a version` } : {});
}

/**
 * 50 editors autosaving as people do: each saves its own field once a second (autosave fires
 * 1.2 s after typing stops), their clocks not in step. One autocannon instance per editor
 * (connectionRate 1), started 1000/50 ms apart; latencies are collected from every response.
 */
async function pacedSaveRow(base: string, cookies: string[], items: { item: FormItem; section: string }[]): Promise<Row> {
  const read = await readVersions(items.map((i) => base + i.section), cookies[0]!);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const editors = items.slice(0, EDITORS).map(async ({ item, section }, slot) => {
    await new Promise((r) => setTimeout(r, (slot * 1000) / EDITORS));
    const field = fieldName(item.key);
    let version = read.get(field) ?? 0;
    let n = 0;
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const instance = autocannon(
      {
      url: base,
      connections: 1,
      connectionRate: 1,
      duration: SAVE_SECONDS,
      requests: loop({
        method: "POST",
        setupRequest: (req) => {
          const value = item.answerType === "yes_no" ? (n % 2 ? "yes" : "no") : `redaktør ${slot} i takt ${n}`;
          n++;
          return {
            ...req,
            path: `${section}.data`,
            headers: { cookie: cookies[slot % cookies.length]!, "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ intent: "save", autosave: "1", [field]: value, [`v.${field}`]: String(version) }).toString(),
          };
        },
        onResponse: (status, body) => {
          const next = safeDecode(body)?.versions?.[field];
          if (status >= 200 && status < 300 && next !== undefined) version = next;
        },
      }, SAVE_SECONDS + 5), // one a second: a long request list would only cost the client start-up time
      },
      () => finished(),
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      if (status < 200 || status >= 300) non2xx++;
    });
    instance.on("reqError", () => errors++);
    await done;
  });
  await Promise.all(editors);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    row: `save (${EDITORS} editors autosaving, 1 save/s each, not in step)`,
    rps: latencies.length / SAVE_SECONDS,
    p50: at(0.5),
    p99: at(0.99),
    non2xx,
    errors,
  };
}

function safeDecode(body: string): SaveReply | undefined {
  try {
    return decodeSingleFetch(body) as SaveReply;
  } catch {
    return undefined;
  }
}

/** 1,000 saves by 50 clients on 5 fields, each naming the version it read; then the DB is checked. */
async function conflictRow(base: string, cookies: string[], items: { item: FormItem; section: string }[], dbFile: string, responseId: number): Promise<Row> {
  const fields = items.slice(0, CONFLICT_FIELDS);
  const read = await readVersions(fields.map((i) => base + i.section), cookies[0]!);
  const acknowledged = new Map<string, Map<string, number>>(); // key -> value -> times acknowledged
  let next = 0;
  let unexpected = 0;
  let firstUnexpected: string | undefined;
  const result = await run({
    url: base,
    connections: EDITORS,
    amount: CONFLICT_SAVES,
    requests: loop({
        method: "POST",
        setupRequest: (req, ctx) => {
          const context = ctx as Ctx;
          if (context.client === undefined) {
            context.client = next++;
            context.version = read.get(fieldName(fields[(context.client as number) % fields.length]!.item.key)) ?? 0;
            context.n = 0;
          }
          const { item, section } = fields[(context.client as number) % fields.length]!;
          const field = fieldName(item.key);
          const value = `klient ${context.client as number} lagring ${(context.n as number)++}`;
          Object.assign(context, { field, key: item.key, value });
          return {
            ...req,
            path: `${section}.data`,
            headers: { cookie: cookies[(context.client as number) % cookies.length]!, "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ intent: "save", autosave: "1", [field]: value, [`v.${field}`]: String(context.version) }).toString(),
          };
        },
        onResponse: (status, body, ctx) => {
          const context = ctx as Ctx;
          const reply = safeDecode(body);
          const field = context.field as string;
          if (status >= 200 && status < 300 && reply?.versions?.[field] !== undefined) {
            const byValue = acknowledged.get(context.key as string) ?? new Map<string, number>();
            byValue.set(context.value as string, (byValue.get(context.value as string) ?? 0) + 1);
            acknowledged.set(context.key as string, byValue);
            context.version = reply.versions[field];
          } else if (status === 409 && reply?.conflicts?.length) {
            // What a browser does: the merge view shows the newer version; the next save names it.
            context.version = reply.conflicts.find((c) => c.field === field)?.theirVersion ?? context.version;
          } else {
            unexpected++;
            firstUnexpected ??= `${status} ${body.slice(0, 300)}`;
          }
        },
      }),
  });

  // Every acknowledged save is exactly one revision; versions are contiguous; refused saves wrote nothing.
  const db = await serverDb(dbFile, { readonly: true }); // the SQLite file or the PostgreSQL database
  let lost = 0;
  let acks = 0;
  try {
    for (const { item } of fields) {
      const revisions = await db.all<{ version: number; value: string; source: string }>(
        `select r.version, r.value, r.source from answer_revisions r join answers a on a.id = r.answer_id
         where a.question_key = ? and a.response_id = ? order by r.version`,
        item.key,
        responseId,
      );
      const answer = await db.get<{ version: number }>("select version from answers where question_key = ? and response_id = ?", item.key, responseId);
      if (revisions.some((r, i) => r.version !== i + 1)) lost++; // gap or reused version
      if (answer && answer.version !== revisions.length) lost++;
      const counts = new Map<string, number>();
      for (const r of revisions.filter((r) => r.source === "form")) counts.set(JSON.parse(r.value) as string, (counts.get(JSON.parse(r.value) as string) ?? 0) + 1);
      const acked = acknowledged.get(item.key) ?? new Map<string, number>();
      for (const [value, times] of acked) {
        acks += times;
        if (times !== 1 || counts.get(value) !== 1) lost++; // acknowledged but not exactly one revision
      }
      for (const value of counts.keys()) if (!acked.has(value)) lost++; // a revision nobody was told about
    }
  } finally {
    await db.close();
  }
  const row = summarise(`conflicting saves (${CONFLICT_SAVES} by 50 clients on 5 fields)`, result, { lost });
  row.note = `${acks} acknowledged, ${result.non2xx} refused${unexpected ? `, ${unexpected} unexpected replies` : ""}`;
  if (firstUnexpected) console.error(`  first unexpected reply: ${firstUnexpected}`);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Wire bytes

/** Bytes received for one GET (body as sent, i.e. compressed when the server compresses). */
function wireBytes(url: string, headers: Record<string, string>): Promise<{ bytes: number; encoding: string; status: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let bytes = 0;
        res.on("data", (d: Buffer) => (bytes += d.length));
        res.on("end", () => resolve({ bytes, encoding: String(res.headers["content-encoding"] ?? "identity"), status: res.statusCode ?? 0 }));
      })
      .on("error", reject);
  });
}

async function pageOnWire(base: string, pagePath: string, cookie: string) {
  const headers = { cookie, "accept-encoding": "br, gzip" };
  const html = await (await fetch(base + pagePath, { headers: { cookie } })).text();
  const htmlWire = await wireBytes(base + pagePath, headers);
  const { js, css } = pageAssetUrls(html);
  const weight = pageWeight(html, path.join(ROOT, "build/client"));
  const assets = await Promise.all(weight.map((a) => wireBytes(base + a.url, { "accept-encoding": "br, gzip" }).then((w) => ({ ...a, wire: w }))));
  return {
    html,
    htmlRaw: Buffer.byteLength(html),
    htmlWire,
    jsWire: assets.filter((a) => a.kind === "js").reduce((n, a) => n + a.wire.bytes, 0),
    cssWire: assets.filter((a) => a.kind === "css").reduce((n, a) => n + a.wire.bytes, 0),
    encodings: [...new Set([htmlWire.encoding, ...assets.map((a) => a.wire.encoding)])].join(", "),
    jsFiles: js.length,
    cssFiles: css.length,
    js: totals(weight, "js"),
  };
}

// ---------------------------------------------------------------------------------------------
// The run

const BARE_SERVER = `
const http = require("node:http");
const body = require("node:fs").readFileSync(process.argv[1]);
http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length });
  res.end(body);
}).listen(Number(process.argv[2]), "127.0.0.1", () => console.log("bare ready"));
`;

interface ScaleResult {
  engine: Engine;
  scale: number;
  items: number;
  rows: Row[];
  wire: Awaited<ReturnType<typeof pageOnWire>>;
  output: string;
  /** Resident memory of the server's processes: idle after start, and after the chapter row. */
  memory: { idle: ProcessMemory[]; afterChapter?: ProcessMemory[] };
}

/** One engine's server at one scale, started and signed in, ready for rows. */
interface Setup {
  host: EngineHost;
  scale: number;
  /** "1×", or "SQLite 1×" when several engines run. */
  tag: string;
  prepared: Prepared;
  server: ReturnType<typeof launch>;
  base: string;
  /** The same chapter HTML from bare node:http, until the bare row has run. */
  bare?: { launched: ReturnType<typeof launch>; url: string };
  cookies: string[];
  responsePath: string;
  wire: Awaited<ReturnType<typeof pageOnWire>>;
  saveFields: { item: FormItem; section: string }[];
  conflictFields: { item: FormItem; section: string }[];
  idleMemory: ProcessMemory[];
  afterChapter?: ProcessMemory[];
  rows: Row[];
}

async function setUp(scale: number, host: EngineHost): Promise<Setup> {
  const prepared = await prepare(scale, host);
  const tag = ENGINES.length > 1 ? `${ENGINE_LABEL[host.engine]} ${scale}×` : `${scale}×`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = launch([...SERVER_NODE_ARGS, "build/node/server.js"], {
    DATABASE_URL: prepared.dbFile,
    PORT: String(port),
    SESSION_SECRET: "bench-secret",
    WEB_CONCURRENCY: WORKERS,
    SEED_DEMO: "0",
    // Production React (app/server.ts will set this itself; explicit here so every run measures it).
    NODE_ENV: "production",
  });
  const setup: Partial<Setup> & Pick<Setup, "server" | "prepared"> = { host, scale, tag, prepared, server, base, rows: [] };
  try {
    await waitFor(`${base}/login`, server.child, server.output);
    setup.idleMemory = serverMemory(server.child.pid!);
    const cookies = await Promise.all(EDITOR_EMAILS.map((email) => signIn(base, email)));
    const responsePath = `/o/${DEMO_ORG_SLUG}/r/${prepared.responseId}`;
    const wire = await pageOnWire(base, `${responsePath}/c/${CHAPTER}`, cookies[0]!);
    if (!wire.html.includes('name="v.')) throw new Error(`chapter page did not render the form:\n${wire.html.slice(0, 500)}`);
    Object.assign(setup, { cookies, responsePath, wire });

    // The physical ceiling: the same chapter HTML bytes from bare node:http in its own process.
    const htmlFile = path.join(prepared.dir, "chapter.html");
    writeFileSync(htmlFile, wire.html);
    const barePort = await freePort();
    const bare = launch(["-e", BARE_SERVER, htmlFile, String(barePort)], {});
    setup.bare = { launched: bare, url: `http://127.0.0.1:${barePort}/` };
    await waitFor(setup.bare.url, bare.child, bare.output);

    // Editors' fields: plain answers (text or yes/no, not conditional), each in its own section page URL.
    const editable = formSections(prepared.template).flatMap((section) =>
      section.items
        .filter((item) => (item.answerType === "text" || item.answerType === "yes_no") && !item.askedWhen)
        .map((item) => ({ item, section: `${responsePath}/c/${section.id}` })),
    );
    // Conflict fields first (5 of them), then 50 others for the save row, so the two rows never share a field.
    setup.conflictFields = editable.filter(({ item }) => item.answerType === "text").slice(0, CONFLICT_FIELDS);
    setup.saveFields = editable.filter((f) => !setup.conflictFields!.includes(f)).slice(0, EDITORS);
    if (setup.saveFields.length < EDITORS) {
      // Small forms: reuse fields across editors is not allowed (they would conflict), so fewer editors.
      console.error(`  (only ${setup.saveFields.length} free fields at ${tag}: the save row uses that many editors)`);
    }
    return setup as Setup;
  } catch (e) {
    await tearDown(setup);
    throw e;
  }
}

async function stopBare(setup: Pick<Setup, "bare">) {
  if (setup.bare) await stop(setup.bare.launched.child);
  setup.bare = undefined;
}

async function tearDown(setup: Pick<Setup, "bare" | "server" | "prepared">) {
  await stopBare(setup);
  await stop(setup.server.child);
  rmSync(setup.prepared.dir, { recursive: true, force: true });
}

/** The rows in the order they run (BENCH_ROWS picks some); with several engines each row runs on each, in turn. */
const ROW_ORDER = ["bare", "floor", "overview", "chapter", "preview", "save", "paced", "single", "conflict"] as const;

async function runRow(s: Setup, name: (typeof ROW_ORDER)[number]) {
  const { base, cookies, responsePath } = s;
  const reader = cookies[0]!;
  const row = await (() => {
    switch (name) {
      case "bare":
        return pageRow("bare node:http (same chapter HTML)", s.bare!.url);
      case "floor":
        return pageRow("floor: sign-in page (signed out)", `${base}/login`);
      case "overview":
        return pageRow("overview (signed in)", `${base}${responsePath}`, reader);
      case "chapter":
        return pageRow(`chapter 3 (signed in)`, `${base}${responsePath}/c/${CHAPTER}`, reader);
      case "preview":
        return pageRow("export preview (signed in)", `${base}${responsePath}/preview`, reader);
      case "save":
        return saveRow(base, cookies, s.saveFields);
      case "paced":
        return pacedSaveRow(base, cookies, s.saveFields);
      case "single":
        // One save at a time: the latency of a save without queueing (50 closed-loop editors wait ≈ 50 × this).
        return saveRow(base, cookies, s.saveFields, 1);
      case "conflict":
        return conflictRow(base, cookies, s.conflictFields, s.prepared.dbFile, s.prepared.responseId);
    }
  })();
  s.rows.push(row);
  console.error(`  ${s.tag} ${row.row}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx}`);
  if (name === "chapter") {
    s.afterChapter = serverMemory(s.server.child.pid!);
    console.error(`  ${s.tag} ${memoryLine("resident memory after the chapter row", s.afterChapter)}`);
  }
}

/**
 * One scale on every engine: each engine's server started on its own fresh database, then row by
 * row on each engine in turn (so a change in the machine's load falls on both sides of a ratio).
 */
async function benchScale(scale: number, hosts: EngineHost[]): Promise<ScaleResult[]> {
  const setups: Setup[] = [];
  try {
    for (const host of hosts) setups.push(await setUp(scale, host));
    for (const name of ROW_ORDER) {
      if (name !== "bare") for (const s of setups) await stopBare(s);
      if (!ROWS || ROWS.includes(name)) for (const s of setups) await runRow(s, name);
    }
    return setups.map((s) => {
      const output = s.server.output();
      showServerErrors(s.tag, output);
      return {
        engine: s.host.engine,
        scale,
        items: formSections(s.prepared.template).reduce((n, section) => n + section.items.length, 0),
        rows: s.rows,
        wire: s.wire,
        output,
        memory: { idle: s.idleMemory, afterChapter: s.afterChapter },
      };
    });
  } finally {
    for (const s of setups) await tearDown(s);
  }
}

/** The first few distinct error lines of a server's output (pino's error and fatal), so a non-2xx has its reason beside it. */
function showServerErrors(tag: string, output: string) {
  const lines = output.split("\n").filter((l) => /"level":("error"|"fatal"|50|60)|^\S*Error\b/.test(l));
  if (!lines.length) return;
  const distinct = [...new Set(lines.map((l) => l.replace(/"(time|pid|reqId|id)":[^,}]*,?/g, "").slice(0, 400)))];
  console.error(`  ${tag}: ${lines.length} error lines in the server output, e.g.:\n    ${distinct.slice(0, 3).join("\n    ")}`);
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const kB = (n: number) => fmt(n / 1000, 1);

function table(result: ScaleResult): string {
  const lines = [
    `| row (${result.scale}×, ${fmt(result.items)} items) | requests/s | p50 ms | p99 ms | non-2xx | errors | lost updates | note |`,
    "|---|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const r of result.rows)
    lines.push(`| ${r.row} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.non2xx)} | ${fmt(r.errors)} | ${r.lost === undefined ? "" : fmt(r.lost)} | ${r.note ?? ""} |`);
  return lines.join("\n");
}

async function main() {
  if (!existsSync(path.join(ROOT, "build/server/index.js"))) {
    console.error("No build/ found: running `npm run build` first.");
    const built = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  console.error(
    `Server benchmark: WEB_CONCURRENCY=${WORKERS}, ${availableParallelism()} cores, pages ${SECONDS} s × ${PAGE_CONNECTIONS} connections, ` +
      `saves ${SAVE_SECONDS} s × ${EDITORS} editors, ${CONFLICT_SAVES} conflicting saves, scales ${SCALES.join(", ")}×` +
      (ACCEPT_ENCODING ? `, Accept-Encoding: ${ACCEPT_ENCODING}` : ", identity bodies"),
  );
  const hosts: EngineHost[] = [];
  const byEngine = new Map<Engine, ScaleResult[]>(ENGINES.map((e) => [e, []]));
  try {
    for (const engine of ENGINES) hosts.push(openEngine(engine));
    if (ENGINES.length > 1) console.error(hosts.map((h) => `${ENGINE_LABEL[h.engine]} on ${h.where}`).join("; "));
    for (const scale of SCALES) for (const result of await benchScale(scale, hosts)) byEngine.get(result.engine)!.push(result);
  } finally {
    for (const host of hosts) await host.close();
  }
  const where = new Map(hosts.map((h) => [h.engine, h.where]));

  const out: string[] = [];
  out.push(`## Server benchmark (Node ${process.version}, ${availableParallelism()} cores, WEB_CONCURRENCY=${WORKERS})`, "");
  out.push(
    `Page rows: autocannon, ${PAGE_CONNECTIONS} connections, ${SECONDS} s${ACCEPT_ENCODING ? `, Accept-Encoding: ${ACCEPT_ENCODING}` : ", identity bodies"}. ` +
      `Save row: ${EDITORS} connections, ${SAVE_SECONDS} s, each autosaving its own field and naming the version the previous save returned. ` +
      `Conflict row: ${CONFLICT_SAVES} saves, ${EDITORS} clients on ${CONFLICT_FIELDS} fields, each naming the version it last read (409 expected), then the database is checked.`,
    "",
  );
  if (ENGINES.length > 1) out.push(...sideBySide(byEngine), "");
  for (const [engine, results] of byEngine) {
    if (ENGINES.length > 1) out.push(`### ${ENGINE_LABEL[engine]} (${where.get(engine)})`, "");
    out.push(...report(results));
    if (ENGINES.length > 1) out.push("");
  }
  console.log(out.join("\n"));
}

const get = (r: ScaleResult, prefix: string) => r.rows.find((row) => row.row.startsWith(prefix));
const CHAPTER_ROW = "chapter";
/** The autosave row of the targets: 50 editors saving once a second each (the paced row). */
const AUTOSAVE_ROW = "save (50 editors autosaving";
/** Back-to-back saves: throughput of 50 editors each saving again the moment the last save returned. */
const BACK_TO_BACK_ROW = `save (${EDITORS} editors, own field`;

/**
 * Issue 25: every row of each scale per engine, side by side, with the ratio of each later engine
 * to the first (PostgreSQL/SQLite), then the issue's targets for PostgreSQL against SQLite.
 */
function sideBySide(byEngine: Map<Engine, ScaleResult[]>): string[] {
  const engines = [...byEngine.keys()];
  const [base, ...others] = engines;
  const label = (e: Engine) => ENGINE_LABEL[e];
  const out: string[] = [`### ${engines.map(label).join(" beside ")}`, ""];
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? `${fmt(a / b, 2)}×` : "n/a");
  for (const [index, scale] of SCALES.entries()) {
    const results = engines.map((e) => byEngine.get(e)![index]!);
    const head = [
      `row (${scale}×, ${fmt(results[0]!.items)} items)`,
      ...engines.map((e) => `${label(e)} req/s`),
      ...others.map((e) => `req/s ${label(e)}/${label(base!)}`),
      ...engines.map((e) => `${label(e)} p50 ms`),
      ...engines.map((e) => `${label(e)} p99 ms`),
      ...others.map((e) => `p99 ${label(e)}/${label(base!)}`),
      `non-2xx (${engines.map(label).join(" / ")})`,
      `lost updates (${engines.map(label).join(" / ")})`,
    ];
    out.push(`| ${head.join(" | ")} |`, `|---|${head.slice(1).map(() => "---:").join("|")}|`);
    for (const row of results[0]!.rows) {
      const rows = results.map((r) => r.rows.find((o) => o.row === row.row));
      const cells = [
        row.row,
        ...rows.map((r) => (r ? fmt(r.rps) : "")),
        ...rows.slice(1).map((r) => ratio(r?.rps, rows[0]?.rps)),
        ...rows.map((r) => (r ? fmt(r.p50) : "")),
        ...rows.map((r) => (r ? fmt(r.p99) : "")),
        ...rows.slice(1).map((r) => ratio(r?.p99, rows[0]?.p99)),
        rows.map((r) => (r ? fmt(r.non2xx) : "")).join(" / "),
        row.lost === undefined ? "" : rows.map((r) => (r?.lost === undefined ? "" : fmt(r.lost))).join(" / "),
      ];
      out.push(`| ${cells.join(" | ")} |`);
    }
    out.push("");
  }

  // Issue 25's targets: PostgreSQL against SQLite, at the first scale (1×), lost updates at every scale.
  const sqlite = byEngine.get("sqlite")?.[0];
  const postgres = byEngine.get("postgres")?.[0];
  if (!sqlite || !postgres) return out;
  const targets: [string, boolean][] = [];
  const p99Within = (prefix: string, what: string) => {
    const s = get(sqlite, prefix);
    const p = get(postgres, prefix);
    if (!s || !p) return;
    const factor = p.p99 / Math.max(s.p99, 1);
    const failed = p.non2xx + p.errors;
    targets.push([
      `${what} p99 on PostgreSQL within 1.5× of SQLite (${sqlite.scale}×: ${fmt(p.p99)} vs ${fmt(s.p99)} ms, ${fmt(factor, 2)}×; ${fmt(failed)} non-2xx or errors on PostgreSQL)`,
      factor <= 1.5 && failed === 0,
    ]);
  };
  p99Within(CHAPTER_ROW, "chapter page");
  p99Within(AUTOSAVE_ROW, "autosave (50 editors, 1 save/s each)");
  const sb = get(sqlite, BACK_TO_BACK_ROW);
  const pb = get(postgres, BACK_TO_BACK_ROW);
  if (sb && pb)
    targets.push([
      `back-to-back saves on PostgreSQL ≥ 50 % of SQLite's (${sqlite.scale}×: ${fmt(pb.rps)} vs ${fmt(sb.rps)} saves/s, ${fmt((pb.rps / sb.rps) * 100)} %; ${fmt(pb.non2xx + pb.errors)} non-2xx or errors on PostgreSQL)`,
      pb.rps >= sb.rps / 2 && pb.non2xx + pb.errors === 0,
    ]);
  const conflicts = (e: Engine) => byEngine.get(e)!.map((r) => get(r, "conflicting")).filter((r): r is Row => r !== undefined);
  if (conflicts("postgres").length) {
    const lost = (e: Engine) => conflicts(e).reduce((n, r) => n + (r.lost ?? 0), 0);
    targets.push([`0 lost updates on PostgreSQL (all scales: ${lost("postgres")}; SQLite ${lost("sqlite")})`, lost("postgres") === 0]);
  }
  out.push(...targets.map(([what, met]) => `- ${met ? "met" : "**missed**"}: ${what}`));
  return out;
}

/** One engine's tables, bytes on the wire, memory and targets (the whole report when one engine runs). */
function report(results: ScaleResult[]): string[] {
  const out: string[] = [];
  for (const r of results) out.push(table(r), "");

  const first = results[0]!;
  const pct = (a: Row | undefined, b: Row | undefined, digits = 0) => (a && b ? `${fmt((a.rps / b.rps) * 100, digits)} %` : "n/a");
  for (const r of results) {
    out.push(
      `${r.scale}× chapter page on the wire (Accept-Encoding: br, gzip; sent as ${r.wire.encodings}): HTML ${kB(r.wire.htmlWire.bytes)} kB ` +
        `(${kB(r.wire.htmlRaw)} kB raw) + JS ${kB(r.wire.jsWire)} kB (${r.wire.js.files} files) + CSS ${kB(r.wire.cssWire)} kB = ` +
        `**${kB(r.wire.htmlWire.bytes + r.wire.jsWire + r.wire.cssWire)} kB**. ` +
        `JS: ${kB(r.wire.js.raw)} kB raw, **${kB(r.wire.js.gzip)} kB gzip**, ${kB(r.wire.js.brotli)} kB brotli. ` +
        `Ratios: chapter/floor ${pct(get(r, "chapter"), get(r, "floor"))}, chapter/bare ${pct(get(r, "chapter"), get(r, "bare"), 1)}.`,
    );
  }
  out.push("");
  for (const r of results) {
    out.push(`- ${r.scale}× ${memoryLine("resident memory idle after start", r.memory.idle)}`);
    if (r.memory.afterChapter) out.push(`- ${r.scale}× ${memoryLine("resident memory after the chapter row", r.memory.afterChapter)}`);
  }
  out.push("");

  const targets: [string, boolean][] = [];
  const chapter1 = get(first, "chapter");
  const floor1 = get(first, "floor");
  const save1 = get(first, AUTOSAVE_ROW);
  if (chapter1) targets.push([`chapter page ≥ 300 req/s (1×: ${fmt(chapter1.rps)})`, chapter1.rps >= 300]);
  if (chapter1 && floor1) targets.push([`chapter page ≥ 50 % of the floor in the same run (1×: ${pct(chapter1, floor1)})`, chapter1.rps >= floor1.rps / 2]);
  if (save1) targets.push([`save p99 ≤ 25 ms at 50 editors autosaving (1×: ${fmt(save1.p99)} ms, ${fmt(save1.non2xx)} non-2xx)`, save1.p99 <= 25 && save1.non2xx === 0]);
  const conflictRows = results.map((r) => get(r, "conflicting")).filter((r): r is Row => r !== undefined);
  if (conflictRows.length) {
    const lost = conflictRows.reduce((n, r) => n + (r.lost ?? 0), 0);
    targets.push([`0 lost updates (all scales: ${lost})`, lost === 0]);
  }
  if (first.engine === "sqlite") targets.push([`no SQLITE_BUSY in the server output`, !results.some((r) => /SQLITE_BUSY/.test(r.output))]);
  else targets.push([`no serialisation failures, deadlocks or exhausted connections in the server output`, !results.some((r) => /could not serialize|deadlock detected|connection slots|timeout exceeded when trying to connect/.test(r.output))]);
  targets.push([`chapter JS ≤ 100 kB gzipped (${kB(first.wire.js.gzip)} kB)`, first.wire.js.gzip <= 100_000]);
  // Issue 23: it runs on a 1 GB virtual server beside nginx.
  const afterChapter = first.memory.afterChapter;
  if (afterChapter && afterChapter.filter((m) => m.role === "worker").length === 2)
    targets.push([`resident memory ≤ 400 MB in all with two workers after the chapter row (1×: ${fmt(totalRss(afterChapter))} MB)`, totalRss(afterChapter) <= 400]);
  const last = results[results.length - 1]!;
  if (last !== first) {
    const k = last.scale / first.scale;
    const growth = first.rows
      .filter((row) => !row.row.startsWith("bare") && !row.row.startsWith("conflicting"))
      .flatMap((row) => {
        const other = last.rows.find((o) => o.row === row.row);
        return other ? [{ row: row.row, factor: row.rps / other.rps }] : [];
      });
    if (growth.length) {
      const worst = growth.reduce((a, b) => (b.factor > a.factor ? b : a));
      out.push(`Growth ${first.scale}× → ${last.scale}× (time per request, from requests/s): ${growth.map((g) => `${g.row.split(" (")[0]} ${fmt(g.factor, 2)}×`).join(", ")}.`, "");
      targets.push([`growth ${first.scale}× → ${last.scale}× no worse than linear (worst: ${worst.row.split(" (")[0]} ${fmt(worst.factor, 2)}× for ${k}× the form)`, worst.factor <= k]);
    }
  }
  for (const [what, met] of targets) out.push(`- ${met ? "met" : "**missed**"}: ${what}`);
  return out;
}

await main();
