/**
 * Running the server on PostgreSQL (issue 25) as an operator meets it: ready when its migrations
 * are applied, two workers under one supervisor, the built-in (SQLite) backups refused with the
 * way to back up PostgreSQL instead, and the demo refused beyond loopback with PostgreSQL's words.
 * Runs in the e2e-pg project only.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTarget, testEngine } from "../support/engine";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";
import { serverDb } from "../support/server-db";

let server: TestServer;

beforeAll(async () => {
  expect(testEngine).toBe("postgres");
  server = await startServer({ SITE_ADMINS: "admin@demo.no", WEB_CONCURRENCY: "2" });
}, 180_000);
afterAll(async () => await server?.stop());

/** Starts the built server as an operator would and returns how it ended (it should refuse). */
function refusedStart(env: Record<string, string>): { status: number | null; output: string } {
  const res = spawnSync(process.execPath, ["build/node/server.js"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, PORT: "0", SESSION_SECRET: "test-secret", WEB_CONCURRENCY: "1", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: res.status, output: res.stdout + res.stderr };
}

describe("the server on PostgreSQL", () => {
  it("is ready: the database answers and PostgreSQL's migration journal has every committed migration", async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", checks: { database: "ok" } });
    const db = await serverDb(server.dbFile);
    try {
      expect(db.engine).toBe("postgres");
      const applied = await db.get<{ n: number }>("select count(*) as n from drizzle.__drizzle_migrations");
      expect(applied!.n).toBeGreaterThan(0);
      // The demo's answers are rows here.
      expect((await db.get<{ n: number }>("select count(*) as n from answers"))!.n).toBe(68);
    } finally {
      await db.close();
    }
  });

  it("/readyz is 503 naming the migration a database lacks", async () => {
    const db = await serverDb(server.dbFile);
    try {
      const newest = await db.get<{ id: number; created_at: number }>("select id, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1");
      await db.run("delete from drizzle.__drizzle_migrations where id = ?", newest!.id);
      try {
        const res = await fetch(`${server.url}/readyz`);
        expect(res.status).toBe(503);
        expect(((await res.json()) as { checks: { database: string } }).checks.database).toMatch(/^migrations not applied: \d{4}_/);
      } finally {
        await db.run("insert into drizzle.__drizzle_migrations (id, hash, created_at) values (?, 'restored', ?)", newest!.id, newest!.created_at);
      }
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await db.close();
    }
  });

  it("the backups page tells a site administrator to use pg_dump, and taking a backup is refused", async () => {
    const cookie = await signIn(server.url, "admin@demo.no");
    const page = await formRequest(server.url, "/admin/backups", { cookie });
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("pg_dump");
    const take = await formRequest(server.url, "/admin/backups", { cookie, body: { intent: "backup" } });
    expect(take.res.status).toBe(400);
    expect(take.html).toContain("pg_dump");
  });

  it("refuses to start with BACKUP_DIR set, naming pg_dump", async () => {
    const { status, output } = refusedStart({ DATABASE_URL: server.dbFile, BACKUP_DIR: "/tmp/never-used" });
    expect(status).toBe(1);
    expect(output).toContain("BACKUP_DIR is set, but DATABASE_URL names a PostgreSQL server");
    expect(output).toContain("pg_dump");
  });

  it("refuses to serve the demo beyond loopback, saying to drop the database (not to delete a file)", async () => {
    const { status, output } = refusedStart({ DATABASE_URL: await freshTarget(server.dir), HOST: "0.0.0.0" });
    expect(status).toBe(1);
    expect(output).toContain("Refusing to start: the demo accounts are active");
    expect(output).toContain("drop the database");
    expect(output).not.toContain("-wal and -shm");
  });
});
