/**
 * Issue 25's acceptance run, as an operator types it: with DATABASE_URL=postgresql://… the CLIs
 * `db:migrate`, `db:seed` and `export --response demo --format md` work, the answers are rows in
 * PostgreSQL, and the Markdown is the same as the same commands produce on a SQLite file.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseLabel, databasePath, databaseTarget } from "../../../db/path";
import { testDatabase, type TestDatabase } from "../../support/postgres";

const run = promisify(execFile);
let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  database = await testDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "hs-pg-cli-"));
}, 120_000);
afterAll(async () => {
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function cli(script: string, databaseUrl: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", `cli/${script}.ts`, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LANG: "en_GB.UTF-8" },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each step spawns a CLI (tsx): room for a loaded machine.
describe("the CLIs on PostgreSQL", { timeout: 300_000 }, () => {
  it("migrate, seed and export the demo: the same Markdown as on SQLite, the answers rows in PostgreSQL", async () => {
    const sqliteFile = path.join(dir, "same.sqlite");
    const outputs: string[] = [];
    for (const [url, out] of [
      [database.url, path.join(dir, "pg.md")],
      [sqliteFile, path.join(dir, "sqlite.md")],
    ] as const) {
      const migrated = await cli("migrate", url);
      expect(migrated.stderr).toBe("");
      expect(migrated.code).toBe(0);
      expect(migrated.stdout).toContain("is migrated");
      const seeded = await cli("seed", url);
      expect(seeded.code).toBe(0);
      expect(seeded.stdout).toContain("Seeded demo organisation");
      const exported = await cli("export", url, "--response", "demo", "--format", "md", "--out", out, "--date", "2026-12-01");
      expect(exported.code).toBe(0);
      outputs.push(readFileSync(out, "utf8"));
    }
    expect(outputs[0]!.length).toBeGreaterThan(1000);
    expect(outputs[0]).toBe(outputs[1]);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>("select count(*) as n from answers");
      expect(Number(rows[0]!.n)).toBeGreaterThan(20);
    } finally {
      await client.end();
    }
    // A second migrate of a current database succeeds (nothing to apply).
    expect((await cli("migrate", database.url)).code).toBe(0);
  });

  it("names the server in messages without its password; refuses other schemes naming both engines", () => {
    const saved = process.env.DATABASE_URL;
    try {
      process.env.DATABASE_URL = "postgresql://app:hemmelig@db.example:5432/hoering";
      expect(databaseLabel()).toBe("postgresql://app:…@db.example:5432/hoering");
      expect(databaseTarget()).toBe(process.env.DATABASE_URL);
      expect(() => databasePath()).toThrow(/pg_dump/);
      process.env.DATABASE_URL = "mysql://app:hemmelig@db.example/hoering";
      expect(() => databaseTarget()).toThrow(/file path.*postgresql:\/\//);
      expect(() => databaseTarget()).not.toThrow(/hemmelig/);
      process.env.DATABASE_URL = "/var/lib/x.sqlite";
      expect(databaseTarget()).toBe("/var/lib/x.sqlite");
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});
