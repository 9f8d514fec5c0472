/**
 * The one database client. Default file ./data/workbench.sqlite; DATABASE_URL overrides the path,
 * or names a PostgreSQL server (postgres://… or postgresql://…, decision 97).
 * SQLite: WAL mode and foreign keys on; migrations run on open so the schema is always current.
 * PostgreSQL: a connection pool; migrations (db/pg/migrations) are applied on open.
 *
 * The data layer is async (decision 83): every query is awaited (`await db.select()…`, arrays;
 * `[0]` for one row), and every write transaction goes through `transaction(db, async (tx) => …)`.
 * The engines (db/engine/sqlite.ts, db/engine/postgres.ts) own everything engine-specific; both
 * present drizzle's SQLite query builder (`Db`), so queries are written once (decision 96).
 */
import path from "node:path";
import { isPostgres } from "./engine/kind";
import { closePostgres, isPostgresUrl, openPostgres, pingPostgres, postgresReadTransaction, postgresReady, postgresTransaction, type PostgresDb } from "./engine/postgres";
import { closeSqlite, openSqlite, pingSqlite, sqliteTransaction, type SqliteDb } from "./engine/sqlite";

export type Db = SqliteDb;

export { TransactionOverrunError } from "./engine/sqlite";

// Resolved from the working directory: the server bundle lives in build/, the migrations do not.
export const MIGRATIONS_FOLDER = path.resolve(process.env.MIGRATIONS_DIR ?? "db/migrations");

export { databaseLabel, databasePath, databaseTarget, UnsupportedDatabaseError } from "./path";
import { databaseTarget } from "./path";

/** A SQLite file (path), or a PostgreSQL server (postgres:// or postgresql:// URL); default DATABASE_URL. */
export function openDatabase(target = databaseTarget()): Db {
  if (isPostgresUrl(target)) return openPostgres(target) as unknown as Db;
  return openSqlite(target, MIGRATIONS_FOLDER);
}

/**
 * One write transaction: all-or-nothing, and as if it ran alone. On SQLite it is serialised with
 * the process's other transactions and takes the write lock at BEGIN (BEGIN IMMEDIATE: a deferred
 * transaction that reads and then writes cannot wait for another process's writer; with several
 * server workers on one file it must wait). On PostgreSQL it runs SERIALIZABLE on one pooled
 * connection and is run again when PostgreSQL aborts it for a concurrent one (decision 97), so the
 * callback may run more than once: only database work inside. Use `tx`, never `db`, inside; do no
 * I/O inside (hash, fetch, send mail before or after): on SQLite a transaction must finish before
 * the next macrotask (decision 84). Called with a transaction handle, it nests as a savepoint.
 */
export function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return postgresTransaction(db as unknown as PostgresDb, fn as unknown as (tx: PostgresDb) => Promise<T>);
  return sqliteTransaction(db, fn);
}

/**
 * Several reads that must see one consistent state (e.g. tallies and the ballots behind them), and
 * no writes. On SQLite it is `transaction` (unchanged). On PostgreSQL it is one REPEATABLE READ READ
 * ONLY transaction that neither queues behind the writers nor takes their lock (decision 116), so a
 * page load never waits for someone's save. Called with a transaction handle, the reads run in it.
 */
export function readTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return postgresReadTransaction(db as unknown as PostgresDb, fn as unknown as (tx: PostgresDb) => Promise<T>);
  return sqliteTransaction(db, fn);
}

/** Closes the connection or pool (shutdown, tests, CLIs). */
export async function closeDatabase(db: Db): Promise<void> {
  if (isPostgres(db)) await closePostgres(db as unknown as PostgresDb);
  else closeSqlite(db);
}

/** Resolves once the database is open and migrated (at once on SQLite, which migrates when it opens). */
export async function databaseReady(db: Db): Promise<void> {
  if (isPostgres(db)) await postgresReady(db as unknown as PostgresDb);
}

/** Health: one round trip to the database. */
export function pingDatabase(db: Db): Promise<void> {
  if (isPostgres(db)) return pingPostgres(db as unknown as PostgresDb);
  return pingSqlite(db);
}

let shared: Db | undefined;

/** The process-wide connection (the server and CLIs share one per process). */
export function getDb(): Db {
  shared ??= openDatabase();
  return shared;
}
