/**
 * The one database client. Default file ./data/workbench.sqlite; DATABASE_URL overrides the path.
 * WAL mode and foreign keys on; migrations run on open so the schema is always current.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// Resolved from the working directory: the server bundle lives in build/, the migrations do not.
export const MIGRATIONS_FOLDER = path.resolve(process.env.MIGRATIONS_DIR ?? "db/migrations");

/**
 * Write transactions take SQLite's write lock at BEGIN (BEGIN IMMEDIATE). A deferred transaction
 * that reads and then writes cannot wait for another process's writer (the upgrade fails with
 * SQLITE_BUSY at once, busy_timeout or not); with several server workers on one file it must wait.
 */
export const IMMEDIATE = { behavior: "immediate" } as const;

export { databasePath, UnsupportedDatabaseError } from "./path";
import { databasePath } from "./path";

/** FULL unless SQLITE_SYNCHRONOUS says NORMAL (only to measure FULL's cost: bench:server). */
function synchronousMode(): "FULL" | "NORMAL" {
  return process.env.SQLITE_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL";
}

export function openDatabase(file = databasePath()): Db {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // FULL: a save acknowledged to the user survives power loss, not just a crash of this process
  // (NORMAL in WAL mode may lose the last commits on an OS crash). Cost: see bench:server.
  sqlite.pragma(`synchronous = ${synchronousMode()}`);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db as Db;
}

let shared: Db | undefined;

/** The process-wide connection (the server and CLIs share one per process). */
export function getDb(): Db {
  shared ??= openDatabase();
  return shared;
}
