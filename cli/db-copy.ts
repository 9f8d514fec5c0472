/**
 * npm run db:copy -- --from <sqlite file> --to <postgres url> [--batch <rows>]
 *
 * Copies an installation from SQLite to an empty PostgreSQL database (db/pg/copy.ts): runs the
 * PostgreSQL migrations, copies every table in one transaction, then prints per table the row
 * counts and a checksum computed on both sides. Exit 0 when all agree, 1 when any differs, 1 with
 * the reason when it refuses (a non-empty target, an unmigrated source). Stop the servers first.
 */
import { copySqliteToPostgres, CopyRefused, formatReport } from "../db/pg/copy";
import { parseCli, runCli, UsageError } from "./common";

const USAGE = "usage: npm run db:copy -- --from <sqlite file> --to <postgresql://user@host/db> [--batch <rows per insert, 500>]";

await runCli(USAGE, async () => {
  const args = parseCli({ from: { type: "string" }, to: { type: "string" }, batch: { type: "string" } });
  if (!args.from) throw new UsageError("missing --from <sqlite file>");
  if (!args.to) throw new UsageError("missing --to <postgres url>");
  const batchRows = args.batch === undefined ? undefined : Number(args.batch);
  if (batchRows !== undefined && !(Number.isInteger(batchRows) && batchRows > 0)) throw new UsageError("--batch must be a positive whole number");
  const shown = args.to.replace(/\/\/([^/@:]*):[^/@]*@/, "//$1:…@");
  console.log(`Copying ${args.from} to ${shown}`);
  try {
    const report = await copySqliteToPostgres({ from: args.from, to: args.to, batchRows, log: (line) => console.log(`  ${line}`) });
    console.log(formatReport(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof CopyRefused) {
      console.error(`db:copy: ${error.message}`);
      return 1;
    }
    throw error;
  }
});
