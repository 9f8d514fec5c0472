/**
 * The shape (db/pg/shape.ts) of a real, migrated database: SQLite from its PRAGMAs, PostgreSQL
 * from pg_catalog. drizzle's own bookkeeping (`__drizzle_migrations`, schema `drizzle`) and
 * SQLite's internal tables are left out.
 */
import type Database from "better-sqlite3";
import type pg from "pg";
import { family, normaliseTable, onDeleteAction, type ColumnShape, type ForeignKeyShape, type IndexShape, type SchemaShape, type TableShape } from "./shape";

export function sqliteShape(sqlite: Database.Database): SchemaShape {
  const tables = sqlite
    .prepare("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name <> '__drizzle_migrations' order by name")
    .all() as { name: string; sql: string }[];
  const shapes = tables.map(({ name, sql }): TableShape => {
    const info = sqlite.prepare(`pragma table_info("${name}")`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    const primaryKey = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    // AUTOINCREMENT is only kept in the CREATE TABLE text (and needs an INTEGER PRIMARY KEY).
    const autoIncrement = /\bAUTOINCREMENT\b/i.test(sql) && primaryKey.length === 1 ? primaryKey[0] : undefined;
    const columns = info.map(
      (c): ColumnShape => ({
        name: c.name,
        family: family(c.type),
        notNull: c.notnull === 1 || c.pk > 0,
        hasDefault: c.dflt_value !== null,
        primaryKey: c.pk > 0,
        autoIncrement: c.name === autoIncrement,
      }),
    );
    const indexList = sqlite.prepare(`pragma index_list("${name}")`).all() as { name: string; unique: number; origin: string }[];
    const indexes = indexList
      .filter((i) => i.origin !== "pk")
      .map((i): IndexShape => {
        const cols = sqlite.prepare(`pragma index_info("${i.name}")`).all() as { seqno: number; name: string }[];
        return { name: i.name, unique: i.unique === 1, columns: cols.sort((a, b) => a.seqno - b.seqno).map((c) => c.name) };
      });
    const fkRows = sqlite.prepare(`pragma foreign_key_list("${name}")`).all() as { id: number; seq: number; table: string; from: string; to: string; on_delete: string }[];
    const byId = new Map<number, typeof fkRows>();
    for (const r of fkRows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
    const foreignKeys = [...byId.values()].map((rows): ForeignKeyShape => {
      rows.sort((a, b) => a.seq - b.seq);
      return { columns: rows.map((r) => r.from), table: rows[0]!.table, references: rows.map((r) => r.to), onDelete: onDeleteAction(rows[0]!.on_delete) };
    });
    return normaliseTable({ name, columns, primaryKey, indexes, foreignKeys });
  });
  const triggers = sqlite.prepare("select name, tbl_name as \"table\" from sqlite_master where type = 'trigger' order by name").all() as { name: string; table: string }[];
  return { tables: shapes, triggers };
}

const ON_DELETE: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };

type Queryable = Pick<pg.Client, "query">;

export async function postgresShape(client: Queryable, schema = "public"): Promise<SchemaShape> {
  const tables = await client.query<{ name: string; oid: number }>(
    `select c.relname as name, c.oid::int as oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('r', 'p') order by c.relname`,
    [schema],
  );
  const columns = await client.query<{ table: string; name: string; type: string; not_null: boolean; has_default: boolean; identity: boolean; num: number }>(
    `select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
            a.atthasdef as has_default, a.attidentity <> '' as identity, a.attnum::int as num
     from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped order by c.relname, a.attnum`,
    [schema],
  );
  const constraints = await client.query<{ table: string; type: string; columns: string[]; ref_table: string | null; ref_columns: string[] | null; on_delete: string }>(
    `select c.relname as table, k.contype as type,
            array(select a.attname from unnest(k.conkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i)::text[] as columns,
            f.relname as ref_table,
            array(select a.attname from unnest(k.confkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i)::text[] as ref_columns,
            k.confdeltype as on_delete
     from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
     left join pg_class f on f.oid = k.confrelid
     where n.nspname = $1 and k.contype in ('p', 'f')`,
    [schema],
  );
  const indexes = await client.query<{ table: string; name: string; unique: boolean; columns: string[] }>(
    `select t.relname as table, i.relname as name, x.indisunique as unique,
            array(select a.attname from unnest(x.indkey::int2[]) with ordinality u(n, k) join pg_attribute a on a.attrelid = x.indrelid and a.attnum = u.n order by u.k)::text[] as columns
     from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = $1 and not x.indisprimary`,
    [schema],
  );
  const triggers = await client.query<{ name: string; table: string }>(
    `select g.tgname as name, c.relname as table from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and not g.tgisinternal order by g.tgname`,
    [schema],
  );
  const shapes = tables.rows.map(({ name }): TableShape => {
    const pk = constraints.rows.find((k) => k.table === name && k.type === "p")?.columns ?? [];
    return normaliseTable({
      name,
      primaryKey: pk,
      columns: columns.rows
        .filter((c) => c.table === name)
        .map((c) => ({
          name: c.name,
          family: family(c.type),
          notNull: c.not_null,
          hasDefault: c.has_default,
          primaryKey: pk.includes(c.name),
          autoIncrement: c.identity,
        })),
      indexes: indexes.rows.filter((i) => i.table === name).map((i) => ({ name: i.name, unique: i.unique, columns: i.columns })),
      foreignKeys: constraints.rows
        .filter((k) => k.table === name && k.type === "f")
        .map((k) => ({ columns: k.columns, table: k.ref_table!, references: k.ref_columns ?? [], onDelete: ON_DELETE[k.on_delete] ?? k.on_delete })),
    });
  });
  return { tables: shapes, triggers: triggers.rows };
}
