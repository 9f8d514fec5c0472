/** The test support's PostgreSQL (test/support/postgres.ts): a real server, a fresh database per file. */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl, testDatabase, type TestDatabase } from "../../support/postgres";

let db: TestDatabase;
beforeAll(async () => {
  db = await testDatabase();
}, 120_000);
afterAll(() => db?.close());

describe("test PostgreSQL", () => {
  it("gives an empty database of its own on a real server", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query("select current_database() as name, count(*)::int as tables from information_schema.tables where table_schema = 'public'");
      expect(rows[0]).toEqual({ name: db.name, tables: 0 });
      const version = await client.query("show server_version_num");
      expect(Number(version.rows[0].server_version_num)).toBeGreaterThanOrEqual(130000);
    } finally {
      await client.end();
    }
  });

  it("makes another empty database on the same server", async () => {
    const url = await db.another();
    expect(url).not.toBe(db.url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.end();
  });

  it("names a database in socket and TCP URLs", () => {
    expect(databaseUrl("postgresql://postgres@/postgres?host=%2Ftmp%2Fx", "a")).toBe("postgresql://postgres@/a?host=%2Ftmp%2Fx");
    expect(databaseUrl("postgres://u:p@db.example:5433/postgres", "b")).toBe("postgres://u:p@db.example:5433/b");
    expect(databaseUrl("postgresql://localhost", "c")).toBe("postgresql://localhost/c");
  });
});
