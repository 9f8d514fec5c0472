/**
 * Hot reads (every page, every save, the live hub's polls) as prepared statements, built once per
 * handle: drizzle's query building and SQLite's statement preparation were a tenth of a save's
 * server time. The database and its transaction handle are each one object per connection, so
 * each keeps its own statements (a statement runs through the handle that prepared it).
 */
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "./client";
import { rawStatement, type RawStatement } from "./engine/sqlite";

const statements = new WeakMap<object, Map<string, unknown>>();

/** Whatever `build` makes (a drizzle prepared query), once per handle and name. */
export function prepared<T>(db: Db, name: string, build: () => T): T {
  let byName = statements.get(db);
  if (!byName) statements.set(db, (byName = new Map()));
  let statement = byName.get(name) as T | undefined;
  if (!statement) byName.set(name, (statement = build()));
  return statement;
}

/**
 * `column in (…)` over a list bound as one JSON array (placeholder `name`): a list of any length
 * in a statement prepared once (pass `JSON.stringify(list)`). SQLite's json_each.
 */
export function inJson(column: AnyColumn, name: string): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(name)}))`;
}

/** A raw SQLite statement (`?` placeholders), prepared once per connection; every call a Promise. */
export function statement(db: Db, text: string): RawStatement {
  return rawStatement(db, text);
}
