/** Shared test fixtures: the LIS1 template, its form items, and a fresh seeded database. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../../db/client";
import { freshTarget } from "./engine";
import { seedDemo } from "../../db/seed";
import { loadTemplates } from "../../db/templates";
import { readTemplateFile } from "../../consultation/file.server";
import { formItems, formSections } from "../../consultation/form";

export function lis1Template() {
  const result = readTemplateFile("templates/lis1-evaluering-2021.yaml");
  if (!result.ok) throw new Error("LIS1 template invalid");
  return result.template;
}

export function lis1Item(number: number) {
  const item = formItems(lis1Template()).find((i) => i.number === number);
  if (!item) throw new Error(`no item ${number}`);
  return item;
}

export function lis1Section(id: string) {
  const section = formSections(lis1Template()).find((s) => s.id === id);
  if (!section) throw new Error(`no section ${id}`);
  return section;
}

/**
 * A real database, migrated, with templates and the demo organisation: a SQLite file in a temp dir,
 * or a fresh PostgreSQL database in the unit-pg project (`file` is then its URL).
 */
export async function seededDb(): Promise<{ db: Db; organisationId: number; responseId: number; file: string }> {
  const file = await freshTarget(mkdtempSync(path.join(tmpdir(), "hs-db-")));
  const db = openDatabase(file);
  await loadTemplates(db);
  const seeded = await seedDemo(db);
  return { db, file, ...seeded! };
}
