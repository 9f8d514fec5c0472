/**
 * The shape of a schema, the same for SQLite and PostgreSQL, and the differences between two
 * shapes: what the drift test (test/unit/db/pg-schema-drift.test.ts) compares, from drizzle's
 * table definitions (`shapeFromDrizzle`) and from migrated databases (db/pg/introspect.ts).
 * What is compared: tables; per column name, storage family, NOT NULL, default present, primary
 * key, autoincrement; the primary key's columns; indexes (name, columns in order, unique) other
 * than the primary key's; foreign keys (columns, target table and columns, ON DELETE); triggers
 * (name, table) when both sides list them. Not compared: the default's expression (each dialect
 * writes its own), exact types (Decision 88 maps them), constraint names that SQLite does not keep.
 */
import { getTableName, is, Table } from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";

/** How a value is stored: SQLite's storage class; PostgreSQL's types map onto them. */
export type Family = "integer" | "text" | "blob" | "real";

export interface ColumnShape {
  name: string;
  family: Family;
  notNull: boolean;
  hasDefault: boolean;
  primaryKey: boolean;
  autoIncrement: boolean;
}

export interface IndexShape {
  name: string;
  columns: string[];
  unique: boolean;
}

export interface ForeignKeyShape {
  columns: string[];
  table: string;
  references: string[];
  onDelete: string;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
  primaryKey: string[];
  indexes: IndexShape[];
  foreignKeys: ForeignKeyShape[];
}

export interface TriggerShape {
  name: string;
  table: string;
}

export interface SchemaShape {
  tables: TableShape[];
  /** Absent: not known (drizzle's definitions do not hold the triggers written in SQL migrations). */
  triggers?: TriggerShape[];
}

/** The storage family of a declared type, SQLite's or PostgreSQL's. */
export function family(type: string): Family {
  const t = type.toLowerCase().trim();
  if (/^(integer|int|bigint|smallint|boolean|serial|bigserial|int[248])\b/.test(t)) return "integer";
  if (/^(text|character varying|varchar|character|char|json|jsonb|uuid)\b/.test(t)) return "text";
  if (/^(blob|bytea)\b/.test(t)) return "blob";
  if (/^(real|double precision|numeric|float[48]?)\b/.test(t)) return "real";
  throw new Error(`no storage family for type "${type}"`);
}

/** ON DELETE in lower case, the absent clause as "no action". */
export function onDeleteAction(action: string | undefined | null): string {
  return (action ?? "no action").toLowerCase();
}

/** The shape of every table exported by a drizzle schema module (SQLite or PostgreSQL). */
export function shapeFromDrizzle(schema: Record<string, unknown>): SchemaShape {
  const tables: TableShape[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, Table)) continue;
    if (is(value, SQLiteTable)) tables.push(tableShape(sqliteTableConfig(value)));
    else if (is(value, PgTable)) tables.push(tableShape(pgTableConfig(value)));
  }
  return { tables: tables.sort((a, b) => a.name.localeCompare(b.name)) };
}

type AnyConfig = ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>;

function tableShape(config: AnyConfig): TableShape {
  const composite = config.primaryKeys[0]?.columns.map((c) => c.name) ?? [];
  const primaryKey = composite.length ? composite : config.columns.filter((c) => c.primary).map((c) => c.name);
  const columns = config.columns.map((c): ColumnShape => {
    const identity = "generatedIdentity" in c && c.generatedIdentity !== undefined;
    const autoIncrement = identity || ("autoIncrement" in c && c.autoIncrement === true);
    return {
      name: c.name,
      family: family(c.getSQLType()),
      // A primary key column is NOT NULL on both engines, declared or not.
      notNull: c.notNull || primaryKey.includes(c.name),
      hasDefault: c.hasDefault && !autoIncrement,
      primaryKey: primaryKey.includes(c.name),
      autoIncrement,
    };
  });
  const indexes: IndexShape[] = config.indexes.map((i) => ({
    name: i.config.name ?? `${config.name}_(unnamed index)`,
    columns: i.config.columns.map((c) => ("name" in c ? (c as { name: string }).name : String(c))),
    unique: i.config.unique,
  }));
  // A column's .unique() is a unique index (SQLite) or constraint (PostgreSQL) of that name.
  for (const c of config.columns) {
    if (c.isUnique) indexes.push({ name: c.uniqueName ?? `${config.name}_${c.name}_unique`, columns: [c.name], unique: true });
  }
  for (const u of config.uniqueConstraints) {
    indexes.push({ name: u.getName() ?? `${config.name}_${u.columns.map((c) => c.name).join("_")}_unique`, columns: u.columns.map((c) => c.name), unique: true });
  }
  const foreignKeys = config.foreignKeys.map((fk): ForeignKeyShape => {
    const ref = fk.reference();
    return {
      columns: ref.columns.map((c) => c.name),
      table: getTableName(ref.foreignTable),
      references: ref.foreignColumns.map((c) => c.name),
      onDelete: onDeleteAction(fk.onDelete),
    };
  });
  return normaliseTable({ name: config.name, columns, primaryKey, indexes, foreignKeys });
}

/** Sorted indexes and foreign keys, so two shapes compare whatever order they were read in. */
export function normaliseTable(t: TableShape): TableShape {
  return {
    ...t,
    indexes: [...t.indexes].sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: [...t.foreignKeys].sort((a, b) => fkKey(a).localeCompare(fkKey(b))),
  };
}

function fkKey(fk: ForeignKeyShape): string {
  return `(${fk.columns.join(",")}) -> ${fk.table}(${fk.references.join(",")})`;
}

/**
 * Every difference between two shapes, one line each, naming the table and column or index:
 * e.g. `answers.value: missing in postgresql`, `users.email: notNull sqlite=true postgresql=false`.
 * Empty when they agree.
 */
export function diffShapes(a: SchemaShape, b: SchemaShape, labels: [string, string] = ["sqlite", "postgresql"]): string[] {
  const [la, lb] = labels;
  const out: string[] = [];
  const byName = <T extends { name: string }>(xs: T[]) => new Map(xs.map((x) => [x.name, x]));
  const ta = byName(a.tables);
  const tb = byName(b.tables);
  for (const name of ta.keys()) if (!tb.has(name)) out.push(`table ${name}: missing in ${lb}`);
  for (const name of tb.keys()) if (!ta.has(name)) out.push(`table ${name}: missing in ${la}`);
  for (const [name, x] of ta) {
    const y = tb.get(name);
    if (!y) continue;
    const ca = byName(x.columns);
    const cb = byName(y.columns);
    for (const c of ca.keys()) if (!cb.has(c)) out.push(`${name}.${c}: missing in ${lb}`);
    for (const c of cb.keys()) if (!ca.has(c)) out.push(`${name}.${c}: missing in ${la}`);
    for (const [c, p] of ca) {
      const q = cb.get(c);
      if (!q) continue;
      for (const key of ["family", "notNull", "hasDefault", "primaryKey", "autoIncrement"] as const) {
        if (p[key] !== q[key]) out.push(`${name}.${c}: ${key} ${la}=${p[key]} ${lb}=${q[key]}`);
      }
    }
    if (x.primaryKey.join(",") !== y.primaryKey.join(",")) {
      out.push(`${name}: primary key ${la}=(${x.primaryKey.join(",")}) ${lb}=(${y.primaryKey.join(",")})`);
    }
    const ia = byName(x.indexes);
    const ib = byName(y.indexes);
    for (const i of ia.keys()) if (!ib.has(i)) out.push(`${name}: index ${i} missing in ${lb}`);
    for (const i of ib.keys()) if (!ia.has(i)) out.push(`${name}: index ${i} missing in ${la}`);
    for (const [i, p] of ia) {
      const q = ib.get(i);
      if (!q) continue;
      if (p.columns.join(",") !== q.columns.join(",")) out.push(`${name}: index ${i} columns ${la}=(${p.columns.join(",")}) ${lb}=(${q.columns.join(",")})`);
      if (p.unique !== q.unique) out.push(`${name}: index ${i} unique ${la}=${p.unique} ${lb}=${q.unique}`);
    }
    const fa = new Map(x.foreignKeys.map((f) => [fkKey(f), f]));
    const fb = new Map(y.foreignKeys.map((f) => [fkKey(f), f]));
    for (const [k, f] of fa) {
      const g = fb.get(k);
      if (!g) out.push(`${name}: foreign key ${k} missing in ${lb}`);
      else if (f.onDelete !== g.onDelete) out.push(`${name}: foreign key ${k} on delete ${la}=${f.onDelete} ${lb}=${g.onDelete}`);
    }
    for (const k of fb.keys()) if (!fa.has(k)) out.push(`${name}: foreign key ${k} missing in ${la}`);
  }
  if (a.triggers && b.triggers) {
    const key = (t: TriggerShape) => `${t.name} on ${t.table}`;
    const ka = new Set(a.triggers.map(key));
    const kb = new Set(b.triggers.map(key));
    for (const k of ka) if (!kb.has(k)) out.push(`trigger ${k}: missing in ${lb}`);
    for (const k of kb) if (!ka.has(k)) out.push(`trigger ${k}: missing in ${la}`);
  }
  return out;
}

/** Tables in an order that inserts parents before children (foreign keys to itself aside). */
export function foreignKeyOrder(tables: TableShape[]): string[] {
  const names = new Set(tables.map((t) => t.name));
  const deps = new Map(tables.map((t) => [t.name, new Set(t.foreignKeys.map((f) => f.table).filter((n) => n !== t.name && names.has(n)))]));
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const ready = [...deps.keys()].filter((n) => !done.has(n) && [...deps.get(n)!].every((d) => done.has(d))).sort();
    if (!ready.length) throw new Error(`foreign keys form a cycle among: ${[...deps.keys()].filter((n) => !done.has(n)).join(", ")}`);
    for (const n of ready) {
      order.push(n);
      done.add(n);
    }
  }
  return order;
}
