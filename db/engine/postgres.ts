/**
 * The PostgreSQL engine behind the async data layer (issue 25, decision 96). DATABASE_URL=postgres://…
 * or postgresql://… selects it; a file path keeps SQLite.
 *
 * One data layer: the queries stay drizzle's SQLite query builders over db/schema.ts (the types the
 * whole app is written against), executed by drizzle's async "sqlite-proxy" session whose callback
 * runs the SQL on a node-postgres (`pg`) pool. What differs between the engines is confined here:
 *
 * - the dialect writes PostgreSQL's `$1, $2, …` placeholders, and an insert leaves a column it does
 *   not set to the table's DEFAULT (SQLite's dialect writes the SQLite schema's default expression,
 *   e.g. `unixepoch(…)`, or NULL for an autoincrementing id);
 * - values travel as SQLite stores them: timestamps as epoch milliseconds (`bigint` columns, read back
 *   as numbers), booleans as 1/0 (PostgreSQL reads '1'/'0' as a boolean; read back through the
 *   column's mapping), JSON as text (decision 88's PostgreSQL schema is built for exactly that);
 * - `bigint` and `numeric` results (ids of the append-only logs, `count(*)`, `sum`) are parsed as
 *   JavaScript numbers for this pool only;
 * - transactions run on one pooled connection at SERIALIZABLE isolation and are retried on a
 *   serialisation failure or deadlock, so every rule the app relied on with SQLite's single writer
 *   (read a version, then write version + 1) holds: PostgreSQL aborts whichever transaction could
 *   not have run alone, and it runs again from the start (its callback does only database work,
 *   decision 84).
 *
 * Schema and migrations: db/pg/schema.ts and db/pg/migrations (decision 87), applied on open under
 * an advisory lock so several app servers starting together migrate once.
 */
import pg from "pg";
import { Param, SQL, sql, type ExtractTablesWithRelations, type RelationalSchemaConfig } from "drizzle-orm";
import { SQLiteAsyncDialect, type SQLiteInsertConfig } from "drizzle-orm/sqlite-core";
import { drizzle as drizzleProxy, SQLiteRemoteSession, SqliteRemoteDatabase, type RemoteCallback } from "drizzle-orm/sqlite-proxy";
import { Column, getTableColumns, is } from "drizzle-orm";
import * as schema from "../schema";
import { migratePostgres } from "../pg/migrate";
import { markPostgres } from "./kind";

type Schema = typeof schema;
type Tables = ExtractTablesWithRelations<Schema>;

/** A database or transaction handle on PostgreSQL: the same query builder type as SQLite's. */
export type PostgresDb = SqliteRemoteDatabase<Schema>;

export { isPostgresUrl } from "../path";

/**
 * `on conflict ("t"."a", "t"."b")`: SQLite's builder names the target columns with their table,
 * which PostgreSQL refuses there; the clause's second chunk is the target (sqlite-core's insert.js).
 */
function unqualifiedTarget(clause: SQL): SQL {
  const [head, target, ...rest] = clause.queryChunks;
  if (!is(target, SQL)) return clause;
  const plain = target.queryChunks.map((chunk) =>
    Array.isArray(chunk) ? chunk.map((c: unknown) => (is(c, Column) ? sql.identifier((c as Column).name) : c)) : chunk,
  );
  return new SQL([head!, new SQL(plain as never), ...rest]);
}

/** SQLite's query builder, PostgreSQL's placeholders, DEFAULT and conflict targets. */
class PostgresOnSqliteDialect extends SQLiteAsyncDialect {
  override escapeParam(num: number): string {
    return `$${num + 1}`;
  }

  override buildInsertQuery(config: SQLiteInsertConfig): SQL {
    const onConflict = config.onConflict?.map(unqualifiedTarget);
    if (config.select || !Array.isArray(config.values)) return super.buildInsertQuery({ ...config, onConflict });
    const columns = getTableColumns(config.table) as unknown as Record<
      string,
      { default?: unknown; defaultFn?: unknown; onUpdateFn?: unknown; shouldDisableInsert(): boolean }
    >;
    const values = (config.values as Record<string, unknown>[]).map((row) => {
      const out = { ...row };
      for (const [field, column] of Object.entries(columns)) {
        if (column.shouldDisableInsert()) continue;
        const value = out[field];
        if (value !== undefined && !(is(value, Param) && (value as Param).value === undefined)) continue;
        // A JavaScript default ($defaultFn, a plain value) is computed as on SQLite; a SQL default
        // (or none: NULL, an identity) is the PostgreSQL table's own.
        const jsDefault = column.defaultFn !== undefined || column.onUpdateFn !== undefined || (column.default !== undefined && column.default !== null && !is(column.default, SQL));
        if (!jsDefault) out[field] = sql`default`;
      }
      return out;
    });
    return super.buildInsertQuery({ ...config, values: values as never, onConflict });
  }
}

// node-postgres returns int8 and numeric as text (they may not fit a double). Ids, counts and
// epoch milliseconds here all do.
const INT8 = 20;
const NUMERIC = 1700;
/** Exported for tests that read a server's database with `pg` the same way. */
export const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => (value === null ? null : Number(value));
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

interface OpenTransaction {
  ended: boolean;
}

interface Engine {
  /** The connection string: LISTEN needs a connection of its own, outside the pool. */
  url: string;
  pool: pg.Pool;
  /** Migrations applied (every statement waits for it; a failure fails every statement). */
  ready: Promise<void>;
  dialect: PostgresOnSqliteDialect;
  relational: RelationalSchemaConfig<Tables> | undefined;
  /** The last write transaction of this process in line (decision 112). */
  writers: Promise<void>;
}

interface HandleState {
  engine: Engine;
  /** Set on a transaction handle: its connection and whether it has ended. */
  client?: pg.PoolClient;
  open?: OpenTransaction;
  savepoints: number;
}

const handles = new WeakMap<object, HandleState>();

function stateOf(db: object): HandleState {
  const state = handles.get(db);
  if (!state) throw new Error("not a handle of the PostgreSQL engine");
  return state;
}

/** Runs drizzle's built SQL on a pool or one connection; rows as arrays, as drizzle maps them. */
function executor(engine: Engine, runner: pg.Pool | pg.PoolClient, open?: OpenTransaction): RemoteCallback {
  return async (text, params, method) => {
    if (!open) await engine.ready;
    if (open?.ended) throw new Error("a transaction handle was used after its transaction ended");
    if (method === "run") return { rows: (await runner.query(text, params)).rows };
    const result = await runner.query({ text, values: params, rowMode: "array" });
    return { rows: method === "get" ? (result.rows[0] as never) : result.rows };
  };
}

function makeHandle(engine: Engine, runner: pg.Pool | pg.PoolClient, open?: OpenTransaction): PostgresDb {
  const session = new SQLiteRemoteSession(executor(engine, runner, open), engine.dialect, engine.relational as never);
  const db = new SqliteRemoteDatabase("async", engine.dialect, session as never, engine.relational as never) as unknown as PostgresDb;
  handles.set(db, { engine, client: open ? (runner as pg.PoolClient) : undefined, open, savepoints: 0 });
  markPostgres(db);
  return db;
}

/** The relational config drizzle builds from the schema (no code uses db.query, but keep it correct). */
function relationalConfig(): RelationalSchemaConfig<Tables> {
  // A proxy database that never runs anything computes it exactly as drizzle does.
  const throwaway = drizzleProxy(async () => ({ rows: [] }), { schema });
  return (throwaway as unknown as { _: { schema: RelationalSchemaConfig<Tables> } })._.schema;
}

const MIGRATION_LOCK = 0x6873_6d69; // "hsmi": one migrating server at a time

async function migrateOnce(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migratePostgres(client);
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/**
 * Opens a pool (DATABASE_POOL_SIZE connections, default 10) and starts applying pending
 * migrations; statements wait for them (`postgresReady` to wait explicitly, as the server does
 * before it listens).
 */
export function openPostgres(url: string): PostgresDb {
  // allowExitOnIdle: a CLI ends when its work is done (the server stays up for its listener).
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE) || 10, types, allowExitOnIdle: true });
  // An idle connection that dies (server restart) must not end the process.
  pool.on("error", (error) => console.error("PostgreSQL: an idle connection failed.", error.message));
  const ready = migrateOnce(pool);
  ready.catch(() => {}); // reported by every statement (and postgresReady), not as an unhandled rejection
  return makeHandle({ url, pool, ready, writers: Promise.resolve(), dialect: new PostgresOnSqliteDialect(), relational: relationalConfig() }, pool);
}

/** Resolves when the migrations are applied; rejects with their failure. */
export function postgresReady(db: PostgresDb): Promise<void> {
  return stateOf(db).engine.ready;
}

/**
 * One writer at a time over the whole database, as SQLite has (decision 112): every write
 * transaction first takes this session-level advisory lock on its connection, outside and before
 * BEGIN, so its SERIALIZABLE snapshot is taken once the writers before it have committed. Without
 * it, writers that waited on each other's row or per-response locks still counted as concurrent,
 * and under 50 editors saving back to back PostgreSQL aborted some more often than the retries
 * allowed (a 500). In one process, writers queue on a promise chain first, so at most one pooled
 * connection per process waits on the lock and reads keep the others.
 */
export const WRITE_LOCK = 0x6873_7772; // "hswr"; test/support/server-db.ts takes it too

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(["40001", "40P01"]); // serialization_failure, deadlock_detected
const MAX_ATTEMPTS = 20;

/** PostgreSQL's own error, or drizzle's wrapper of it (DrizzleQueryError keeps it as `cause`). */
function retryable(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++)
    if (typeof e.code === "string" && RETRYABLE.has(e.code)) return true;
  return false;
}

/**
 * One transaction on one pooled connection, SERIALIZABLE, retried from the start when PostgreSQL
 * aborts it to keep the transactions serialisable; on a transaction handle, a savepoint.
 */
export async function postgresTransaction<T>(db: PostgresDb, fn: (tx: PostgresDb) => Promise<T>): Promise<T> {
  const state = stateOf(db);
  if (state.client) return savepoint(state, db, fn);
  const { engine } = state;
  await engine.ready;
  const previous = engine.writers;
  let done!: () => void;
  engine.writers = new Promise<void>((resolve) => (done = resolve));
  await previous;
  try {
    return await writeAlone(engine, fn);
  } finally {
    done();
  }
}

async function writeAlone<T>(engine: Engine, fn: (tx: PostgresDb) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await engine.pool.connect();
    const open: OpenTransaction = { ended: false };
    const tx = makeHandle(engine, client, open);
    let broken = false;
    try {
      await client.query("select pg_advisory_lock($1)", [WRITE_LOCK]);
    } catch (error) {
      client.release(true);
      throw error;
    }
    try {
      return await between(client, "begin isolation level serializable", open, () => fn(tx), () => (broken = true));
    } catch (error) {
      if (!retryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      // Let the transaction that won finish before running again (jittered, growing a little).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
    } finally {
      // A connection that cannot say it let go of the lock is not reused (closing it lets go).
      if (!broken) await client.query("select pg_advisory_unlock($1)", [WRITE_LOCK]).catch(() => (broken = true));
      client.release(broken || undefined);
    }
  }
}

/**
 * Several reads from one snapshot (decision 116): REPEATABLE READ READ ONLY on one pooled
 * connection, outside the writers' queue and lock (PostgreSQL never aborts such a transaction for a
 * concurrent writer). Only reads inside (PostgreSQL refuses a write). On a transaction handle, the
 * callback runs in that transaction.
 */
export async function postgresReadTransaction<T>(db: PostgresDb, fn: (tx: PostgresDb) => Promise<T>): Promise<T> {
  const state = stateOf(db);
  if (state.client) return await fn(db);
  const { engine } = state;
  await engine.ready;
  const client = await engine.pool.connect();
  const open: OpenTransaction = { ended: false };
  const tx = makeHandle(engine, client, open);
  let broken = false;
  try {
    return await between(client, "begin isolation level repeatable read read only", open, () => fn(tx), () => (broken = true));
  } finally {
    client.release(broken || undefined);
  }
}

/**
 * `run` between `begin` and COMMIT, rolled back when it throws; the handle is closed afterwards
 * either way. `broken` is called when even the rollback fails (that connection is not reused).
 */
async function between<T>(client: pg.PoolClient, begin: string, open: OpenTransaction, run: () => Promise<T>, broken: () => void): Promise<T> {
  try {
    await client.query(begin);
    try {
      const result = await run();
      await client.query("commit");
      return result;
    } catch (error) {
      await client.query("rollback").catch(broken);
      throw error;
    }
  } finally {
    open.ended = true;
  }
}

async function savepoint<T>(state: HandleState, tx: PostgresDb, fn: (tx: PostgresDb) => Promise<T>): Promise<T> {
  if (!state.client || state.open?.ended) throw new Error("a transaction handle was used after its transaction ended");
  const name = `sp${++state.savepoints}`;
  await state.client.query(`savepoint ${name}`);
  try {
    const result = await fn(tx);
    await state.client.query(`release savepoint ${name}`);
    return result;
  } catch (error) {
    await state.client.query(`rollback to savepoint ${name}`);
    throw error;
  }
}

export async function closePostgres(db: PostgresDb): Promise<void> {
  await stateOf(db).engine.pool.end();
}

export async function pingPostgres(db: PostgresDb): Promise<void> {
  const { engine } = stateOf(db);
  await engine.ready;
  await engine.pool.query("select 1");
}

/** The pool behind a handle: PostgreSQL-only tooling and tests. */
export function postgresPool(db: PostgresDb): pg.Pool {
  return stateOf(db).engine.pool;
}

/** An open LISTEN: `close` ends it (and its reconnecting). */
export interface PostgresListener {
  close(): Promise<void>;
}

const LISTEN_RETRY_MS = [100, 250, 500, 1_000, 2_000, 5_000];

/**
 * LISTEN on `channel` on a connection of its own (a pooled one would go back to the pool). Each
 * NOTIFY's payload goes to `onNotify`. After every (re)connection, once LISTEN is in place,
 * `onListening` runs: a notification sent while the connection was down is lost, so the caller
 * reads what it may have missed then. A lost connection is retried with growing pauses (up to 5 s).
 */
export function listenPostgres(db: PostgresDb, channel: string, onNotify: (payload: string) => void, onListening: () => void): PostgresListener {
  const { engine } = stateOf(db);
  let closed = false;
  let client: pg.Client | undefined;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = async () => {
    retry = undefined;
    if (closed) return;
    const current = new pg.Client({ connectionString: engine.url, types });
    client = current;
    let lost = false;
    const reconnect = (error?: Error) => {
      if (lost || closed) return;
      lost = true;
      if (error) console.error(`PostgreSQL: the LISTEN connection for ${channel} failed; reconnecting.`, error.message);
      current.end().catch(() => {});
      retry = setTimeout(() => void connect(), LISTEN_RETRY_MS[Math.min(failures++, LISTEN_RETRY_MS.length - 1)]);
    };
    current.on("notification", (message) => {
      if (message.channel === channel) onNotify(message.payload ?? "");
    });
    current.on("error", reconnect);
    current.on("end", () => reconnect());
    try {
      await current.connect();
      await current.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      reconnect(error as Error);
      return;
    }
    if (closed || lost) return;
    failures = 0;
    onListening();
  };
  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
