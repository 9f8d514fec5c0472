/**
 * Issue 23 item 5: the built app behind Debian's nginx with the configuration the operator guide
 * gives (docs/nginx.conf, filled in here): TLS ends at nginx with a throwaway self-signed
 * certificate, the app runs with TRUST_PROXY and PUBLIC_URL=https://127.0.0.1:<nginx port>.
 * In real Chromium through the proxy: sign in, save an answer, see another person's save arrive
 * over the live stream (unbuffered), the address the limiter records, HSTS and __Host- cookies.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../support/answers-db";
import { launchContext, signInWithForm } from "../support/browser";
import { freePort, startServer, type TestServer } from "../support/server";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const CHAPTER = "/o/nmf-demo/r/1/c/kap3";
const POLL = { timeout: 10_000 };
/** A documentation address (RFC 5737) a client tries to pass off as its own. */
const SPOOFED = "203.0.113.9";

let dir: string;
let server: TestServer;
let nginx: ChildProcess;
let nginxLog = "";
let base: string;
const contexts: BrowserContext[] = [];

/** GET through nginx without verifying the throwaway certificate. */
function get(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  const url = new URL(pathname, base);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { rejectUnauthorized: false, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** docs/nginx.conf with its placeholders filled, inside a minimal main config with temp paths in `dir`. */
function writeNginxConfig(port: number, upstreamPort: number): string {
  const site = readFileSync(path.resolve(import.meta.dirname, "../../docs/nginx.conf"), "utf8")
    .replaceAll("{{PORT}}", String(port))
    .replaceAll("{{UPSTREAM_PORT}}", String(upstreamPort))
    .replaceAll("{{SERVER_NAME}}", "127.0.0.1")
    .replaceAll("{{CERT}}", path.join(dir, "cert.pem"))
    .replaceAll("{{KEY}}", path.join(dir, "key.pem"));
  expect(site).not.toMatch(/\{\{[A-Z_]+\}\}/);
  writeFileSync(path.join(dir, "site.conf"), site);
  const temp = (name: string) => path.join(dir, "tmp", name);
  for (const name of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(temp(name), { recursive: true });
  const main = [
    // Workers would switch to "nobody" when started as root, and could not use the temp folder.
    process.getuid?.() === 0 ? "user root;" : "",
    "worker_processes 1;",
    `error_log ${path.join(dir, "error.log")} info;`,
    "events { worker_connections 256; }",
    "http {",
    "  access_log off;",
    `  client_body_temp_path ${temp("body")};`,
    `  proxy_temp_path ${temp("proxy")};`,
    `  fastcgi_temp_path ${temp("fastcgi")};`,
    `  uwsgi_temp_path ${temp("uwsgi")};`,
    `  scgi_temp_path ${temp("scgi")};`,
    `  include ${path.join(dir, "site.conf")};`,
    "}",
  ].join("\n");
  const file = path.join(dir, "nginx.conf");
  writeFileSync(file, main);
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "hs-nginx-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1",
    "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { stdio: "ignore" });
  const port = await freePort();
  base = `https://127.0.0.1:${port}`;
  server = await startServer({ TRUST_PROXY: "loopback", PUBLIC_URL: base });
  const config = writeNginxConfig(port, Number(new URL(server.url).port));
  nginx = spawn(NGINX, ["-p", dir, "-c", config, "-e", path.join(dir, "error.log"), "-g", `daemon off; pid ${path.join(dir, "nginx.pid")};`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  nginx.stdout!.on("data", (d) => (nginxLog += d));
  nginx.stderr!.on("data", (d) => (nginxLog += d));
  for (let tries = 0; ; tries++) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited with ${nginx.exitCode}:\n${nginxLog}\n${readFileSync(path.join(dir, "error.log"), "utf8")}`);
    try {
      if ((await get("/healthz")).status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (tries > 150) throw new Error(`nginx did not start:\n${nginxLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx.on("exit", resolve));
    nginx.kill("SIGQUIT");
    await exited;
  }
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openChapter(email: string, spoofedFor?: string): Promise<Page> {
  const context = await launchContext({ ignoreHTTPSErrors: true });
  contexts.push(context);
  const page = await context.newPage();
  if (spoofedFor) await page.setExtraHTTPHeaders({ "X-Forwarded-For": spoofedFor });
  await signInWithForm(page, base, email);
  await page.goto(base + CHAPTER);
  await page.waitForSelector("html[data-hydrated]");
  return page;
}

const text = (page: Page, number: number) => page.locator(`#q-${number} textarea`);
const stateOf = (page: Page, number: number) => page.locator(`#q-${number} .save-state`);

describe("behind nginx (docs/nginx.conf)", () => {
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    // A's browser claims to be someone else in X-Forwarded-For: nginx overwrites the header.
    a = await openChapter("styret@demo.no", SPOOFED);
    b = await openChapter("sekretariat@demo.no");
  });

  it("signs in over https: a __Host- session cookie, Secure, and HSTS on every page", async () => {
    const cookies = await a.context().cookies(base);
    const session = cookies.find((c) => c.name.endsWith("hs_session"));
    expect(session).toMatchObject({ name: "__Host-hs_session", secure: true, path: "/", httpOnly: true });
    expect(cookies.filter((c) => c.name.startsWith("hs_"))).toEqual([]);
    // The chapter page with A's cookies, fetched by A's browser context (no second navigation).
    const response = await a.context().request.get(base + CHAPTER);
    expect(response.status()).toBe(200);
    expect(response.headers()["strict-transport-security"]).toMatch(/^max-age=\d+/);
  });

  it("the limiter and the security log see the address nginx saw, not the one the client claimed", async () => {
    // authenticateUser gives the limiter (login:ip:<address>) and the log the same address.
    const rows = await queryRows<{ ip: string }>(server.dbFile, "select ip from security_events where type = 'login.success' order by id");
    expect(rows.map((r) => r.ip)).toEqual(["127.0.0.1", "127.0.0.1"]);
  });

  it("saves an answer, and the other person's page gets it live through the proxy", async () => {
    await text(a, 8).fill("Lagret bak nginx.");
    await expect.poll(() => stateOf(a, 8).textContent(), POLL).toBe("Lagret");
    await expect.poll(() => text(b, 8).inputValue(), POLL).toBe("Lagret bak nginx.");
    await text(b, 6).fill("Svar fra sekretariatet bak nginx.");
    await expect.poll(() => stateOf(b, 6).textContent(), POLL).toBe("Lagret");
    await expect.poll(() => text(a, 6).inputValue(), POLL).toBe("Svar fra sekretariatet bak nginx.");
    const stored = (await queryRows<{ value: string }>(server.dbFile, "select value from answers where response_id = 1 and question_key = 'kap3-tiltak-1.feedback'"))[0]!;
    expect(stored.value).toBe(JSON.stringify("Svar fra sekretariatet bak nginx."));
  });

  it("refuses another host name through the proxy, and health probes answer", async () => {
    expect((await get("/", { Host: "evil.example" })).status).toBe(421);
    expect((await get("/healthz")).status).toBe(200);
  });
});
