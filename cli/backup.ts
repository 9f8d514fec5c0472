/**
 * npm run db:backup -- --out <file>
 *
 * A consistent copy of the database (DATABASE_URL) taken with SQLite's backup API; safe while the
 * server runs and writes. Never overwrites a file.
 */
import { backupDatabase, BackupError } from "../db/backup";
import { databasePath } from "../db/client";
import { parseCli, runCli, UsageError } from "./common";

const USAGE = "usage: npm run db:backup -- --out <file>   (copies DATABASE_URL; safe while the server runs)";

await runCli(USAGE, async () => {
  const args = parseCli({ out: { type: "string" } });
  if (!args.out) throw new UsageError("missing --out <file>");
  try {
    const result = await backupDatabase(databasePath(), args.out);
    console.log(`Backed up ${databasePath()} to ${result.file}: ${result.pages} pages, ${result.bytes} bytes, integrity ok.`);
  } catch (error) {
    if (error instanceof BackupError) throw new UsageError(error.message);
    throw error;
  }
});
