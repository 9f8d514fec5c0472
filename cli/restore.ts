/**
 * npm run db:restore -- --in <file> [--force]
 *
 * Restores a backup into DATABASE_URL: checks the backup (integrity_check, a workbench database),
 * refuses to replace an existing database without --force (stop the server first), copies it,
 * applies newer migrations, checks again and prints what it restored.
 */
import { BackupError, restoreDatabase } from "../db/backup";
import { databasePath } from "../db/client";
import { parseCli, runCli, UsageError } from "./common";

const USAGE = "usage: DATABASE_URL=<file> npm run db:restore -- --in <backup file> [--force]";

await runCli(USAGE, async () => {
  const args = parseCli({ in: { type: "string" }, force: { type: "boolean" } });
  if (!args.in) throw new UsageError("missing --in <backup file>");
  try {
    const s = await restoreDatabase(args.in, databasePath(), { force: args.force });
    console.log(`Restored ${args.in} into ${s.file}: integrity ${s.integrity}, ${s.migrationsApplied} migrations applied.`);
    console.log(
      `  ${s.counts.organisations} organisations, ${s.counts.users} users, ${s.counts.responses} responses, ${s.counts.answerRevisions} answer revisions` +
        (s.newestRevision ? ` (newest ${s.newestRevision})` : ""),
    );
  } catch (error) {
    if (error instanceof BackupError) throw new UsageError(error.message);
    throw error;
  }
});
