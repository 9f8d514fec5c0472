/**
 * Which engine the data-layer unit tests run on: PostgreSQL in the `unit-pg` project
 * (TEST_DATABASE_ENGINE=postgres, `npm run test:unit:pg`), SQLite otherwise. The helpers that make
 * a fresh database (fixtures.ts `seededDb`, demo-db.ts `openDemoDb`) ask here for its target.
 */
import path from "node:path";
import { testDatabase, type TestDatabase } from "./postgres";

export const testEngine: "sqlite" | "postgres" = process.env.TEST_DATABASE_ENGINE === "postgres" ? "postgres" : "sqlite";

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

let cluster: Promise<TestDatabase> | undefined;

/**
 * A fresh, empty database: a SQLite file in `dir`, or a new database on a throwaway PostgreSQL
 * cluster (one per test file's process, stopped when it exits; test/support/postgres.ts).
 */
export async function freshTarget(dir: string, name = "db.sqlite"): Promise<string> {
  if (testEngine === "sqlite") return path.join(dir, name);
  cluster ??= testDatabase();
  return await (await cluster).another();
}
