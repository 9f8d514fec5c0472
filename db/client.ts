/**
 * The one database client. Default file ./data/workbench.sqlite; DATABASE_URL overrides the path.
 * WAL mode and foreign keys on; migrations run on open so the schema is always current.
 *
 * The data layer is async (decision 83): every query is awaited (`await db.select()…`, arrays;
 * `[0]` for one row), and every write transaction goes through `transaction(db, async (tx) => …)`.
 * The engine (db/engine/sqlite.ts) owns everything SQLite-specific.
 */
import path from "node:path";
import { closeSqlite, openSqlite, pingSqlite, sqliteTransaction, type SqliteDb } from "./engine/sqlite";

export type Db = SqliteDb;

export { TransactionOverrunError } from "./engine/sqlite";

// Resolved from the working directory: the server bundle lives in build/, the migrations do not.
export const MIGRATIONS_FOLDER = path.resolve(process.env.MIGRATIONS_DIR ?? "db/migrations");

export { databasePath, UnsupportedDatabaseError } from "./path";
import { databasePath } from "./path";

export function openDatabase(file = databasePath()): Db {
  return openSqlite(file, MIGRATIONS_FOLDER);
}

/**
 * One write transaction: all-or-nothing, serialised with the process's other transactions, and on
 * SQLite the write lock taken at BEGIN (BEGIN IMMEDIATE: a deferred transaction that reads and then
 * writes cannot wait for another process's writer; with several server workers on one file it must
 * wait). Use `tx`, never `db`, inside; do no I/O inside (hash, fetch, send mail before or after):
 * a transaction must finish before the next macrotask (decision 84). Called with a transaction
 * handle, it nests as a savepoint.
 */
export function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return sqliteTransaction(db, fn);
}

/** Closes the connection (shutdown, tests, CLIs). */
export function closeDatabase(db: Db): void {
  closeSqlite(db);
}

/** Health: one round trip to the database. */
export function pingDatabase(db: Db): Promise<void> {
  return pingSqlite(db);
}

let shared: Db | undefined;

/** The process-wide connection (the server and CLIs share one per process). */
export function getDb(): Db {
  shared ??= openDatabase();
  return shared;
}
