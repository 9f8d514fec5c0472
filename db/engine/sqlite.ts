/**
 * The SQLite engine behind the async data layer (decision 83). The only module that touches
 * better-sqlite3 directly: opening a file (pragmas, migrations), the transaction machinery, health,
 * backup and migration status. Everything else sees a drizzle database in async mode (`Db`), so the
 * same query code can run on an async driver (PostgreSQL) later.
 *
 * better-sqlite3 is synchronous; the async surface is a thin shell around it. What needs care is the
 * transaction: one connection per process, so while a transaction is open every statement on that
 * connection is part of it. Three rules make that safe:
 *
 * 1. Transactions on a connection are serialised by an async mutex (`Connection.open`).
 * 2. Statements issued through the plain database handle while a transaction is open wait until it
 *    has ended (the "gate"): another request's statements never join, and never read, an open
 *    transaction. Statements through the transaction handle run at once.
 * 3. A transaction must finish before the event loop reaches its next macrotask: with a synchronous
 *    driver every statement resolves in a microtask, so a transaction still open at `setImmediate`
 *    awaited real I/O (hashing, fetch, a timer) or a plain-handle statement (which would wait for
 *    the transaction forever). That is reported; in strict mode (tests, development) the
 *    transaction is rolled back and throws `TransactionOverrunError`.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { NoopLogger, sql, type Query, type SQL } from "drizzle-orm";
import { drizzle as drizzleSync } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { PreparedQuery as SyncPreparedQuery } from "drizzle-orm/better-sqlite3/session";
import { NoopCache } from "drizzle-orm/cache/core";
import {
  BaseSQLiteDatabase,
  SQLiteAsyncDialect,
  SQLitePreparedQuery,
  SQLiteSession,
  SQLiteTransaction,
  type PreparedQueryConfig,
  type SelectedFieldsOrdered,
} from "drizzle-orm/sqlite-core";
import type { ExtractTablesWithRelations, RelationalSchemaConfig } from "drizzle-orm";
import * as schema from "../schema";

type Schema = typeof schema;
type Tables = ExtractTablesWithRelations<Schema>;
export type RunResult = Database.RunResult;

/** A database or transaction handle: drizzle's SQLite query builder, every statement a Promise. */
export type SqliteDb = BaseSQLiteDatabase<"async", RunResult, Schema, Tables>;

/** A transaction callback awaited I/O (or a plain-handle statement) and spanned a macrotask. */
export class TransactionOverrunError extends Error {
  constructor(begun?: string) {
    super(
      "A database transaction was still open when the event loop reached its next macrotask: the callback " +
        "awaited real I/O (hashing, fetch, a timer) or used the plain database handle instead of `tx`. " +
        "Do that work before or after the transaction." +
        (begun ? `\nTransaction begun at:\n${begun}` : ""),
    );
    this.name = "TransactionOverrunError";
  }
}

/** Strict: an overrun fails the transaction. On in tests and development, or DB_TRANSACTION_GUARD=strict. */
function strictGuard(): boolean {
  const mode = process.env.DB_TRANSACTION_GUARD;
  if (mode === "strict") return true;
  if (mode === "warn") return false;
  return process.env.NODE_ENV !== "production";
}

interface OpenTransaction {
  overran: boolean;
  begun?: string;
}

/** One better-sqlite3 connection and its transaction state. */
class Connection {
  open: OpenTransaction | null = null;
  savepoints = 0;
  private waiters: (() => void)[] = [];
  readonly strict = strictGuard();
  readonly begin: Database.Statement;
  readonly commit: Database.Statement;
  readonly rollback: Database.Statement;
  db!: SqliteDb;
  tx!: SqliteDb;

  constructor(readonly client: Database.Database) {
    this.begin = client.prepare("BEGIN IMMEDIATE");
    this.commit = client.prepare("COMMIT");
    this.rollback = client.prepare("ROLLBACK");
  }

  /** Resolves once no transaction is open (callers re-check: another may have started meanwhile). */
  idle(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    this.open = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

interface Internal {
  joinsNotNullableMap?: Record<string, boolean>;
  isResponseInArrayMode(): boolean;
}

const connections = new WeakMap<object, Connection>();

function connectionOf(db: object): Connection {
  const connection = connections.get(db);
  if (!connection) throw new Error("not a handle of the SQLite engine");
  return connection;
}

/**
 * A prepared statement whose run/all/get/values return Promises. It wraps drizzle's synchronous
 * better-sqlite3 statement (same result mapping, same errors) and passes the gate first.
 */
class AsyncPreparedQuery extends SQLitePreparedQuery<PreparedQueryConfig & { type: "async"; run: RunResult }> {
  constructor(
    private readonly session: AsyncSession,
    private readonly inner: SyncPreparedQuery,
    query: Query,
    executeMethod: "run" | "all" | "get",
  ) {
    super("async", executeMethod, query, undefined, undefined, undefined);
  }

  /**
   * Whether the statement must wait for an open transaction to end. The check and the statement
   * run in one synchronous stretch (no await between them), so nothing can begin in between.
   */
  private blocked(): boolean {
    const connection = this.session.connection;
    // Set by the query builder after prepareQuery (drizzle-internal): hand it to the wrapped statement.
    (this.inner as unknown as Internal).joinsNotNullableMap = (this as unknown as Internal).joinsNotNullableMap;
    if (!this.session.inside) return connection.open !== null;
    const open = connection.open;
    if (!open) throw new Error("a transaction handle was used after its transaction ended");
    if (open.overran && connection.strict) throw new TransactionOverrunError(open.begun);
    return false;
  }

  async run(placeholderValues?: Record<string, unknown>): Promise<RunResult> {
    while (this.blocked()) await this.session.connection.idle();
    return this.inner.run(placeholderValues);
  }

  async all(placeholderValues?: Record<string, unknown>): Promise<unknown[]> {
    while (this.blocked()) await this.session.connection.idle();
    return this.inner.all(placeholderValues) as unknown[];
  }

  async get(placeholderValues?: Record<string, unknown>): Promise<unknown> {
    while (this.blocked()) await this.session.connection.idle();
    return this.inner.get(placeholderValues);
  }

  async values(placeholderValues?: Record<string, unknown>): Promise<unknown[][]> {
    while (this.blocked()) await this.session.connection.idle();
    return this.inner.values(placeholderValues) as unknown[][];
  }

  /** @internal */
  isResponseInArrayMode(): boolean {
    return (this.inner as unknown as Internal).isResponseInArrayMode();
  }
}

class AsyncSession extends SQLiteSession<"async", RunResult, Schema, Tables> {
  constructor(
    readonly connection: Connection,
    dialect: SQLiteAsyncDialect,
    private readonly relational: RelationalSchemaConfig<Tables> | undefined,
    /** The transaction handle's session: runs at once, only while a transaction is open. */
    readonly inside: boolean,
  ) {
    super(dialect);
  }

  prepareQuery(
    query: Query,
    fields: SelectedFieldsOrdered | undefined,
    executeMethod: "run" | "all" | "get",
    isResponseInArrayMode: boolean,
    customResultMapper?: (rows: unknown[][], mapColumnValue?: (value: unknown) => unknown) => unknown,
  ): AsyncPreparedQuery {
    const stmt = this.connection.client.prepare(query.sql);
    const inner = new SyncPreparedQuery(
      stmt,
      query,
      new NoopLogger(),
      new NoopCache(),
      undefined,
      undefined,
      fields,
      executeMethod,
      isResponseInArrayMode,
      customResultMapper,
    );
    return new AsyncPreparedQuery(this, inner, query, executeMethod);
  }

  override transaction<T>(fn: (tx: SQLiteTransaction<"async", RunResult, Schema, Tables>) => Promise<T>): Promise<T> {
    return this.inside ? savepoint(this.connection, fn as never) : runTransaction(this.connection, fn as never);
  }

  schemaConfig(): RelationalSchemaConfig<Tables> | undefined {
    return this.relational;
  }
}

class AsyncTransaction extends SQLiteTransaction<"async", RunResult, Schema, Tables> {
  override transaction<T>(fn: (tx: SQLiteTransaction<"async", RunResult, Schema, Tables>) => Promise<T>): Promise<T> {
    return savepoint(connectionOf(this), fn as never);
  }
}

/**
 * BEGIN IMMEDIATE … COMMIT on this connection, serialised with every other transaction of the
 * process, and finished before the next macrotask (see the module comment).
 */
async function runTransaction<T>(connection: Connection, fn: (tx: SqliteDb) => Promise<T>): Promise<T> {
  while (connection.open) await connection.idle();
  const state: OpenTransaction = { overran: false, begun: connection.strict ? new Error().stack : undefined };
  connection.open = state;
  try {
    connection.begin.run();
  } catch (error) {
    connection.release();
    throw error;
  }
  setImmediate(() => {
    if (connection.open !== state) return;
    state.overran = true;
    console.error(new TransactionOverrunError(state.begun).message);
    if (!connection.strict) return;
    // Strict: end it now (rolled back), so statements waiting for it (a `db` statement inside the
    // callback among them) run, and the callback's next `tx` statement throws.
    if (connection.client.inTransaction) connection.rollback.run();
    connection.savepoints = 0;
    connection.release();
  });
  try {
    const result = await fn(connection.tx);
    if (state.overran && connection.strict) throw new TransactionOverrunError(state.begun);
    connection.commit.run();
    return result;
  } catch (error) {
    if (connection.open === state && connection.client.inTransaction) connection.rollback.run();
    if (state.overran && connection.strict && !(error instanceof TransactionOverrunError)) throw new TransactionOverrunError(state.begun);
    throw error;
  } finally {
    if (connection.open === state) {
      connection.savepoints = 0;
      connection.release();
    }
  }
}

/** A nested transaction: a savepoint inside the open one (all-or-nothing for its callback). */
async function savepoint<T>(connection: Connection, fn: (tx: SqliteDb) => Promise<T>): Promise<T> {
  if (!connection.open) throw new Error("a transaction handle was used after its transaction ended");
  const name = `sp${++connection.savepoints}`;
  connection.client.exec(`savepoint ${name}`);
  try {
    const result = await fn(connection.tx);
    connection.client.exec(`release savepoint ${name}`);
    return result;
  } catch (error) {
    if (connection.client.inTransaction) connection.client.exec(`rollback to savepoint ${name}; release savepoint ${name}`);
    throw error;
  }
}

/** FULL unless SQLITE_SYNCHRONOUS says NORMAL (only to measure FULL's cost: bench:server). */
function synchronousMode(): "FULL" | "NORMAL" {
  return process.env.SQLITE_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL";
}

/** Opens (creating the folder), sets the pragmas, applies pending migrations. */
export function openSqlite(file: string, migrationsFolder: string): SqliteDb {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const client = new Database(file);
  client.pragma("journal_mode = WAL");
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  // FULL: a save acknowledged to the user survives power loss, not just a crash of this process
  // (NORMAL in WAL mode may lose the last commits on an OS crash). Cost: see bench:server.
  client.pragma(`synchronous = ${synchronousMode()}`);
  migrate(drizzleSync(client, { schema }), { migrationsFolder });

  // The same relational config drizzle builds; no code uses db.query, but keep it correct.
  const relational = (drizzleSync(client, { schema }) as unknown as { _: { schema: RelationalSchemaConfig<Tables> } })._.schema;
  const dialect = new SQLiteAsyncDialect();
  const connection = new Connection(client);
  const outside = new AsyncSession(connection, dialect, relational, false);
  const inside = new AsyncSession(connection, dialect, relational, true);
  const db = new BaseSQLiteDatabase("async", dialect, outside, relational) as unknown as SqliteDb;
  const tx = new AsyncTransaction("async", dialect, inside, relational, 0) as unknown as SqliteDb;
  connection.db = db;
  connection.tx = tx;
  connections.set(db, connection);
  connections.set(tx, connection);
  return db;
}

/** Runs `fn` in one write transaction (BEGIN IMMEDIATE); on a transaction handle, a savepoint. */
export function sqliteTransaction<T>(db: SqliteDb, fn: (tx: SqliteDb) => Promise<T>): Promise<T> {
  const connection = connectionOf(db);
  return db === connection.tx ? savepoint(connection, fn) : runTransaction(connection, fn);
}

/** Whether a transaction is open on this handle's connection (tests). */
export function transactionOpen(db: SqliteDb): boolean {
  return connectionOf(db).open !== null;
}

// ---- SQLite-only operations (health, backup, migrations, tests' raw access) ----

/** The better-sqlite3 connection behind a handle. Only for SQLite-specific tooling and tests. */
export function sqliteClient(db: SqliteDb): Database.Database {
  return connectionOf(db).client;
}

export function closeSqlite(db: SqliteDb): void {
  const client = connectionOf(db).client;
  if (client.open) client.close();
}

/** Health: one round trip. */
export async function pingSqlite(db: SqliteDb): Promise<void> {
  await db.get(sql`select 1`);
}

/** Rows of a raw SQL query (`sql` template), objects keyed by column name or alias. */
export function sqliteRows<T>(db: SqliteDb, query: SQL): Promise<T[]> {
  return db.all<T>(query);
}
