/**
 * Which committed migrations a database has not applied. drizzle records each applied migration
 * in `__drizzle_migrations` with the journal's `when` as `created_at`; a journal entry newer than
 * the newest recorded one is pending (drizzle applies them in order, so that is the whole rule).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { MIGRATIONS_FOLDER } from "./client";

interface Journal {
  entries: { tag: string; when: number }[];
}

export function committedMigrations(folder = MIGRATIONS_FOLDER): { tag: string; when: number }[] {
  const journal = JSON.parse(readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as Journal;
  return journal.entries;
}

/** Tags of the committed migrations this database lacks (all of them on an empty file). */
export function pendingMigrations(sqlite: Database.Database, folder = MIGRATIONS_FOLDER): string[] {
  const table = sqlite.prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  const newest = table ? ((sqlite.prepare("select max(created_at) as at from __drizzle_migrations").get() as { at: number | null }).at ?? 0) : 0;
  return committedMigrations(folder)
    .filter((m) => m.when > newest)
    .map((m) => m.tag);
}

/** The same on PostgreSQL: drizzle's node-postgres migrator records them in drizzle.__drizzle_migrations. */
export async function pendingPostgresMigrations(pool: { query(text: string): Promise<{ rows: { at: unknown }[] }> }, folder: string): Promise<string[]> {
  const { rows } = await pool.query(
    "select case when to_regclass('drizzle.__drizzle_migrations') is null then 0 else (select coalesce(max(created_at), 0) from drizzle.__drizzle_migrations) end as at",
  );
  const newest = Number(rows[0]?.at ?? 0);
  return committedMigrations(folder)
    .filter((m) => m.when > newest)
    .map((m) => m.tag);
}
