/**
 * Where the database is, from DATABASE_URL. Its own module (no driver imports), so the server's
 * supervisor process can name the file without loading the database client.
 */
export class UnsupportedDatabaseError extends Error {}

/** Whether DATABASE_URL (or `url`) names a PostgreSQL server: postgres://… or postgresql://…. */
export function isPostgresUrl(url: string | undefined): boolean {
  return /^postgres(ql)?:\/\//i.test(url?.trim() ?? "");
}

/**
 * The SQLite file from DATABASE_URL: a path (`./data/x.sqlite`, `/var/lib/x.sqlite`) or a `file:`
 * URL. Any other scheme is an error naming what is supported, never a SQLite file in a folder
 * called `mysql:`; a PostgreSQL URL is an error here too: callers of this are SQLite-only
 * (backup, restore). Everything else opens `databaseTarget()`.
 */
export function databasePath(): string {
  const url = process.env.DATABASE_URL?.trim() || "./data/workbench.sqlite";
  if (url.startsWith("file://")) return decodeURIComponent(new URL(url).pathname);
  if (url.startsWith("file:")) return url.slice("file:".length);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]+):/.exec(url)?.[1];
  if (scheme) {
    const shown = url.replace(/\/\/[^/@]*@/, "//…@");
    if (/^postgres(ql)?$/i.test(scheme))
      throw new UnsupportedDatabaseError(
        `DATABASE_URL "${shown}" names a PostgreSQL server, and this needs a SQLite file ` +
          `(on PostgreSQL, backups and restores are pg_dump and pg_restore: see the operator guide).`,
      );
    throw new UnsupportedDatabaseError(
      `DATABASE_URL "${shown}" is not supported: give a SQLite file path ` +
        `(e.g. DATABASE_URL=/var/lib/hoeringssvar/workbench.sqlite or file:/var/lib/hoeringssvar/workbench.sqlite) ` +
        `or a PostgreSQL server (postgresql://user:password@host/database).`,
    );
  }
  return url;
}

/**
 * What DATABASE_URL names: a PostgreSQL URL (postgres:// or postgresql://) as given, else the
 * SQLite file (`databasePath()`, which refuses other schemes).
 */
export function databaseTarget(): string {
  const url = process.env.DATABASE_URL?.trim();
  if (url && isPostgresUrl(url)) return url;
  return databasePath();
}

/** The database for messages: the file, or the PostgreSQL URL without its password. */
export function databaseLabel(): string {
  return databaseTarget().replace(/\/\/([^/@:]*):[^/@]*@/, "//$1:…@");
}
