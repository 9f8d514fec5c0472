/** A temporary database with the templates loaded and the demo seeded, for tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../../db/client";
import { seedDemo } from "../../db/seed";
import { loadTemplates } from "../../db/templates";

export interface DemoDb {
  db: Db;
  organisationId: number;
  responseId: number;
  close(): void;
}

export async function openDemoDb(): Promise<DemoDb> {
  const dir = mkdtempSync(path.join(tmpdir(), "hs-export-"));
  const db = openDatabase(path.join(dir, "test.sqlite"));
  loadTemplates(db);
  const seeded = await seedDemo(db);
  if (!seeded) throw new Error("demo seed did not run on a fresh database");
  return {
    db,
    ...seeded,
    close() {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
