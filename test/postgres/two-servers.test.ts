/**
 * Issue 25 item 5: two app servers (separate processes, as two machines would run them) on one
 * PostgreSQL database, behind Debian's nginx as a load balancer. 50 editors save through both;
 * one server is killed with SIGKILL in the middle. Then: every save either server acknowledged is
 * stored, each field's versions run 1, 2, 3, … with none skipped or twice, a browser on the
 * surviving server received the other server's saves, and a browser whose stream went through the
 * killed server reconnects (through nginx) to the survivor and catches up.
 *
 * Runs in the e2e-pg project only (TEST_DATABASE_ENGINE=postgres: test/support/server.ts gives the
 * first server a fresh database and the second the same one).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowConsoleErrorOn, launchContext, signInWithForm } from "../support/browser";
import { testEngine } from "../support/engine";
import { freePort, signIn, startServer, type TestServer } from "../support/server";
import { serverDb, type ServerDb } from "../support/server-db";
import { decodeSingleFetch, type SaveReply } from "../support/single-fetch";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const RESPONSE = "/o/nmf-demo/r/1";
const CHAPTER = `${RESPONSE}/c/kap3`;
const KEYS = Array.from({ length: 7 }, (_, i) => `kap3-tiltak-${i + 1}.feedback`);
const EDITORS = 50;
const SAVES_EACH = 10;
/** The survivor is killed once this many saves were acknowledged: in the middle of the run. */
const KILL_AFTER = (EDITORS * SAVES_EACH) / 2;
const POLL = { timeout: 30_000 };

interface Acknowledged {
  key: string;
  version: number;
  value: string;
  server: "a" | "b";
}

let a: TestServer; // survives
let b: TestServer; // is killed
let db: ServerDb;
let dir: string;
let nginx: ChildProcess;
let nginxLog = "";
let balanced: string;
const contexts: BrowserContext[] = [];

/** nginx in front of both servers: B first, A only while B is down (`backup`), streams unbuffered. */
async function startNginx(port: number): Promise<void> {
  const temp = (name: string) => path.join(dir, "tmp", name);
  for (const name of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(temp(name), { recursive: true });
  const bPort = new URL(b.url).port;
  const aPort = new URL(a.url).port;
  const config = [
    process.getuid?.() === 0 ? "user root;" : "",
    "worker_processes 1;",
    `pid ${path.join(dir, "nginx.pid")};`,
    `error_log ${path.join(dir, "error.log")} info;`,
    "events { worker_connections 512; }",
    "http {",
    "  access_log off;",
    `  client_body_temp_path ${temp("body")}; proxy_temp_path ${temp("proxy")}; fastcgi_temp_path ${temp("fastcgi")};`,
    `  uwsgi_temp_path ${temp("uwsgi")}; scgi_temp_path ${temp("scgi")};`,
    `  upstream app { server 127.0.0.1:${bPort} max_fails=1 fail_timeout=60s; server 127.0.0.1:${aPort} backup; }`,
    `  server {`,
    `    listen 127.0.0.1:${port};`,
    "    location / {",
    "      proxy_pass http://app;",
    "      proxy_http_version 1.1;",
    '      proxy_set_header Connection "";',
    "      proxy_set_header Host $http_host;",
    "      proxy_buffering off;",
    "      proxy_read_timeout 1h;",
    "      proxy_next_upstream error timeout;",
    "    }",
    "  }",
    "}",
  ].join("\n");
  const file = path.join(dir, "nginx.conf");
  writeFileSync(file, config);
  nginx = spawn(NGINX, ["-c", file, "-p", dir, "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
  nginx.stdout!.on("data", (d) => (nginxLog += d));
  nginx.stderr!.on("data", (d) => (nginxLog += d));
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${balanced}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not start:\n${nginxLog}`);
}

/** One autosave as the chapter page's fetcher sends it; the reply's new version, or the version to retry on. */
async function autosave(base: string, cookie: string, key: string, value: string, version: number): Promise<{ saved: number } | { theirs: number }> {
  const field = key.replace(".", "__");
  const res = await fetch(`${base}${CHAPTER}.data`, {
    method: "POST",
    headers: { cookie, origin: base },
    body: new URLSearchParams({ intent: "save", autosave: "1", [field]: value, [`v.${field}`]: String(version) }),
  });
  const reply = decodeSingleFetch(await res.text()) as SaveReply;
  if (res.status === 200 && reply.versions?.[field]) return { saved: reply.versions[field] };
  const theirs = reply.conflicts?.find((c) => c.field === field)?.theirVersion;
  if (res.status === 409 && theirs !== undefined) return { theirs };
  throw new Error(`save of ${key} answered ${res.status}: ${JSON.stringify(reply)}`);
}

const storedValue = async (key: string) =>
  JSON.parse((await db.get<{ value: string }>("select value from answers where response_id = 1 and question_key = ?", key))!.value) as string;

async function openChapter(base: string): Promise<Page> {
  const context = await launchContext();
  contexts.push(context);
  const page = await context.newPage();
  await signInWithForm(page, base, "styret@demo.no");
  await page.goto(base + CHAPTER);
  await page.waitForSelector("html[data-hydrated]");
  return page;
}

const field = (page: Page, key: string) => page.locator(`[data-key="${key}"] textarea`);

beforeAll(async () => {
  expect(testEngine).toBe("postgres");
  a = await startServer();
  b = await startServer({}, { dbFile: a.dbFile });
  db = await serverDb(a.dbFile);
  dir = mkdtempSync(path.join(tmpdir(), "hs-two-servers-"));
  const port = await freePort();
  balanced = `http://127.0.0.1:${port}`;
  await startNginx(port);
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  nginx?.kill("SIGTERM");
  await db?.close();
  await b?.stop().catch(() => {}); // killed: its stop only cleans up
  await a?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("two app servers on one PostgreSQL database", () => {
  let onA: Page;
  let throughNginx: Page;

  it("share the database: a save through B reaches a browser on A, and one through A a browser on B (via nginx)", async () => {
    expect(a.dbFile).toMatch(/^postgres(ql)?:\/\//);
    expect(db.engine).toBe("postgres");
    expect(a.output()).toContain("(database postgresql://");
    onA = await openChapter(a.url);
    throughNginx = await openChapter(balanced);
    allowConsoleErrorOn(
      throughNginx,
      /Failed to load resource: net::ERR_INCOMPLETE_CHUNKED_ENCODING \(http:\/\/127\.0\.0\.1:\d+\/o\/nmf-demo\/r\/1\/events\?/,
      "This page's live stream goes through nginx to B, which the test kills with SIGKILL: the stream is cut mid-body, and Chromium logs that before it reconnects (to A), as the test requires.",
    );
    const editorA = await signIn(a.url, "styret@demo.no");
    const editorB = await signIn(b.url, "sekretariat@demo.no");
    const version = async (key: string) => (await db.get<{ version: number }>("select version from answers where response_id = 1 and question_key = ?", key))?.version ?? 0;
    const fromB = await autosave(b.url, editorB, KEYS[0]!, "Lagret gjennom B", await version(KEYS[0]!));
    expect(fromB).toHaveProperty("saved");
    expect(await storedValue(KEYS[0]!)).toBe("Lagret gjennom B"); // a row in PostgreSQL
    await expect.poll(() => field(onA, KEYS[0]!).inputValue(), POLL).toBe("Lagret gjennom B");
    const fromA = await autosave(a.url, editorA, KEYS[1]!, "Lagret gjennom A", await version(KEYS[1]!));
    expect(fromA).toHaveProperty("saved");
    await expect.poll(() => field(throughNginx, KEYS[1]!).inputValue(), POLL).toBe("Lagret gjennom A");
  });

  it("50 editors saving through both, B killed in the middle: every acknowledged save stored, versions 1, 2, 3, … per field", async () => {
    // Two board members, each signed in on both servers (sign-in is rate limited per account; the
    // 50 editors are 50 concurrent clients sharing these four sessions, stored in the database).
    const sessions = [
      await signIn(a.url, "styret@demo.no"),
      await signIn(b.url, "styret@demo.no"),
      await signIn(a.url, "sekretariat@demo.no"),
      await signIn(b.url, "sekretariat@demo.no"),
    ];
    const cookies = Array.from({ length: EDITORS }, (_, i) => sessions[i % sessions.length]!);
    const acknowledged: Acknowledged[] = [];
    const failedOnB: string[] = [];
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      process.kill(b.pid, "SIGKILL");
    };
    await Promise.all(
      cookies.map(async (startCookie, i) => {
        let through: "a" | "b" = i % 2 ? "b" : "a";
        let cookie = startCookie;
        const key = KEYS[i % KEYS.length]!;
        let version = 0;
        for (let n = 0; n < SAVES_EACH; ) {
          const base = through === "a" ? a.url : b.url;
          const value = `redaktør ${i} lagring ${n}`;
          let result: Awaited<ReturnType<typeof autosave>>;
          try {
            result = await autosave(base, cookie, key, value, version);
          } catch (error) {
            if (through === "a" || !killed) throw error;
            // B is gone: this save is unacknowledged (it may or may not have committed); go on through A,
            // as a load balancer sends a client to the server that is left (sessions live in the database).
            failedOnB.push(`${i}:${n}`);
            through = "a";
            cookie = startCookie;
            continue;
          }
          if ("theirs" in result) {
            version = result.theirs;
            continue;
          }
          version = result.saved;
          acknowledged.push({ key, version, value, server: through });
          n++;
          if (acknowledged.length >= KILL_AFTER) kill();
        }
      }),
    );
    expect(killed).toBe(true);
    expect(await b.exited).toBeNull(); // ended by the signal, not by itself
    expect(acknowledged.filter((s) => s.server === "b").length).toBeGreaterThan(0);
    expect(acknowledged.filter((s) => s.server === "a").length).toBeGreaterThan(0);
    expect(acknowledged.length).toBe(EDITORS * SAVES_EACH);

    for (const key of KEYS) {
      const revisions = await db.all<{ version: number; value: string }>(
        "select r.version, r.value from answer_revisions r join answers a on a.id = r.answer_id where a.response_id = 1 and a.question_key = ? order by r.version",
        key,
      );
      const versions = revisions.map((r) => r.version);
      // No version skipped or twice: exactly 1..n (the demo's own revision included).
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
      const current = await db.get<{ version: number }>("select version from answers where response_id = 1 and question_key = ?", key);
      expect(current!.version).toBe(versions.length);
      const byVersion = new Map(revisions.map((r) => [r.version, JSON.parse(r.value) as string]));
      for (const save of acknowledged.filter((s) => s.key === key)) expect(byVersion.get(save.version), `${key} v${save.version}`).toBe(save.value);
    }
  });

  it("the browser on A shows every field as stored; the one whose stream went through B reconnected to A and caught up", async () => {
    // Saved after the kill, through A only: the browser that was on B has to catch up through nginx → A.
    const editorA = await signIn(a.url, "styret@demo.no");
    const key = KEYS[2]!;
    const version = (await db.get<{ version: number }>("select version from answers where response_id = 1 and question_key = ?", key))!.version;
    let after = await autosave(a.url, editorA, key, "Etter at B falt", version);
    // Built on the newest version, as the page's merge view would: a save the killed server had
    // committed without answering may have come after the version read above.
    if ("theirs" in after) after = await autosave(a.url, editorA, key, "Etter at B falt", after.theirs);
    // On a conflict, the message names who saved the newer revisions (nobody else should be saving).
    const newest = await db.all("select r.version, r.created_by, r.source, r.created_at from answer_revisions r join answers a on a.id = r.answer_id where a.response_id = 1 and a.question_key = ? order by r.version desc limit 3", key);
    expect(after, `read v${version}; newest: ${JSON.stringify(newest)}`).toHaveProperty("saved");
    for (const page of [onA, throughNginx])
      for (const k of KEYS) {
        const stored = await storedValue(k);
        await expect.poll(() => field(page, k).inputValue(), POLL).toBe(stored);
      }
    expect(await field(throughNginx, key).inputValue()).toBe("Etter at B falt");
  });
});
