/**
 * Which engine a handle belongs to, for the few fragments of SQL that must differ between SQLite
 * and PostgreSQL (db/statements.ts `inJson`). Engines mark their handles when they open them; an
 * unmarked handle is SQLite's.
 */
const postgresHandles = new WeakSet<object>();

export function markPostgres(handle: object): void {
  postgresHandles.add(handle);
}

export function isPostgres(handle: object): boolean {
  return postgresHandles.has(handle);
}
