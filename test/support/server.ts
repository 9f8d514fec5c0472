/**
 * Starts the built app (`npm run build` first) as a real server on a free port with its own
 * database, exactly as `npm start` runs it. One per test file. The database is a SQLite file, or,
 * in the `e2e-pg` and `security-pg` projects (TEST_DATABASE_ENGINE=postgres), a fresh database on
 * the run's PostgreSQL cluster (test/support/engine.ts); `dbFile` is then its postgresql:// URL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freshTarget, isPostgresUrl, testEngine } from "./engine";
import { serverDb } from "./server-db";

export interface TestServer {
  url: string;
  /** The server process (with WEB_CONCURRENCY=1, the one that serves). */
  pid: number;
  dbFile: string;
  dir: string;
  stop(): Promise<void>;
  output(): string;
  /** Resolves with the exit code when the server process ends. */
  exited: Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** `options.dbFile` reuses an existing database (a restart); its folder is then left in place. */
export async function startServer(env: Record<string, string> = {}, options: { dbFile?: string } = {}): Promise<TestServer> {
  const reusedFile = options.dbFile !== undefined && !isPostgresUrl(options.dbFile);
  const dir = reusedFile ? path.dirname(options.dbFile!) : mkdtempSync(path.join(tmpdir(), "hs-test-"));
  const dbFile = options.dbFile ?? (testEngine === "postgres" ? await freshTarget(dir) : path.join(dir, "test.sqlite"));
  const port = await freePort();
  let log = "";
  const child: ChildProcess = spawn(process.execPath, ["build/node/server.js"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    // One worker keeps a test server light; test/e2e/cluster.test.ts runs two.
    // PUBLIC_URL "self": the server's own address, so the Host and Origin checks accept the tests' requests.
    // DB_TRANSACTION_GUARD strict: a transaction that spans a macrotask (a statement that escaped to
    // the plain handle, I/O inside) fails its request instead of being logged (decision 84).
    env: { ...process.env, DATABASE_URL: dbFile, PORT: String(port), HOST: "127.0.0.1", SESSION_SECRET: "test-secret", WEB_CONCURRENCY: "1", DB_TRANSACTION_GUARD: "strict", ...env, ...(env.PUBLIC_URL === "self" ? { PUBLIC_URL: `http://127.0.0.1:${port}` } : {}) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  // A liveness wait, not a speed claim: seeding the demo on a machine busy with other test files can take a minute.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(url + "/", { redirect: "manual" });
      if (res.status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    dbFile,
    dir,
    output: () => log,
    exited,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      if (!reusedFile) rmSync(dir, { recursive: true, force: true });
      // Loudly, whatever the requests' statuses said: a test file whose server overran a transaction fails.
      const overrun = transactionOverrun(log);
      if (overrun) throw new Error(`the server overran a database transaction (decision 84):\n${overrun}`);
    },
  };
}

/** The guard's report in a server's output (db/engine/sqlite.ts, TransactionOverrunError), if any. */
export function transactionOverrun(output: string): string | undefined {
  const at = output.indexOf("A database transaction was still open when the event loop reached its next macrotask");
  return at < 0 ? undefined : output.slice(at, at + 2_000);
}

/** Signs in through the real login form and returns the session cookie header. */
export async function signIn(baseUrl: string, email: string, password = "demo-passord"): Promise<string> {
  return (await signInWithLocation(baseUrl, email, password)).cookie;
}

async function signInWithLocation(baseUrl: string, email: string, password: string, redirectTo = "/") {
  const res = await fetch(`${baseUrl}/login`, {
    method: "POST",
    // As a browser does on every POST (the server refuses writes from other origins when PUBLIC_URL is set).
    headers: { origin: baseUrl },
    body: new URLSearchParams({ email, password, redirectTo }),
    redirect: "manual",
  });
  // The first Set-Cookie is the session; the second the "known device" cookie.
  const cookie = res.headers.getSetCookie()[0];
  if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return { cookie: cookie.split(";")[0]!, location: res.headers.get("location") };
}

/** The newest mail in the server's outbox for an address (without SMTP, mail is written there). */
export async function lastMail(dbFile: string, to: string): Promise<{ subject: string; body: string } | undefined> {
  const db = await serverDb(dbFile, { readonly: true });
  try {
    return await db.get<{ subject: string; body: string }>('select subject, body from mail_outbox where "to" = ? order by id desc limit 1', to.toLowerCase());
  } finally {
    await db.close();
  }
}

/**
 * The whole sign-up flow as a user goes through it: the form ("check your e-mail"), the link in
 * the outbox mail, the confirm button, then sign-in (which returns to `redirectTo` when given).
 */
export async function signUp(
  server: Pick<TestServer, "url" | "dbFile">,
  input: { email: string; name: string; password: string; redirectTo?: string },
): Promise<{ cookie: string; location: string | null }> {
  const { email, name, password, redirectTo } = input;
  const form = await formRequest(server.url, "/signup", { body: { email, name, password, ...(redirectTo ? { redirectTo } : {}) } });
  if (form.res.status !== 200) throw new Error(`sign-up of ${email} failed: ${form.res.status}`);
  const token = (await lastMail(server.dbFile, email))?.body.match(/\/confirm\/([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no confirmation mail for ${email}`);
  const confirmed = await formRequest(server.url, `/confirm/${token}`, { body: {} });
  if (confirmed.res.status !== 302) throw new Error(`confirming ${email} failed: ${confirmed.res.status}`);
  const back = new URL(confirmed.res.headers.get("location")!, server.url).searchParams.get("redirectTo") ?? "/";
  return signInWithLocation(server.url, email, password, back);
}

/**
 * One HTTP request as a browser without JavaScript makes it: a GET, or a form POST when `body` is
 * given; redirects are not followed (tests look at them); the body is read.
 */
export async function formRequest(
  baseUrl: string,
  path: string,
  options: { body?: Record<string, string>; cookie?: string } = {},
): Promise<{ res: Response; html: string; cookie: string | undefined }> {
  const res = await fetch(baseUrl + path, {
    method: options.body ? "POST" : "GET",
    // A POST names its origin, as a browser's does.
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.body ? { origin: baseUrl } : {}) },
    body: options.body ? new URLSearchParams(options.body) : undefined,
    redirect: "manual",
  });
  return { res, html: await res.text(), cookie: res.headers.get("set-cookie")?.split(";")[0] };
}
