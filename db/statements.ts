/**
 * Hot reads (every page, every save, the live hub's polls) as prepared statements, built once per
 * connection: drizzle's query building and SQLite's statement preparation were a tenth of a save's
 * server time. A transaction handle shares its connection's statements.
 */
import type Database from "better-sqlite3";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "./client";

/** The better-sqlite3 connection behind a database or transaction handle. */
export function clientOf(db: Db): Database.Database {
  return (db as { $client?: Database.Database }).$client ?? (db as unknown as { session: { client: Database.Database } }).session.client;
}

const statements = new WeakMap<object, Map<string, unknown>>();

/** Whatever `build` makes (a drizzle prepared query), once per connection and name. */
export function prepared<T>(db: Db, name: string, build: () => T): T {
  const client = clientOf(db);
  let byName = statements.get(client);
  if (!byName) statements.set(client, (byName = new Map()));
  let statement = byName.get(name) as T | undefined;
  if (!statement) byName.set(name, (statement = build()));
  return statement;
}

/**
 * `column in (…)` over a list bound as one JSON array (placeholder `name`): a list of any length
 * in a statement prepared once (pass `JSON.stringify(list)`).
 */
export function inJson(column: AnyColumn, name: string): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(name)}))`;
}

/** A raw better-sqlite3 statement, prepared once per connection. */
export function statement(db: Db, text: string): Database.Statement {
  return prepared(db, text, () => clientOf(db).prepare(text));
}
