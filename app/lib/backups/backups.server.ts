/**
 * The backups a site administrator sees at /admin/backups: the files in BACKUP_DIR named as the
 * scheduled backups are (db/backup.ts), a backup taken on request, and one file opened for
 * download. A download names a file only by a name from that listing: anything else (a path, `..`,
 * another file in the folder, a symbolic link) is not found.
 */
import { lstatSync, realpathSync } from "node:fs";
import path from "node:path";
import { BackupError, isBackupName, listBackups, parseInterval, rotateBackup, type BackupFile } from "../../../db/backup";
import { databasePath, databaseTarget, isPostgresUrl } from "../../../db/path";

export { BackupError };

/** On PostgreSQL the built-in backups do not apply: the operator's pg_dump does (the server refuses BACKUP_DIR there). */
export function onPostgres(): boolean {
  return isPostgresUrl(databaseTarget());
}

/** BACKUP_DIR as an absolute path, or null when backups are not set up. */
export function backupDir(): string | null {
  const dir = process.env.BACKUP_DIR?.trim();
  return dir ? path.resolve(dir) : null;
}

export function backupKeep(): number {
  return Math.max(1, Number(process.env.BACKUP_KEEP) || 14);
}

/** BACKUP_INTERVAL as the operator wrote it (default 6h), or null when it does not parse. */
export function backupInterval(): string | null {
  const text = process.env.BACKUP_INTERVAL?.trim() || "6h";
  try {
    parseInterval(text);
    return text;
  } catch {
    return null;
  }
}

export interface ListedBackup {
  name: string;
  bytes: number;
  takenAt: string;
  ageSeconds: number;
}

/** The backups in BACKUP_DIR, newest first; null when BACKUP_DIR is not set. */
export function siteBackups(now = Date.now()): ListedBackup[] | null {
  const dir = backupDir();
  if (!dir) return null;
  return listBackups(dir).map((b: BackupFile) => ({
    name: b.name,
    bytes: b.bytes,
    takenAt: b.takenAt.toISOString(),
    ageSeconds: Math.max(0, Math.round((now - b.takenAt.getTime()) / 1000)),
  }));
}

/** Takes a backup into BACKUP_DIR now (and rotates, as the schedule does). */
export async function takeBackupNow(): Promise<{ name: string; bytes: number; removed: string[] }> {
  const dir = backupDir();
  if (!dir) throw new BackupError("BACKUP_DIR is not set");
  const result = await rotateBackup(databasePath(), dir, backupKeep());
  return { name: path.basename(result.file), bytes: result.bytes, removed: result.removed };
}

/**
 * The file behind a listed backup name, or null: the name must match the backups' pattern, be in
 * the listing, and be a regular file inside BACKUP_DIR (not a link pointing elsewhere).
 */
export function backupFile(name: string): { file: string; bytes: number } | null {
  const dir = backupDir();
  if (!dir || !isBackupName(name)) return null;
  if (!listBackups(dir).some((b) => b.name === name)) return null;
  const file = path.join(dir, name);
  try {
    const stat = lstatSync(file);
    if (!stat.isFile()) return null;
    if (path.dirname(realpathSync(file)) !== realpathSync(dir)) return null;
    return { file, bytes: stat.size };
  } catch {
    return null;
  }
}
