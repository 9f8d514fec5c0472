/**
 * Direct reads and writes on a test server's database, on either engine (test/support/server-db.ts),
 * for histories no user could type in a test's time (5,000 revisions) or that predate a rule (a 1 MB
 * answer stored before the size limit). Each call opens the database for a moment.
 */
import { serverDb, type Params, type ServerDb } from "./server-db";

export interface DemoAnswer {
  id: number;
  version: number;
}

async function withDb<T>(target: string, fn: (db: ServerDb) => Promise<T>, options: { readonly?: boolean } = {}): Promise<T> {
  const db = await serverDb(target, options);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Rows of a read-only query on the server's database (the running server keeps writing). */
export async function queryRows<T>(target: string, sql: string, ...args: Params): Promise<T[]> {
  return await withDb(target, async (db) => await db.all<T>(sql, ...args), { readonly: true });
}

const ANSWER = "select id, version from answers where response_id = ? and question_key = ?";

export async function answerRow(target: string, responseId: number, key: string): Promise<DemoAnswer | undefined> {
  return await withDb(target, async (db) => await db.get<DemoAnswer>(ANSWER, responseId, key));
}

export async function answeredKeys(target: string, responseId: number): Promise<Set<string>> {
  const rows = await queryRows<{ key: string }>(target, "select question_key as key from answers where response_id = ?", responseId);
  return new Set(rows.map((r) => r.key));
}

export async function userId(target: string, email: string): Promise<number> {
  return await withDb(target, async (db) => (await db.get<{ id: number }>("select id from users where email = ?", email))!.id);
}

/**
 * Appends revisions with the given values after the answer's current version (creating the answer
 * if needed), in one transaction, and makes the last one current. Returns the new version.
 */
export async function appendRevisions(target: string, responseId: number, key: string, values: string[]): Promise<number> {
  return await withDb(target, async (db) =>
    await db.transaction(async () => {
      const now = Date.now();
      let answer = await db.get<DemoAnswer>(ANSWER, responseId, key);
      if (!answer) {
        const inserted = await db.get<{ id: number }>(
          "insert into answers (response_id, question_key, value, version, updated_at) values (?, ?, ?, 0, ?) returning id",
          responseId,
          key,
          JSON.stringify(""),
          now,
        );
        answer = { id: inserted!.id, version: 0 };
      }
      for (const [i, value] of values.entries()) {
        await db.run(
          "insert into answer_revisions (answer_id, version, value, created_by, created_at, source) values (?, ?, ?, null, ?, 'form')",
          answer.id,
          answer.version + i + 1,
          JSON.stringify(value),
          now + i,
        );
      }
      const version = answer.version + values.length;
      await db.run("update answers set value = ?, version = ?, updated_at = ? where id = ?", JSON.stringify(values.at(-1)), version, now, answer.id);
      return version;
    }),
  );
}
