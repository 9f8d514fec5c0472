/**
 * A test's own look into a server's database, on either engine: the SQLite file (better-sqlite3)
 * or the PostgreSQL database (`pg`) that test/support/server.ts gave the server. Tests write SQL both
 * engines read alike: `?` placeholders (numbered for PostgreSQL here), double-quoted identifiers,
 * `insert … returning id` instead of a row id, 1/0 compared through a column's own type. Counts and
 * ids come back as numbers on both.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { types, WRITE_LOCK } from "../../db/engine/postgres";
import { hashPassword } from "../../db/password";
import { isPostgresUrl } from "./engine";

export type Params = (string | number | bigint | null | Buffer)[];

export interface ServerDb {
  readonly engine: "sqlite" | "postgres";
  /** The first row, or undefined. */
  get<T = Record<string, unknown>>(sql: string, ...params: Params): Promise<T | undefined>;
  all<T = Record<string, unknown>>(sql: string, ...params: Params): Promise<T[]>;
  /** A write; the number of rows it changed. */
  run(sql: string, ...params: Params): Promise<number>;
  /** SQLite's `integrity_check` ("ok"); on PostgreSQL, which checks as it writes, "ok" when a query runs. */
  integrity(): Promise<string>;
  /**
   * `fn`'s queries in one transaction, committed when it resolves, rolled back when it throws. On
   * PostgreSQL it first takes the servers' write lock (decision 112), so it writes as one of them.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}


/** `?` → `$1, $2, …` outside quoted strings and identifiers. */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  let quote: string | null = null;
  let out = "";
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === "?") {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

async function inTransaction<T>(fn: () => Promise<T>, exec: (sql: string) => Promise<void>): Promise<T> {
  await exec("begin");
  try {
    const result = await fn();
    await exec("commit");
    return result;
  } catch (error) {
    await exec("rollback");
    throw error;
  }
}

/** Opens the database behind `target` (a TestServer's `dbFile`); `readonly` only matters on SQLite. */
export async function serverDb(target: string, options: { readonly?: boolean } = {}): Promise<ServerDb> {
  if (isPostgresUrl(target)) {
    const client = new pg.Client({ connectionString: target, types });
    await client.connect();
    const query = async (sql: string, params: Params) => await client.query(numberedPlaceholders(sql), params);
    return {
      engine: "postgres",
      get: async <T>(sql: string, ...params: Params) => (await query(sql, params)).rows[0] as T | undefined,
      all: async <T>(sql: string, ...params: Params) => (await query(sql, params)).rows as T[],
      run: async (sql: string, ...params: Params) => (await query(sql, params)).rowCount ?? 0,
      integrity: async () => ((await client.query("select 1")).rowCount === 1 ? "ok" : "no answer"),
      transaction: async <T>(fn: () => Promise<T>) => {
        await client.query("select pg_advisory_lock($1)", [WRITE_LOCK]);
        try {
          return await inTransaction(fn, async (sql) => void (await client.query(sql)));
        } finally {
          await client.query("select pg_advisory_unlock($1)", [WRITE_LOCK]);
        }
      },
      close: async () => await client.end(),
    };
  }
  const db = new Database(target, { readonly: options.readonly ?? false, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  return {
    engine: "sqlite",
    get: async <T>(sql: string, ...params: Params) => db.prepare(sql).get(...params) as T | undefined,
    all: async <T>(sql: string, ...params: Params) => db.prepare(sql).all(...params) as T[],
    run: async (sql: string, ...params: Params) => db.prepare(sql).run(...params).changes,
    integrity: async () => String(db.pragma("integrity_check", { simple: true })),
    transaction: async <T>(fn: () => Promise<T>) => await inTransaction(fn, async (sql) => void db.exec(sql === "begin" ? "begin immediate" : sql)),
    close: async () => void db.close(),
  };
}

/**
 * A second organisation ("Annen forening") with one admin, admin@annen.no / demo-passord, written
 * straight into the server's database; confirmed, since unconfirmed accounts cannot sign in. Its id.
 */
export async function addOtherOrganisation(db: ServerDb): Promise<number> {
  const orgId = (await db.get<{ id: number }>("INSERT INTO organisations (name, slug) VALUES (?, ?) RETURNING id", "Annen forening", "annen"))!.id;
  const userId = (await db.get<{ id: number }>(
    "INSERT INTO users (email, name, password_hash, email_confirmed_at) VALUES (?, ?, ?, ?) RETURNING id",
    "admin@annen.no",
    "Annen Admin",
    await hashPassword("demo-passord"),
    Date.now(),
  ))!.id;
  await db.run("INSERT INTO memberships (organisation_id, user_id, role) VALUES (?, ?, 'admin')", orgId, userId);
  return orgId;
}
