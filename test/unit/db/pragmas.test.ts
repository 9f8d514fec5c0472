/**
 * The durability claims (every acknowledged save survives kill -9 and power loss; no orphan rows)
 * rest on three SQLite settings of the connection the server uses. A kill -9 test cannot tell
 * synchronous=FULL from OFF (the OS still has the pages), so they are pinned here, read back from
 * the very connection getDb() hands the server (app/server.ts calls getDb()).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteClient } from "../../../db/engine/sqlite";

const dir = mkdtempSync(path.join(tmpdir(), "hs-pragmas-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the server's SQLite connection", () => {
  it("is opened by getDb(), the function app/server.ts uses", () => {
    expect(readFileSync("app/server.ts", "utf8")).toMatch(/\bgetDb\(\)/);
  });

  it("journal_mode=wal, synchronous=FULL (2), foreign_keys=1, busy_timeout set", async () => {
    const saved = { url: process.env.DATABASE_URL, sync: process.env.SQLITE_SYNCHRONOUS };
    process.env.DATABASE_URL = path.join(dir, "server.sqlite");
    delete process.env.SQLITE_SYNCHRONOUS;
    try {
      const { getDb } = await import("../../../db/client");
      const sqlite = sqliteClient(getDb());
      expect(sqlite.name).toBe(process.env.DATABASE_URL);
      expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(sqlite.pragma("synchronous", { simple: true })).toBe(2);
      expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(sqlite.pragma("busy_timeout", { simple: true })).toBeGreaterThanOrEqual(1000);
      // foreign_keys really bites: a membership of an organisation that does not exist is refused.
      expect(() => sqlite.prepare("insert into memberships (organisation_id, user_id, role) values (999999, 999999, 'member')").run()).toThrow(
        /FOREIGN KEY/,
      );
    } finally {
      if (saved.url === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved.url;
      if (saved.sync !== undefined) process.env.SQLITE_SYNCHRONOUS = saved.sync;
    }
  });
});
