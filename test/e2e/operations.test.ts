/**
 * Running it for real: health and readiness, metrics only from this machine, a restore drill
 * (backup under write load, restore, every save acknowledged before the backup is there), SIGTERM
 * under write load (no 5xx, no acknowledged save lost, exit 0, "shut down"), admin:create, and a
 * DATABASE_URL the project does not support.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, startServer, type TestServer } from "../support/server";

const SECTION = "/o/nmf-demo/r/1/c/kap3";
const ROOT = path.resolve(import.meta.dirname, "../..");

async function version(server: TestServer, cookie: string, field: string): Promise<number> {
  const html = await (await fetch(server.url + SECTION, { headers: { cookie } })).text();
  const match = html.match(new RegExp(`name="v\\.${field}"[^>]*value="(\\d+)"`));
  if (!match) throw new Error(`version input of ${field} not found`);
  return Number(match[1]);
}

/** One editor autosaving a field back to back; `acknowledged` gets each text the server said 200 to. */
function writer(server: TestServer, cookie: string, field: string, tag: string) {
  const acknowledged: string[] = [];
  const statuses: number[] = [];
  let running = true;
  const done = (async () => {
    let base = await version(server, cookie, field);
    for (let i = 0; running; i++) {
      const text = `${tag} ${i}`;
      const body = new URLSearchParams({ intent: "save", autosave: "1", [field]: text, [`v.${field}`]: String(base) });
      let status: number;
      try {
        const res = await fetch(`${server.url}${SECTION}.data`, { method: "POST", body, headers: { cookie } });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        return; // the server is gone: nothing more is acknowledged
      }
      statuses.push(status);
      if (status !== 200) throw new Error(`save answered ${status}`);
      acknowledged.push(text);
      base++;
    }
  })();
  return { acknowledged, statuses, done, stop: () => (running = false) };
}

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

function run(script: string, args: string[], env: Record<string, string>, stdin?: string) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.stdin.end(stdin ?? "");
    child.on("exit", (code) => resolve({ code, out }));
  });
}

function savedTexts(file: string): Set<string> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare("select value from answer_revisions").all() as { value: string }[];
    return new Set(rows.map((r) => JSON.parse(r.value) as unknown).filter((v): v is string => typeof v === "string"));
  } finally {
    db.close();
  }
}

describe("health, metrics, backup and restore", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it("answers /healthz and /readyz with 200 and a short JSON body", async () => {
    const health = await fetch(server.url + "/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(server.url + "/readyz");
    expect(ready.status).toBe(200);
    // No SMTP_URL here: the mail sender has nothing to do, which is not a reason to be unready.
    expect(await ready.json()).toEqual({ status: "ok", checks: { database: "ok", "mail sender": "ok" } });
  });

  it("serves /metrics to this machine only, and logs a 404 without a stack trace", async () => {
    const local = await fetch(server.url + "/metrics");
    expect(local.status).toBe(200);
    const text = await local.text();
    for (const name of ["hs_http_request_duration_seconds", "hs_saves_total", "hs_save_conflicts_total", "hs_live_streams_open"]) expect(text).toContain(name);
    const proxied = await fetch(server.url + "/metrics", { headers: { "X-Forwarded-For": "203.0.113.9" } });
    expect(proxied.status).toBe(404);
    await proxied.text();
    const missing = await fetch(server.url + "/no-such-page-here");
    expect(missing.status).toBe(404);
    await missing.text();
    await until(() => server.output().includes('"status":404'));
    expect(server.output()).not.toMatch(/\n\s+at /);
  });

  it("restore drill: a backup taken during saves restores every save acknowledged before it began", async () => {
    const cookie = await signIn(server.url, "styret@demo.no");
    const w = writer(server, cookie, "kap3-tiltak-1__feedback", "øvelse");
    await until(() => w.acknowledged.length >= 15);
    const beforeBackup = [...w.acknowledged];
    const backupFile = path.join(server.dir, "backup.sqlite");
    const backup = await run("cli/backup.ts", ["--out", backupFile], { DATABASE_URL: server.dbFile });
    expect(backup.out).toContain("integrity ok");
    expect(backup.code).toBe(0);
    const countAtBackupEnd = w.acknowledged.length;
    await until(() => w.acknowledged.length >= countAtBackupEnd + 10);
    w.stop();
    await w.done;

    const restored = path.join(server.dir, "restored", "db.sqlite");
    const restore = await run("cli/restore.ts", ["--in", backupFile], { DATABASE_URL: restored });
    expect(restore.out).toMatch(/Restored .* integrity ok, \d+ migrations applied/);
    expect(restore.code).toBe(0);
    const texts = savedTexts(restored);
    expect(beforeBackup.filter((t) => !texts.has(t))).toEqual([]);
    const db = new Database(restored, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();

    const again = await run("cli/restore.ts", ["--in", backupFile], { DATABASE_URL: restored });
    expect(again.code).toBe(1);
    expect(again.out).toContain("--force");
    const forced = await run("cli/restore.ts", ["--in", backupFile, "--force"], { DATABASE_URL: restored });
    expect(forced.code).toBe(0);
  });

  it("admin:create makes a site administrator who can sign in; a weak password is refused", async () => {
    const weak = await run("cli/admin-create.ts", ["--email", "it@forening.no", "--name", "IT"], { DATABASE_URL: server.dbFile }, "password\n");
    expect(weak.code).toBe(1);
    const made = await run("cli/admin-create.ts", ["--email", "it@forening.no", "--name", "Ida Tekniker"], { DATABASE_URL: server.dbFile }, "lang-og-trygg-frase-42\n");
    expect(made.out).toContain("Created site administrator it@forening.no");
    expect(made.code).toBe(0);
    const cookie = await signIn(server.url, "it@forening.no", "lang-og-trygg-frase-42");
    const admin = await fetch(server.url + "/admin/consultations", { headers: { cookie } });
    expect(admin.status).toBe(200);
  });

  it("refuses a DATABASE_URL it does not support, naming what is", async () => {
    const result = await run("cli/migrate.ts", [], { DATABASE_URL: "mysql://app:hemmelig@db.example/hoering" });
    expect(result.code).toBe(1);
    expect(result.out).toContain("is not supported");
    expect(result.out).toContain("file path");
    expect(result.out).toContain("postgresql://");
    expect(result.out).not.toContain("hemmelig");
  });
});

describe("SIGTERM under write load", () => {
  it("finishes what is in flight: no 5xx, no acknowledged save lost, exit 0, 'shut down' logged", async () => {
    const server = await startServer({ WEB_CONCURRENCY: "2" });
    try {
      const [a, b] = await Promise.all([signIn(server.url, "styret@demo.no"), signIn(server.url, "sekretariat@demo.no")]);
      const writers = [writer(server, a, "kap3-tiltak-1__feedback", "a"), writer(server, b, "kap3-tiltak-2__feedback", "b")];
      await until(() => writers.every((w) => w.acknowledged.length >= 10));
      process.kill(server.pid, "SIGTERM");
      expect(await server.exited).toBe(0);
      await Promise.all(writers.map((w) => w.done));
      expect(server.output()).toContain('"msg":"shut down"');
      // In the order it happened: the primary and each worker say they are stopping before they are down.
      const lines = server.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { pid: number; msg: string });
      const at = (pid: number, msg: RegExp) => lines.findIndex((l) => l.pid === pid && msg.test(l.msg));
      const pids = [...new Set(lines.filter((l) => /shut down$/.test(l.msg)).map((l) => l.pid))];
      expect(pids).toHaveLength(3); // the primary and two workers
      for (const pid of pids) {
        expect(at(pid, /^stopping/), `pid ${pid}`).toBeGreaterThanOrEqual(0);
        expect(at(pid, /^stopping/), `pid ${pid}`).toBeLessThan(at(pid, /shut down$/));
      }
      expect(at(server.pid, /^shut down$/)).toBe(lines.length - 1);
      for (const w of writers) expect(w.statuses.filter((s) => s >= 500)).toEqual([]);
      const texts = savedTexts(server.dbFile);
      for (const w of writers) expect(w.acknowledged.filter((t) => !texts.has(t))).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
