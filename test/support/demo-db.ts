/** A temporary database with the templates loaded and the demo seeded, for tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../../db/client";
import { seedDemo } from "../../db/seed";
import { loadTemplates } from "../../db/templates";
import { sqliteClient } from "../../db/engine/sqlite";

export interface DemoDb {
  db: Db;
  organisationId: number;
  responseId: number;
  close(): void;
}

export async function openDemoDb(): Promise<DemoDb> {
  const dir = mkdtempSync(path.join(tmpdir(), "hs-export-"));
  const db = openDatabase(path.join(dir, "test.sqlite"));
  await loadTemplates(db);
  const seeded = await seedDemo(db);
  if (!seeded) throw new Error("demo seed did not run on a fresh database");
  return {
    db,
    ...seeded,
    close() {
      sqliteClient(db).close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
