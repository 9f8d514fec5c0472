/**
 * Moving an installation from SQLite to PostgreSQL (`npm run db:copy`, cli/db-copy.ts):
 * 1. the source must be fully migrated, the target empty (no rows in the workbench's tables, no
 *    other tables): anything else is refused with the reason;
 * 2. the PostgreSQL migrations run, and the two schemas must agree (db/pg/shape.ts);
 * 3. every table is copied in foreign-key order in one PostgreSQL transaction, in batches of
 *    multi-row INSERTs, with the live-event triggers off (the events are copied as rows: the copy
 *    must not add any), and each identity sequence set past the highest id SQLite ever handed out
 *    (sqlite_sequence, so an id deleted in SQLite is not reused: a browser's Last-Event-ID stays valid);
 * 4. both sides are then read back in primary-key order and each table's rows counted and hashed
 *    the same way (`verifyCopy`): sha256 over one JSON line per row of normalised values.
 * The SQLite file is only read, in one read transaction (a consistent snapshot even if a server
 * still writes to it; stop the servers first all the same, or their later writes stay behind).
 */
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { pendingMigrations } from "../migration-status";
import * as sqliteSchema from "../schema";
import { postgresShape, sqliteShape } from "./introspect";
import { migratePostgres } from "./migrate";
import { diffShapes, foreignKeyOrder, shapeFromDrizzle, type TableShape } from "./shape";

/** The copy was not started: the reason is for the operator. */
export class CopyRefused extends Error {}

export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  ok: boolean;
}

export interface CopyReport {
  tables: TableReport[];
  ok: boolean;
  /** Rows copied in all. */
  rows: number;
}

export interface CopyOptions {
  /** The SQLite file. */
  from: string;
  /** postgres:// or postgresql:// URL of an empty database. */
  to: string;
  /** Rows per INSERT (fewer for wide tables: PostgreSQL takes at most 65,535 parameters). */
  batchRows?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** The workbench's tables (from db/schema.ts), parents before children. */
function tablesInOrder(): TableShape[] {
  const shape = shapeFromDrizzle(sqliteSchema);
  const byName = new Map(shape.tables.map((t) => [t.name, t]));
  return foreignKeyOrder(shape.tables).map((n) => byName.get(n)!);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function openSource(file: string): Database.Database {
  try {
    return new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new CopyRefused(`cannot open the SQLite file ${file}: ${(e as Error).message}`);
  }
}

async function connectTarget(url: string): Promise<pg.Client> {
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new CopyRefused(`--to must be a postgres:// or postgresql:// URL, not "${url}"`);
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw new CopyRefused(`cannot connect to the PostgreSQL database: ${(e as Error).message}`);
  }
  return client;
}

/** Why the target is not empty, or undefined when it is (no tables, or only the workbench's, empty). */
export async function targetNotEmpty(client: pg.Client): Promise<string | undefined> {
  const ours = new Set(tablesInOrder().map((t) => t.name));
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm') order by 1`,
  );
  const foreign = rows.map((r) => r.name).filter((n) => !ours.has(n));
  if (foreign.length) return `it has tables that are not the workbench's (${foreign.slice(0, 5).join(", ")}${foreign.length > 5 ? ", …" : ""})`;
  const filled: string[] = [];
  for (const { name } of rows) {
    const n = (await client.query<{ n: number }>(`select count(*)::int as n from ${quote(name)}`)).rows[0]!.n;
    if (n > 0) filled.push(`${name}: ${n} row${n === 1 ? "" : "s"}`);
  }
  if (filled.length) return `it already holds data (${filled.slice(0, 5).join(", ")}${filled.length > 5 ? ", …" : ""})`;
  return undefined;
}

/** The PostgreSQL type of each column, by table. */
async function targetTypes(client: pg.Client): Promise<Map<string, Map<string, string>>> {
  const { rows } = await client.query<{ table: string; column: string; type: string }>(
    `select table_name as table, column_name as column, data_type as type from information_schema.columns where table_schema = current_schema()`,
  );
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    if (!out.has(r.table)) out.set(r.table, new Map());
    out.get(r.table)!.set(r.column, r.type);
  }
  return out;
}

/** A SQLite value as the parameter for a PostgreSQL column of `type`. */
function toTarget(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "boolean":
      return Number(value) !== 0;
    case "bytea":
      return Buffer.isBuffer(value) ? value : Buffer.from(String(value), "utf8");
    case "integer":
    case "bigint":
    case "smallint":
      // SQLite may hold a REAL in an INTEGER column (e.g. a non-integral unixepoch('subsec') * 1000).
      return typeof value === "number" && !Number.isInteger(value) ? String(Math.round(value)) : String(value);
    default:
      return Buffer.isBuffer(value) ? value.toString("utf8") : typeof value === "bigint" ? value.toString() : value;
  }
}

/**
 * One value as hashed, the same for both engines: integers (and booleans, as 0/1) as decimal
 * text, rounded if SQLite held a REAL; blobs as hex; text as is; null as null.
 */
export function normalised(value: unknown, family: TableShape["columns"][number]["family"]): string | null {
  if (value === null || value === undefined) return null;
  if (family === "integer") {
    if (typeof value === "boolean") return value ? "1" : "0";
    if (typeof value === "number") return String(Number.isInteger(value) ? value : Math.round(value));
    return String(value); // bigint from SQLite, int8 text from PostgreSQL
  }
  if (family === "blob") return `\\x${(Buffer.isBuffer(value) ? value : Buffer.from(String(value), "utf8")).toString("hex")}`;
  return Buffer.isBuffer(value) ? value.toString("utf8") : String(value);
}

class TableHash {
  private hash = createHash("sha256");
  rows = 0;
  constructor(private readonly table: TableShape) {}
  add(row: unknown[]): void {
    this.hash.update(JSON.stringify(row.map((v, i) => normalised(v, this.table.columns[i]!.family))) + "\n");
    this.rows++;
  }
  digest(): string {
    return this.hash.digest("hex");
  }
}

/** ORDER BY the primary key; text in byte order on PostgreSQL too (SQLite's BINARY collation). */
function orderBy(table: TableShape, engine: "sqlite" | "pg"): string {
  return table.primaryKey
    .map((c) => {
      const family = table.columns.find((x) => x.name === c)!.family;
      return engine === "pg" && family === "text" ? `${quote(c)} collate "C"` : quote(c);
    })
    .join(", ");
}

function selectAll(table: TableShape, engine: "sqlite" | "pg"): string {
  return `select ${table.columns.map((c) => quote(c.name)).join(", ")} from ${quote(table.name)} order by ${orderBy(table, engine)}`;
}

/** Row counts and checksums of every table on both sides. */
export async function verifyCopy(source: Database.Database, target: pg.Client): Promise<CopyReport> {
  const tables = tablesInOrder();
  const sourceHashes = new Map<string, TableHash>();
  const own = !source.inTransaction; // the copy reads and checks within one snapshot
  if (own) source.exec("begin");
  try {
    for (const t of tables) {
      const h = new TableHash(t);
      for (const row of source.prepare(selectAll(t, "sqlite")).raw(true).safeIntegers(true).iterate()) h.add(row as unknown[]);
      sourceHashes.set(t.name, h);
    }
  } finally {
    if (own) source.exec("commit");
  }
  const reports: TableReport[] = [];
  await target.query("begin isolation level repeatable read read only");
  try {
    for (const t of tables) {
      const h = new TableHash(t);
      await target.query(`declare copy_check no scroll cursor for ${selectAll(t, "pg")}`);
      for (;;) {
        const { rows } = await target.query({ text: "fetch 1000 from copy_check", rowMode: "array" });
        for (const row of rows) h.add(row as unknown[]);
        if (rows.length < 1000) break;
      }
      await target.query("close copy_check");
      const s = sourceHashes.get(t.name)!;
      const sourceChecksum = s.digest();
      const targetChecksum = h.digest();
      reports.push({
        table: t.name,
        sourceRows: s.rows,
        targetRows: h.rows,
        sourceChecksum,
        targetChecksum,
        ok: s.rows === h.rows && sourceChecksum === targetChecksum,
      });
    }
  } finally {
    await target.query("commit");
  }
  return { tables: reports, ok: reports.every((r) => r.ok), rows: reports.reduce((n, r) => n + r.targetRows, 0) };
}

export async function copySqliteToPostgres(options: CopyOptions): Promise<CopyReport> {
  const log = options.log ?? (() => {});
  const source = openSource(options.from);
  let target: pg.Client | undefined;
  try {
    const pending = pendingMigrations(source);
    if (pending.length) {
      throw new CopyRefused(
        `the SQLite file lacks ${pending.length} migration(s) (${pending.join(", ")}): run DATABASE_URL=${options.from} npm run db:migrate first`,
      );
    }
    target = await connectTarget(options.to);
    const notEmpty = await targetNotEmpty(target);
    if (notEmpty) {
      throw new CopyRefused(`refusing to copy into a database that is not empty: ${notEmpty}. db:copy only fills an empty database; create a new one (createdb) and copy into that`);
    }
    log("migrating the PostgreSQL database");
    await migratePostgres(target);
    const drift = diffShapes(sqliteShape(source), await postgresShape(target), ["sqlite file", "postgresql"]);
    if (drift.length) throw new CopyRefused(`the two schemas differ, nothing copied:\n  ${drift.join("\n  ")}`);

    const tables = tablesInOrder();
    const types = await targetTypes(target);
    source.exec("begin"); // one snapshot for the whole read
    const sequences = new Map(
      (source.prepare("select name, seq from sqlite_sequence").all() as { name: string; seq: number }[]).map((r) => [r.name, Number(r.seq)]),
    );
    await target.query("begin");
    try {
      for (const t of tables) await target.query(`alter table ${quote(t.name)} disable trigger user`);
      for (const t of tables) {
        const columns = t.columns.map((c) => c.name);
        const colTypes = columns.map((c) => types.get(t.name)?.get(c) ?? "text");
        const perBatch = Math.max(1, Math.min(options.batchRows ?? 500, Math.floor(65_535 / columns.length)));
        const insertHead = `insert into ${quote(t.name)} (${columns.map(quote).join(", ")}) values `;
        let batch: unknown[][] = [];
        let copied = 0;
        const flush = async () => {
          if (!batch.length) return;
          const params: unknown[] = [];
          const values = batch.map((row) => `(${row.map((v, i) => (params.push(toTarget(v, colTypes[i]!)), `$${params.length}`)).join(", ")})`);
          await target!.query(insertHead + values.join(", "), params);
          copied += batch.length;
          batch = [];
        };
        for (const row of source.prepare(selectAll(t, "sqlite")).raw(true).safeIntegers(true).iterate()) {
          batch.push(row as unknown[]);
          if (batch.length >= perBatch) await flush();
        }
        await flush();
        const identity = t.columns.find((c) => c.autoIncrement);
        if (identity) {
          const max = (await target.query<{ max: string | null }>(`select max(${quote(identity.name)})::text as max from ${quote(t.name)}`)).rows[0]!.max;
          const last = Math.max(Number(max ?? 0), sequences.get(t.name) ?? 0);
          await target.query(`select setval(pg_get_serial_sequence($1, $2), $3, $4)`, [quote(t.name), identity.name, Math.max(last, 1), last > 0]);
        }
        log(`${t.name}: ${copied} row${copied === 1 ? "" : "s"}`);
      }
      for (const t of tables) await target.query(`alter table ${quote(t.name)} enable trigger user`);
      await target.query("commit");
      log("checking: row counts and checksums on both sides");
      // Still inside the SQLite read transaction: the same snapshot that was copied.
      return await verifyCopy(source, target);
    } catch (e) {
      await target.query("rollback").catch(() => undefined);
      throw e;
    } finally {
      source.exec("commit");
    }
  } finally {
    source.close();
    await target?.end();
  }
}

/** The report as the command prints it: one line per table, then the verdict. */
export function formatReport(report: CopyReport): string {
  const width = Math.max(...report.tables.map((t) => t.table.length), 5);
  const lines = [`${"table".padEnd(width)}  ${"sqlite".padStart(7)}  ${"postgres".padStart(8)}  sha256 (sqlite / postgres)`];
  for (const t of report.tables) {
    const sums = t.sourceChecksum === t.targetChecksum ? `${t.sourceChecksum.slice(0, 16)} = same` : `${t.sourceChecksum.slice(0, 16)} / ${t.targetChecksum.slice(0, 16)}`;
    lines.push(`${t.table.padEnd(width)}  ${String(t.sourceRows).padStart(7)}  ${String(t.targetRows).padStart(8)}  ${sums}${t.ok ? "" : "  MISMATCH"}`);
  }
  const bad = report.tables.filter((t) => !t.ok);
  lines.push(
    bad.length
      ? `MISMATCH in ${bad.length} table(s): ${bad.map((t) => t.table).join(", ")}`
      : `OK: ${report.tables.length} tables, ${report.rows} rows, counts and checksums equal`,
  );
  return lines.join("\n");
}
