/**
 * Live-update benchmark (issue 10): `npm run bench:live` (needs a build: it runs `npm run build`
 * when build/ is missing). It starts the production server exactly as `npm start` does
 * (`node build/node/server.js`, clustered: WEB_CONCURRENCY = your value or the core count)
 * on a fresh temporary SQLite file, which the server seeds with the demo, and then for each N in
 * LIVE_CLIENTS (default 50, 200, 1,000):
 *
 *   - opens N Server-Sent Events streams of demo response 1 (raw node:http, one socket each, all
 *     signed in as the editor) and waits until each has its first `presence` event (subscribed),
 *   - autosaves 10 times a second (LIVE_RATE) for LIVE_SECONDS (default 10 s), round robin over the
 *     feedback fields of chapter 3's measures, each naming the version its previous save returned,
 *   - waits LIVE_GRACE_MS (default 2 s) and counts, per stream, the `answer` events of those saves:
 *     delivery latency = event received − save acknowledged (reply fully read; an event may arrive
 *     before the ack, since it is committed before the reply is sent: counted as 0) and, for
 *     honesty, event received − save sent; lost = saves × streams − distinct events matched;
 *     duplicated = an event id a stream received twice (every kind, not only answers),
 *   - samples the server's CPU (utime + stime of the primary and its workers, /proc) over the save
 *     window and its RSS (sum of VmRSS) every 250 ms, then closes the streams and checks that the
 *     server's connections and RSS go down before the next round.
 *
 * Prints one table. Exits 1 when an event was lost or duplicated, a save was refused, or a stream
 * broke. The bench process needs N + a few file descriptors: the npm script raises `ulimit -n`.
 * Everything listens on and targets 127.0.0.1 only; everything started is stopped at the end.
 *
 * Engines and servers (issue 25): LIVE_ENGINE ("sqlite", the default, "postgres", or
 * "sqlite,postgres" for both in one run, one after the other, each on a fresh database; PostgreSQL is
 * a throwaway cluster on a Unix socket, or BENCH_POSTGRES_URL: bench/engines.ts) and LIVE_SERVERS
 * (default 1): that many separate server processes on the one database, as separate machines would
 * run them; stream i goes to server i mod LIVE_SERVERS, and so does save i, so every event reaches
 * most streams through another server than the one that took the save. With several servers each
 * gets WEB_CONCURRENCY workers, default the core count divided among the servers (so the machine runs
 * as many workers as with one server).
 *
 * Caveat: the N clients live in ONE node process on the same cores as the server, so the receive
 * time of the last of N streams includes the client's own time to read the N − 1 before it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { freePort, signIn } from "../test/support/server";
import { ENGINE_LABEL, enginesFrom, openEngine, type Engine } from "./engines";
import { parseFrames } from "../test/support/sse";
import { decodeSingleFetch, type SaveReply } from "../test/support/single-fetch";

const ROOT = path.resolve(import.meta.dirname, "..");
const CLIENTS = (process.env.LIVE_CLIENTS ?? "50,200,1000").split(",").map((n) => Number(n.trim()));
const SECONDS = Number(process.env.LIVE_SECONDS ?? 10);
const RATE = Number(process.env.LIVE_RATE ?? 10);
const GRACE_MS = Number(process.env.LIVE_GRACE_MS ?? 2_000);
const ENGINES = enginesFrom(process.env.LIVE_ENGINE);
const SERVERS = Math.max(1, Number(process.env.LIVE_SERVERS ?? 1));
/** Workers per server: your WEB_CONCURRENCY, else the cores shared among the servers. */
const WORKERS = process.env.WEB_CONCURRENCY ?? String(Math.max(1, Math.round(availableParallelism() / SERVERS)));
const SERVER_NODE_ARGS = process.env.LIVE_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? []; // e.g. "--cpu-prof"
const EDITOR = "styret@demo.no";
const ORG = "nmf-demo";
const RESPONSE = 1;
const CHAPTER = "kap3";
const P99_TARGET_MS = 250;
const TARGET_CLIENTS = 200;
const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

// ---------------------------------------------------------------------------------------------
// The server processes (trees)

interface Server {
  child: ChildProcess;
  output: () => string;
  port: number;
  base: string;
}

/** The running servers (one, or LIVE_SERVERS on one database). */
let servers: Server[] = [];

function launchServer(port: number, env: Record<string, string>): Server {
  let log = "";
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, "build/node/server.js"], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group: stopping it stops the workers too
  });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  child.once("exit", (code, signal) => {
    if (servers.some((s) => s.child === child)) console.error(`\nThe server on port ${port} exited unexpectedly (${signal ?? `code ${code}`}). Its output:\n${log.slice(-5000)}`);
  });
  const server = { child, output: () => log, port, base: `http://127.0.0.1:${port}` };
  servers.push(server);
  return server;
}

async function stopServers() {
  const stopping = servers;
  servers = [];
  await Promise.all(stopping.map(({ child }) => stopProcessGroup(child)));
}

async function stopProcessGroup(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid!, "SIGTERM");
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  }, 8_000);
  await exited;
  clearTimeout(timer);
}

process.on("exit", () => {
  for (const server of servers)
    try {
      process.kill(-server.child.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

/** The primary and every process below it (the cluster's workers). */
function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${out[i]}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        for (const child of readFileSync(`/proc/${out[i]}/task/${tid}/children`, "utf8").split(" ").filter(Boolean)) out.push(Number(child));
      } catch {
        /* exited meanwhile */
      }
    }
  }
  return out;
}

/** CPU seconds (user + system) used so far by the server's processes. */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the ")" of the command name: state is field 3, utime 14, stime 15.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* exited */
    }
  }
  return ticks / CLK_TCK;
}

/** Resident memory of the server's processes, MB. */
function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      /* exited */
    }
  }
  return kb / 1024;
}

/** Established TCP connections the servers hold on their ports (from /proc/net/tcp, local side = port). */
function serverConnections(ports: number[]): number {
  const hexes = ports.map((port) => `:${port.toString(16).toUpperCase().padStart(4, "0")}`);
  let n = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (hexes.some((hex) => cols[1]?.endsWith(hex)) && cols[3] === "01") n++;
    }
  }
  return n;
}

function openFileLimit(): number {
  const line = readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === "unlimited" ? Infinity : Number(soft);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForServer(server: Server) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
    try {
      const res = await fetch(`${server.base}/login`, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${server.output()}`);
    await sleep(200);
  }
}

// ---------------------------------------------------------------------------------------------
// SSE clients

interface Client {
  req: http.ClientRequest;
  /** Resolves when the first presence event arrived (the hub has subscribed the stream). */
  ready: Promise<void>;
  /** `subject@version` of each answer event -> when it was received (performance.now()). */
  answers: Map<string, number>;
  ids: Set<number>;
  duplicates: number;
  /** Ids that went backwards (should never happen: the log is read in commit order). */
  outOfOrder: number;
  lastId: number;
  broken: string | undefined;
  closing: boolean;
}

function openClient(base: string, cookie: string): Client {
  const url = new URL(`${base}/o/${ORG}/r/${RESPONSE}/events`);
  let ready!: () => void;
  let failed!: (e: Error) => void;
  const client: Client = {
    req: undefined as unknown as http.ClientRequest,
    ready: new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject))),
    answers: new Map(),
    ids: new Set(),
    duplicates: 0,
    outOfOrder: 0,
    lastId: 0,
    broken: undefined,
    closing: false,
  };
  const breakWith = (why: string) => {
    if (client.closing || client.broken) return;
    client.broken = why;
    failed(new Error(why));
  };
  client.req = http.get(
    { host: url.hostname, port: url.port, path: url.pathname, agent: false, headers: { cookie, accept: "text/event-stream" } },
    (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return breakWith(`stream answered ${res.statusCode}`);
      }
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        const parsed = parseFrames(buffer);
        buffer = parsed.rest;
        for (const { id: rawId, event, data } of parsed.frames) {
          const id = rawId === undefined ? undefined : Number(rawId);
          if (id !== undefined) {
            if (client.ids.has(id)) client.duplicates++;
            else client.ids.add(id);
            if (id <= client.lastId) client.outOfOrder++;
            client.lastId = Math.max(client.lastId, id);
          }
          if (event === "presence") ready();
          else if (event === "answer") {
            const answer = JSON.parse(data) as { subject: string; payload: { version: number } };
            const key = `${answer.subject}@${answer.payload.version}`;
            if (!client.answers.has(key)) client.answers.set(key, now);
          }
        }
      });
      res.on("end", () => breakWith("stream ended by the server"));
      res.on("error", (e) => breakWith(`stream error: ${e.message}`));
    },
  );
  client.req.on("error", (e) => breakWith(`request error: ${e.message}`));
  client.ready.catch(() => {}); // awaited by openClients; a later break is counted, not thrown
  return client;
}

/** N streams, stream i on server i mod the number of servers. */
async function openClients(bases: string[], cookie: string, n: number): Promise<Client[]> {
  const clients: Client[] = [];
  // A few dozen at a time: all at once would overflow the listen backlog and measure SYN retries.
  const AT_ONCE = 50;
  for (let i = 0; i < n; i += AT_ONCE) {
    const batch = Array.from({ length: Math.min(AT_ONCE, n - i) }, (_, j) => openClient(bases[(i + j) % bases.length]!, cookie));
    clients.push(...batch);
    await Promise.all(batch.map((c) => c.ready));
  }
  return clients;
}

function closeClients(clients: Client[]) {
  for (const c of clients) {
    c.closing = true;
    c.req.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Saves

interface Save {
  field: string;
  key: string;
  sentAt: number;
  ackAt: number;
  status: number;
  version: number | undefined;
}

const saveAgent = new http.Agent({ keepAlive: true, maxSockets: 20 });

function post(base: string, pathname: string, cookie: string, body: string): Promise<{ status: number; text: string }> {
  const url = new URL(base + pathname);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        agent: saveAgent,
        headers: {
          cookie,
          origin: base,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The feedback fields of chapter 3's measures and their current versions, as the page's form has them. */
async function readFields(base: string, cookie: string): Promise<Map<string, number>> {
  const res = await fetch(`${base}/o/${ORG}/r/${RESPONSE}/c/${CHAPTER}`, { headers: { cookie } });
  const html = await res.text();
  const versions = new Map<string, number>();
  for (const m of html.matchAll(/name="v\.(kap3-tiltak-\d+__feedback)"[^>]*value="(\d+)"/g)) versions.set(m[1]!, Number(m[2]));
  if (versions.size === 0) throw new Error(`chapter page (${res.status}) has no feedback fields:\n${html.slice(0, 400)}`);
  return versions;
}

/**
 * RATE saves a second for SECONDS, round robin over the fields; a field whose save is in flight is
 * skipped this turn. Save i goes to server i mod the number of servers.
 */
async function driveSaves(bases: string[], cookie: string, versions: Map<string, number>, round: number) {
  const fields = [...versions.keys()];
  const busy = new Set<string>();
  const saves: Save[] = [];
  const pending: Promise<void>[] = [];
  let skipped = 0;
  let next = 0;
  const total = Math.round(SECONDS * RATE);
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 0) await sleep(wait);
    let field: string | undefined;
    for (let tries = 0; tries < fields.length && !field; tries++) {
      const candidate = fields[next++ % fields.length]!;
      if (!busy.has(candidate)) field = candidate;
    }
    if (!field) {
      skipped++;
      continue;
    }
    busy.add(field);
    const f = field;
    const base = bases[i % bases.length]!;
    const body = new URLSearchParams({ intent: "save", autosave: "1", [f]: `Live-benk runde ${round}, lagring ${i}`, [`v.${f}`]: String(versions.get(f)) }).toString();
    const save: Save = { field: f, key: f.replaceAll("__", "."), sentAt: performance.now(), ackAt: 0, status: 0, version: undefined };
    saves.push(save);
    pending.push(
      post(base, `/o/${ORG}/r/${RESPONSE}/c/${CHAPTER}.data`, cookie, body)
        .then(({ status, text }) => {
          save.ackAt = performance.now();
          save.status = status;
          try {
            save.version = (decodeSingleFetch(text) as SaveReply).versions?.[f];
          } catch {
            /* not a single-fetch reply: counted as refused below */
          }
          if (save.version !== undefined) versions.set(f, save.version);
        })
        .catch(() => {
          save.ackAt = performance.now();
        })
        .finally(() => busy.delete(f)),
    );
  }
  await Promise.all(pending);
  return { saves, skipped, seconds: (performance.now() - start) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// One round

interface Round {
  engine: Engine;
  clients: number;
  saves: number;
  refused: number;
  skipped: number;
  connectSeconds: number;
  /** save acknowledged -> event received (negative counted as 0) */
  ack: { p50: number; p99: number; max: number; early: number };
  /** save sent -> event received */
  sent: { p50: number; p99: number; max: number };
  /** save sent -> acknowledged (the autosave's own latency while the streams are open) */
  saveLatency: { p50: number; p99: number; max: number };
  /** CPU of this (client) process in the save window, % of one core: it shares the cores with the server. */
  clientCpuPct: number;
  /** Per save, first stream's receive -> last stream's: the cost of fanning one event out to N. */
  spread: { p50: number; p99: number; max: number };
  deliveries: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  broken: number;
  cpuPct: number;
  rssBefore: number;
  rssMax: number;
  rssAfter: number;
  connectionsOpen: number;
  connectionsAfter: number;
}

function percentiles(sorted: number[]) {
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

async function round(engine: Engine, cookie: string, n: number, index: number): Promise<Round> {
  const bases = servers.map((s) => s.base);
  const ports = servers.map((s) => s.port);
  const pids = () => servers.flatMap((s) => processTree(s.child.pid!));
  const rssBefore = rssMb(pids());
  const connectStart = performance.now();
  const clients = await openClients(bases, cookie, n);
  const connectSeconds = (performance.now() - connectStart) / 1000;
  await sleep(500); // let the connection burst settle before measuring
  const connectionsOpen = serverConnections(ports);
  const perServer = ports.length > 1 ? `: ${ports.map((p) => serverConnections([p])).join(" + ")}` : "";
  console.error(`  ${n} streams open in ${connectSeconds.toFixed(1)} s (server holds ${connectionsOpen} connections${perServer}, RSS ${rssBefore.toFixed(0)} MB before)`);

  const versions = await readFields(bases[0]!, cookie);
  let rssMax = rssMb(pids());
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssMb(pids()))), 250);
  const cpuStart = cpuSeconds(pids());
  const clientCpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const { saves, skipped } = await driveSaves(bases, cookie, versions, index);
  const wall = (performance.now() - wallStart) / 1000;
  const cpuPct = ((cpuSeconds(pids()) - cpuStart) / wall) * 100;
  const clientCpu = process.cpuUsage(clientCpuStart);
  const clientCpuPct = ((clientCpu.user + clientCpu.system) / 1e6 / wall) * 100;
  await sleep(GRACE_MS);
  clearInterval(sampler);

  const ok = saves.filter((s) => s.status >= 200 && s.status < 300 && s.version !== undefined);
  const ackLatencies: number[] = [];
  const sentLatencies: number[] = [];
  const spreads: number[] = [];
  let early = 0;
  let lost = 0;
  for (const save of ok) {
    const key = `${save.key}@${save.version}`;
    let first = Infinity;
    let last = -Infinity;
    for (const c of clients) {
      const at = c.answers.get(key);
      if (at === undefined) {
        lost++;
        continue;
      }
      first = Math.min(first, at);
      last = Math.max(last, at);
      if (at < save.ackAt) early++;
      ackLatencies.push(Math.max(0, at - save.ackAt));
      sentLatencies.push(at - save.sentAt);
    }
    if (last >= first) spreads.push(last - first);
  }
  ackLatencies.sort((a, b) => a - b);
  sentLatencies.sort((a, b) => a - b);
  const result: Round = {
    engine,
    clients: n,
    saves: saves.length,
    refused: saves.length - ok.length,
    skipped,
    connectSeconds,
    ack: { ...percentiles(ackLatencies), early },
    sent: percentiles(sentLatencies),
    saveLatency: percentiles(ok.map((s) => s.ackAt - s.sentAt).sort((a, b) => a - b)),
    clientCpuPct,
    spread: percentiles(spreads.sort((a, b) => a - b)),
    deliveries: ackLatencies.length,
    lost,
    duplicated: clients.reduce((s, c) => s + c.duplicates, 0),
    outOfOrder: clients.reduce((s, c) => s + c.outOfOrder, 0),
    broken: clients.filter((c) => c.broken).length,
    cpuPct,
    rssBefore,
    rssMax,
    rssAfter: 0,
    connectionsOpen,
    connectionsAfter: 0,
  };

  closeClients(clients);
  // The server should let go of the streams: wait (up to 10 s) for its connections to drain.
  const deadline = Date.now() + 10_000;
  while (serverConnections(ports) > 2 * servers.length && Date.now() < deadline) await sleep(100);
  await sleep(1_000);
  result.connectionsAfter = serverConnections(ports);
  result.rssAfter = rssMb(pids());
  console.error(
    `  ${n} streams: ${result.saves} saves (${result.refused} refused, ${skipped} skipped), ack→event p50 ${result.ack.p50.toFixed(1)} p99 ${result.ack.p99.toFixed(1)} ms, ` +
      `lost ${lost}, dup ${result.duplicated}, CPU ${cpuPct.toFixed(0)} %, RSS max ${rssMax.toFixed(0)} MB; closed: ${result.connectionsAfter} connections, RSS ${result.rssAfter.toFixed(0)} MB`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// The run

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "n/a");

function table(rounds: Round[]): string {
  const rows: [string, (r: Round) => string][] = [
    ["saves acknowledged (refused)", (r) => `${fmt(r.saves - r.refused)} (${fmt(r.refused)})`],
    ["events expected (saves × streams)", (r) => fmt((r.saves - r.refused) * r.clients)],
    ["ack → event p50 ms", (r) => fmt(r.ack.p50, 1)],
    ["ack → event p99 ms", (r) => fmt(r.ack.p99, 1)],
    ["ack → event max ms", (r) => fmt(r.ack.max, 1)],
    ["events before their ack (counted 0)", (r) => `${fmt((r.ack.early / Math.max(1, r.deliveries)) * 100)} %`],
    ["sent → event p50 / p99 ms", (r) => `${fmt(r.sent.p50, 1)} / ${fmt(r.sent.p99, 1)}`],
    ["save sent → ack p50 / p99 ms", (r) => `${fmt(r.saveLatency.p50, 1)} / ${fmt(r.saveLatency.p99, 1)}`],
    ["fan-out spread per save (first → last stream) p50 / p99 ms", (r) => `${fmt(r.spread.p50, 1)} / ${fmt(r.spread.p99, 1)}`],
    ["lost", (r) => fmt(r.lost)],
    ["duplicated", (r) => fmt(r.duplicated)],
    ["streams broken", (r) => fmt(r.broken)],
    [`server CPU in the save window (% of one core, ${availableParallelism()} cores)`, (r) => `${fmt(r.cpuPct)} %`],
    ["bench client CPU in the save window (% of one core)", (r) => `${fmt(r.clientCpuPct)} %`],
    ["server RSS before streams / max / after closing, MB", (r) => `${fmt(r.rssBefore)} / ${fmt(r.rssMax)} / ${fmt(r.rssAfter)}`],
    ["server TCP connections open / after closing (incl. the saves' keep-alive socket)", (r) => `${fmt(r.connectionsOpen)} / ${fmt(r.connectionsAfter)}`],
    ["time to open all streams, s", (r) => fmt(r.connectSeconds, 1)],
  ];
  const lines = [`| | ${rounds.map((r) => `${fmt(r.clients)} streams${setup(r.engine)}`).join(" | ")} |`, `|---|${rounds.map(() => "---:").join("|")}|`];
  for (const [label, cell] of rows) lines.push(`| ${label} | ${rounds.map(cell).join(" | ")} |`);
  return lines.join("\n");
}

/** " on PostgreSQL, 2 servers" when the run is not the plain one (one engine, one server). */
function setup(engine: Engine): string {
  if (ENGINES.length === 1 && SERVERS === 1) return "";
  return ` on ${ENGINE_LABEL[engine]}${SERVERS > 1 ? `, ${SERVERS} servers` : ""}`;
}

/**
 * One engine: a fresh database, the first server (it migrates and seeds the demo), then the others
 * on the same database; every round of LIVE_CLIENTS; everything stopped and removed afterwards.
 */
async function benchEngine(engine: Engine): Promise<Round[]> {
  const host = openEngine(engine);
  const dir = mkdtempSync(path.join(tmpdir(), "hs-live-"));
  const rounds: Round[] = [];
  try {
    const target = await host.fresh(dir);
    const env = { DATABASE_URL: target, SESSION_SECRET: "bench-secret", WEB_CONCURRENCY: WORKERS };
    // The first alone: it seeds the empty database, which the others must then find seeded.
    await waitForServer(launchServer(await freePort(), env));
    for (let i = 1; i < SERVERS; i++) await waitForServer(launchServer(await freePort(), env));
    const cookie = await signIn(servers[0]!.base, EDITOR);
    const pids = servers.flatMap((s) => processTree(s.child.pid!));
    console.error(`  ${ENGINE_LABEL[engine]} (${host.where}): ${servers.length} server(s), ${pids.length} processes (primaries + workers), RSS ${rssMb(pids).toFixed(0)} MB`);
    for (const s of servers) await readFields(s.base, cookie); // warm the chapter's code path once before measuring
    for (const [i, n] of CLIENTS.entries()) rounds.push(await round(engine, cookie, n, i + 1));
  } finally {
    const outputs = servers.map((s) => s.output());
    await stopServers();
    await host.close();
    rmSync(dir, { recursive: true, force: true });
    for (const output of outputs)
      if (/SQLITE_BUSY|Error|exited/.test(output)) console.error(`Server output mentions errors:\n${output.slice(-3000)}`);
  }
  return rounds;
}

async function main() {
  if (!existsSync(path.join(ROOT, "build/server/index.js"))) {
    console.error("No build/ found: running `npm run build` first.");
    const built = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  const limit = openFileLimit();
  const needed = Math.max(...CLIENTS) + 100;
  if (limit < needed) {
    console.error(`Open-file limit ${limit} < ${needed}: run through \`npm run bench:live\` (raises it) or \`ulimit -n ${needed}\` first.`);
    process.exit(2);
  }

  console.error(
    `Live benchmark: ${ENGINES.map((e) => ENGINE_LABEL[e]).join(", then ")}, ${SERVERS} server${SERVERS > 1 ? "s" : ""} × WEB_CONCURRENCY=${WORKERS}, ` +
      `${availableParallelism()} cores, ${CLIENTS.join(", ")} streams, ${RATE} saves/s for ${SECONDS} s, grace ${GRACE_MS} ms, open-file limit ${limit}`,
  );
  const rounds: Round[] = [];
  for (const engine of ENGINES) rounds.push(...(await benchEngine(engine)));
  saveAgent.destroy();

  const out: string[] = [];
  out.push(
    `## Live benchmark (Node ${process.version}, ${availableParallelism()} cores, ${SERVERS} server${SERVERS > 1 ? "s" : ""} × WEB_CONCURRENCY=${WORKERS})`,
    "",
  );
  out.push(
    `Per round: N SSE streams of one response (one process, raw node:http), ${RATE} autosaves/s for ${SECONDS} s round robin over ` +
      `chapter 3's feedback fields, ${GRACE_MS} ms grace. Latency over every (save, stream) pair.`,
    "",
  );
  out.push(table(rounds), "");
  const targets: [string, boolean][] = [];
  for (const at200 of rounds.filter((r) => r.clients === TARGET_CLIENTS))
    targets.push([`p99 delivery ≤ ${P99_TARGET_MS} ms at ${TARGET_CLIENTS} streams${setup(at200.engine)} (${fmt(at200.ack.p99, 1)} ms)`, at200.ack.p99 <= P99_TARGET_MS]);
  const lost = rounds.reduce((s, r) => s + r.lost, 0);
  const dup = rounds.reduce((s, r) => s + r.duplicated, 0);
  const refused = rounds.reduce((s, r) => s + r.refused, 0);
  const broken = rounds.reduce((s, r) => s + r.broken, 0);
  const disorder = rounds.reduce((s, r) => s + r.outOfOrder, 0);
  targets.push([`0 lost (${lost})`, lost === 0]);
  targets.push([`0 duplicated (${dup}; ids out of order: ${disorder})`, dup === 0 && disorder === 0]);
  targets.push([`0 refused saves (${refused})`, refused === 0]);
  targets.push([`0 broken streams (${broken})`, broken === 0]);
  for (const [what, met] of targets) out.push(`- ${met ? "met" : "**missed**"}: ${what}`);
  console.log(out.join("\n"));
  if (lost || dup || disorder || refused || broken) process.exitCode = 1;
}

await main();
process.exit(); // the keep-alive agent and any stray socket must not hold the run open
