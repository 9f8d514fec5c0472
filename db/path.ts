/**
 * Where the database is, from DATABASE_URL. Its own module (no driver imports), so the server's
 * supervisor process can name the file without loading the database client.
 */
export class UnsupportedDatabaseError extends Error {}

/**
 * The SQLite file from DATABASE_URL: a path (`./data/x.sqlite`, `/var/lib/x.sqlite`) or a `file:`
 * URL. Any other scheme (`postgresql://…`, `mysql://…`) is an error naming what is supported,
 * never a SQLite file in a folder called `postgresql:`.
 */
export function databasePath(): string {
  const url = process.env.DATABASE_URL?.trim() || "./data/workbench.sqlite";
  if (url.startsWith("file://")) return decodeURIComponent(new URL(url).pathname);
  if (url.startsWith("file:")) return url.slice("file:".length);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]+):/.exec(url)?.[1];
  if (scheme) {
    const shown = url.replace(/\/\/[^/@]*@/, "//…@");
    throw new UnsupportedDatabaseError(
      `DATABASE_URL "${shown}" is not supported: the workbench stores its data in SQLite, so give a file path ` +
        `(e.g. DATABASE_URL=/var/lib/hoeringssvar/workbench.sqlite or file:/var/lib/hoeringssvar/workbench.sqlite).` +
        (/^postgres/i.test(scheme) ? " PostgreSQL is not supported yet." : ""),
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
  if (url && /^postgres(ql)?:\/\//i.test(url)) return url;
  return databasePath();
}
