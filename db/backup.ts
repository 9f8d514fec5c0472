/**
 * Online backups and restore of the SQLite database.
 *
 * A backup uses SQLite's backup API (better-sqlite3 `db.backup()`) from a connection of its own,
 * copying every page in one step: that step reads one snapshot (a WAL read transaction, which does
 * not block the server's writers), so the copy holds exactly the commits made before it began.
 * It is written to a temporary name, checked (`integrity_check`) and renamed into place, so a
 * backup file that exists is whole.
 *
 * A restore copies a backup into the target file the same way, then opens it (which applies any
 * newer migrations) and checks it again.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { closeDatabase, openDatabase } from "./client";
import { sqliteClient } from "./engine/sqlite";

export class BackupError extends Error {}

function integrity(sqlite: Database.Database): string {
  const rows = sqlite.pragma("integrity_check") as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join("; ");
}

async function copyDatabase(from: Database.Database, to: string): Promise<void> {
  // One step for all pages: one consistent snapshot (a step interrupted by a writer would restart).
  await from.backup(to, { progress: () => 0x7fffffff });
}

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
}

/** Copies the live database `source` to `out` (refuses to overwrite an existing file). */
export async function backupDatabase(source: string, out: string): Promise<BackupResult> {
  if (!existsSync(source)) throw new BackupError(`no database at ${source} (DATABASE_URL)`);
  if (existsSync(out)) throw new BackupError(`${out} exists already; choose another name (a backup never overwrites a file)`);
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.partial-${process.pid}`;
  const from = new Database(source, { fileMustExist: true });
  try {
    from.pragma("busy_timeout = 5000");
    await copyDatabase(from, tmp);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  } finally {
    from.close();
  }
  const copy = new Database(tmp, { readonly: true });
  let pages = 0;
  try {
    const check = integrity(copy);
    if (check !== "ok") throw new BackupError(`the copy failed integrity_check: ${check}`);
    pages = copy.pragma("page_count", { simple: true }) as number;
  } catch (error) {
    copy.close();
    rmSync(tmp, { force: true });
    throw error;
  }
  copy.close();
  renameSync(tmp, out);
  return { file: out, bytes: statSync(out).size, pages };
}

export interface RestoreSummary {
  file: string;
  integrity: string;
  migrationsApplied: number;
  counts: Record<string, number>;
  newestRevision: string | null;
}

/** Restores backup `input` into `target`; an existing target is replaced only with `force`. */
export async function restoreDatabase(input: string, target: string, options: { force?: boolean } = {}): Promise<RestoreSummary> {
  if (!existsSync(input)) throw new BackupError(`no backup file at ${input}`);
  if (existsSync(target) && !options.force) {
    throw new BackupError(`${target} exists; restoring would replace it. Stop the server, then run again with --force (or restore into a new DATABASE_URL).`);
  }
  let from: Database.Database;
  try {
    from = new Database(input, { readonly: true, fileMustExist: true });
    from.prepare("select count(*) from sqlite_master").get();
  } catch (error) {
    throw new BackupError(`${input} is not a SQLite database (${(error as Error).message})`);
  }
  const tmp = `${target}.restoring-${process.pid}`;
  try {
    const check = integrity(from);
    if (check !== "ok") throw new BackupError(`${input} failed integrity_check: ${check}`);
    const isWorkbench = from.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    if (!isWorkbench) throw new BackupError(`${input} is a SQLite file but not a workbench database (no migrations table)`);
    mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    rmSync(tmp, { force: true });
    await copyDatabase(from, tmp);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  } finally {
    from.close();
  }
  for (const suffix of ["", "-wal", "-shm"]) rmSync(target + suffix, { force: true });
  renameSync(tmp, target);

  const db = openDatabase(target); // applies newer migrations
  try {
    const sqlite = sqliteClient(db);
    const check = integrity(sqlite);
    if (check !== "ok") throw new BackupError(`the restored database failed integrity_check: ${check}`);
    const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const newest = sqlite.prepare("select max(created_at) as at from answer_revisions").get() as { at: number | null } | undefined;
    return {
      file: target,
      integrity: check,
      migrationsApplied: count("__drizzle_migrations"),
      counts: {
        organisations: count("organisations"),
        users: count("users"),
        responses: count("responses"),
        answerRevisions: count("answer_revisions"),
      },
      newestRevision: newest?.at ? new Date(newest.at).toISOString() : null,
    };
  } finally {
    await closeDatabase(db);
  }
}

// ---- Scheduled, rotating backups (BACKUP_DIR, BACKUP_INTERVAL, BACKUP_KEEP) ----

const BACKUP_NAME = /^workbench-(\d{8}T\d{6}Z)\.sqlite$/;

export interface BackupFile {
  name: string;
  bytes: number;
  takenAt: Date;
}

/** The scheduled backups in `dir`, newest first (other files there, links and folders are ignored). */
export function listBackups(dir: string): BackupFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && BACKUP_NAME.test(entry.name))
    .flatMap(({ name }) => {
      try {
        const stat = statSync(path.join(dir, name));
        return [{ name, bytes: stat.size, takenAt: stat.mtime }];
      } catch {
        return []; // removed by a rotation in another process meanwhile
      }
    })
    .sort((a, b) => b.name.localeCompare(a.name));
}

export function isBackupName(name: string): boolean {
  return BACKUP_NAME.test(name);
}

/** Takes one backup into `dir` named by the time, then keeps only the newest `keep`. */
export async function rotateBackup(source: string, dir: string, keep: number, now = new Date()): Promise<BackupResult & { removed: string[] }> {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const result = await backupDatabase(source, path.join(dir, `workbench-${stamp}.sqlite`));
  const removed = listBackups(dir)
    .slice(Math.max(1, keep))
    .map((b) => b.name);
  for (const name of removed) rmSync(path.join(dir, name), { force: true });
  return { ...result, removed };
}

/** `6h`, `30m`, `1d`, `90s` (or plain seconds) in milliseconds. */
export function parseInterval(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$/i.exec(text);
  if (!match) throw new BackupError(`BACKUP_INTERVAL "${text}" is not a duration (e.g. 6h, 30m, 1d)`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? "s").toLowerCase() as "s" | "m" | "h" | "d"];
  const ms = Number(match[1]) * unit * 1000;
  if (ms < 1_000) throw new BackupError(`BACKUP_INTERVAL "${text}" is shorter than a second`);
  return ms;
}
