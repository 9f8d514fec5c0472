/**
 * Hot reads (every page, every save, the live hub's polls) as prepared statements, built once per
 * handle: drizzle's query building and SQLite's statement preparation were a tenth of a save's
 * server time. The database and its transaction handle are each one object per connection, so
 * each keeps its own statements (a statement runs through the handle that prepared it).
 */
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "./client";
import { isPostgres } from "./engine/kind";

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
 * in a statement prepared once (pass `JSON.stringify(list)`). The same bound text on both engines;
 * SQLite unpacks it with json_each, PostgreSQL with json_array_elements_text and a cast to the
 * column's type.
 */
export function inJson(db: Db, column: AnyColumn, name: string): SQL {
  const list = sql.placeholder(name);
  if (isPostgres(db)) return sql`${column} in (select json_array_elements_text(${list}::json)::${sql.raw(column.getSQLType())})`;
  return sql`${column} in (select value from json_each(${list}))`;
}
