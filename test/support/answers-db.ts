/**
 * Direct writes to a test server's SQLite file, for histories no user could type in a test's
 * time (5,000 revisions) or that predate a rule (a 1 MB answer stored before the size limit).
 */
import Database from "better-sqlite3";

export interface DemoAnswer {
  id: number;
  version: number;
}

/** Opens the server's database for a moment; WAL lets the running server keep reading. */
function withDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file);
  db.pragma("busy_timeout = 5000");
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Rows of a read-only query on the server's database (WAL: the running server keeps writing). */
export function queryRows<T>(file: string, sql: string, ...args: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

export function answerRow(file: string, responseId: number, key: string): DemoAnswer | undefined {
  return withDb(file, (db) => db.prepare("select id, version from answers where response_id = ? and question_key = ?").get(responseId, key) as DemoAnswer | undefined);
}

export function answeredKeys(file: string, responseId: number): Set<string> {
  return withDb(file, (db) => new Set((db.prepare("select question_key as key from answers where response_id = ?").all(responseId) as { key: string }[]).map((r) => r.key)));
}

export function userId(file: string, email: string): number {
  return withDb(file, (db) => (db.prepare("select id from users where email = ?").get(email) as { id: number }).id);
}

/**
 * Appends revisions with the given values after the answer's current version (creating the answer
 * if needed), in one transaction, and makes the last one current. Returns the new version.
 */
export function appendRevisions(file: string, responseId: number, key: string, values: string[]): number {
  return withDb(file, (db) =>
    db.transaction(() => {
      const now = Date.now();
      let answer = db.prepare("select id, version from answers where response_id = ? and question_key = ?").get(responseId, key) as DemoAnswer | undefined;
      if (!answer) {
        const id = db
          .prepare("insert into answers (response_id, question_key, value, version, updated_at) values (?, ?, ?, 0, ?)")
          .run(responseId, key, JSON.stringify(""), now).lastInsertRowid as number;
        answer = { id, version: 0 };
      }
      const insert = db.prepare(
        "insert into answer_revisions (answer_id, version, value, created_by, created_at, source) values (?, ?, ?, null, ?, 'form')",
      );
      values.forEach((value, i) => insert.run(answer!.id, answer!.version + i + 1, JSON.stringify(value), now + i));
      const version = answer.version + values.length;
      db.prepare("update answers set value = ?, version = ?, updated_at = ? where id = ?").run(JSON.stringify(values.at(-1)), version, now, answer.id);
      return version;
    })(),
  );
}
