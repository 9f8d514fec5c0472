/** npm run db:migrate — applies committed migrations (opening the database migrates it): SQLite or PostgreSQL. */
import { closeDatabase, databaseLabel, databaseReady, getDb } from "../db/client";
import { runCli } from "./common";

await runCli("usage: npm run db:migrate (DATABASE_URL: a SQLite file or a postgresql:// URL)", async () => {
  const db = getDb();
  await databaseReady(db);
  await closeDatabase(db);
  console.log(`Database ${databaseLabel()} is migrated.`);
});
