/** npm run db:migrate — applies committed migrations (opening the database migrates it). */
import { databasePath, getDb } from "../db/client";

getDb();
console.log(`Database ${databasePath()} is migrated.`);
