/** A fresh, migrated SQLite file per test, plus tiny fixtures for users and organisations. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../../../db/client";
import { memberships, organisations, users, type Role } from "../../../db/schema";
import { sqliteClient } from "../../../db/engine/sqlite";

export function tempDb(): { db: Db; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "hs-unit-"));
  const db = openDatabase(path.join(dir, "test.sqlite"));
  return {
    db,
    cleanup: () => {
      sqliteClient(db).close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Not a real scrypt hash: these fixtures never sign in.
export async function addUser(db: Db, email: string, name = email): Promise<number> {
  return (await db.insert(users).values({ email, name, passwordHash: "x" }).returning({ id: users.id }))[0]!.id;
}

export async function addOrg(db: Db, slug: string, members: [number, Role][] = []): Promise<number> {
  const id = (await db.insert(organisations).values({ name: slug, slug }).returning({ id: organisations.id }))[0]!.id;
  for (const [userId, role] of members) await db.insert(memberships).values({ organisationId: id, userId, role });
  return id;
}
