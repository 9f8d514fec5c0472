/** A temporary database with the templates loaded and the demo seeded, for tests (SQLite, or PostgreSQL in unit-pg). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { closeDatabase, openDatabase, type Db } from "../../db/client";
import { seedDemo } from "../../db/seed";
import { loadTemplates } from "../../db/templates";
import { freshTarget } from "./engine";

export interface DemoDb {
  db: Db;
  organisationId: number;
  responseId: number;
  close(): Promise<void>;
}

export async function openDemoDb(): Promise<DemoDb> {
  const dir = mkdtempSync(path.join(tmpdir(), "hs-export-"));
  const db = openDatabase(await freshTarget(dir, "test.sqlite"));
  await loadTemplates(db);
  const seeded = await seedDemo(db);
  if (!seeded) throw new Error("demo seed did not run on a fresh database");
  return {
    db,
    ...seeded,
    async close() {
      await closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
