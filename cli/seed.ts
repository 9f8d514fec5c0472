/** npm run db:seed — loads templates and seeds the demo organisation if it is missing. */
import { getDb } from "../db/client";
import { seedDemo } from "../db/seed";
import { loadTemplates } from "../db/templates";

const db = getDb();
await loadTemplates(db);
const seeded = await seedDemo(db);
console.log(seeded ? `Seeded demo organisation ${seeded.organisationId}, response ${seeded.responseId}.` : "Demo data already present.");
