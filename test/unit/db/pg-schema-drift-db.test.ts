/**
 * The migrated databases agree: a SQLite file migrated with db/migrations and a real PostgreSQL
 * migrated with db/pg/migrations have the same tables, columns, keys, indexes, foreign keys and
 * live-event triggers, read from the databases themselves (PRAGMAs; pg_catalog), so a migration
 * written by hand or a schema edited without `db:generate:pg` is caught. And each side agrees with
 * its drizzle definitions (what the app's queries are typed against).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type Db } from "../../../db/client";
import { sqliteClient } from "../../../db/engine/sqlite";
import { postgresShape, sqliteShape } from "../../../db/pg/introspect";
import { migratePostgres } from "../../../db/pg/migrate";
import * as pgSchema from "../../../db/pg/schema";
import { diffShapes, shapeFromDrizzle, type SchemaShape } from "../../../db/pg/shape";
import * as sqliteSchema from "../../../db/schema";
import { testDatabase, type TestDatabase } from "../../support/postgres";

let database: TestDatabase;
let client: pg.Client;
let dir: string;
let sqlite: Db;
let fromSqlite: SchemaShape;
let fromPostgres: SchemaShape;

beforeAll(async () => {
  database = await testDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await migratePostgres(client);
  dir = mkdtempSync(path.join(tmpdir(), "hs-drift-"));
  sqlite = openDatabase(path.join(dir, "drift.sqlite"));
  fromSqlite = sqliteShape(sqliteClient(sqlite));
  fromPostgres = await postgresShape(client);
}, 120_000);

afterAll(async () => {
  await client?.end();
  if (sqlite) await closeDatabase(sqlite);
  if (dir) rmSync(dir, { recursive: true, force: true });
  await database?.close();
});

describe("migrated SQLite vs migrated PostgreSQL", () => {
  it("read the same 30 tables and 21 triggers", () => {
    expect(fromSqlite.tables.length).toBe(30);
    expect(fromPostgres.tables.map((t) => t.name)).toEqual(fromSqlite.tables.map((t) => t.name));
    expect(fromSqlite.triggers!.length).toBe(21);
    expect(fromPostgres.triggers!.map((t) => t.name).sort()).toEqual(fromSqlite.triggers!.map((t) => t.name).sort());
  });

  it("have no differences", () => {
    expect(diffShapes(fromSqlite, fromPostgres)).toEqual([]);
  });

  it("each agree with their drizzle definitions", () => {
    const noTriggers = (s: SchemaShape): SchemaShape => ({ tables: s.tables });
    expect(diffShapes(shapeFromDrizzle(sqliteSchema), noTriggers(fromSqlite), ["db/schema.ts", "db/migrations"])).toEqual([]);
    expect(diffShapes(shapeFromDrizzle(pgSchema), noTriggers(fromPostgres), ["db/pg/schema.ts", "db/pg/migrations"])).toEqual([]);
  });

  it("fail when PostgreSQL drifts: a column renamed, an index dropped, a trigger dropped", async () => {
    const other = new pg.Client({ connectionString: await database.another() });
    await other.connect();
    try {
      await migratePostgres(other);
      await other.query(`alter table answers rename column updated_by to changed_by`);
      await other.query(`drop index member_positions_measure`);
      await other.query(`drop trigger answers_live_update on answers`);
      await other.query(`alter table sessions alter column last_seen_at drop default`);
      expect(diffShapes(fromSqlite, await postgresShape(other))).toEqual([
        "answers.updated_by: missing in postgresql",
        "answers.changed_by: missing in sqlite",
        "answers: foreign key (updated_by) -> users(id) missing in postgresql",
        "answers: foreign key (changed_by) -> users(id) missing in sqlite",
        "member_positions: index member_positions_measure missing in postgresql",
        "sessions.last_seen_at: hasDefault sqlite=true postgresql=false",
        "trigger answers_live_update on answers: missing in postgresql",
      ]);
    } finally {
      await other.end();
    }
  });
});

describe("the PostgreSQL live triggers", () => {
  it("append one event per change, in the same transaction, as on SQLite", async () => {
    await client.query("begin");
    try {
      await client.query(`insert into organisations (name, slug) values ('O', 'o')`);
      await client.query(`insert into users (email, name, password_hash) values ('a@x.no', 'Anne', 'x')`);
      await client.query(`insert into consultations (id, title, issuer) values ('c', 'C', 'I')`);
      await client.query(`insert into consultation_versions (consultation_id, content_hash, template_json, source_file) values ('c', 'h', '{}', 'f')`);
      await client.query(`insert into responses (organisation_id, consultation_version_id) values (1, 1)`);
      await client.query(`insert into answers (response_id, question_key, value, updated_by, updated_at) values (1, 'q1', '"ja"', 1, 1700000000000)`);
      await client.query(`update answers set updated_at = 1700000000001`); // neither version nor value: no event
      await client.query(`update answers set value = '["a","b"]', version = 2`);
      await client.query(`insert into comment_threads (organisation_id, response_id, question_key) values (1, 1, 'q1')`);
      await client.query(`insert into comments (organisation_id, thread_id, body) values (1, 1, 'hei')`);
      await client.query(`insert into member_positions (organisation_id, response_id, user_id, measure_id, view, updated_at) values (1, 1, 1, 'm1', 'yes', 1)`);
      await client.query(`delete from member_positions`);
      await client.query(`update responses set internal_deadline = '2026-01-01'`);
      const { rows } = await client.query("select id::int, response_id, kind, subject, actor_id, payload, created_at from response_events order by id");
      expect(rows.map((r) => [r.id, r.kind, r.subject, r.actor_id])).toEqual([
        [1, "answer", "q1", 1],
        [2, "answer", "q1", 1],
        [3, "thread", "q1", null],
        [4, "comment", "q1", null],
        [5, "view", "m1", null],
        [6, "view", "m1", null],
        [7, "response", null, null],
      ]);
      expect(JSON.parse(rows[0].payload)).toEqual({ value: "ja", version: 1, by: "Anne", at: 1700000000000 });
      expect(JSON.parse(rows[1].payload)).toEqual({ value: ["a", "b"], version: 2, by: "Anne", at: 1700000000001 });
      expect(Number(rows[0].created_at)).toBeGreaterThan(1.7e12);
      // Deleting the response writes no events for the rows that cascade away with it.
      await client.query("delete from responses");
      expect((await client.query("select count(*)::int as n from response_events")).rows[0].n).toBe(0);
    } finally {
      await client.query("rollback");
    }
  });

  it("number one response's events in commit order: a second writer waits for the first to commit", async () => {
    await client.query(`insert into organisations (name, slug) values ('O', 'o2') returning id`);
    const org = (await client.query(`select id from organisations where slug = 'o2'`)).rows[0].id as number;
    await client.query(`insert into consultations (id, title, issuer) values ('c2', 'C', 'I')`);
    const cv = (await client.query(`insert into consultation_versions (consultation_id, content_hash, template_json, source_file) values ('c2', 'h', '{}', 'f') returning id`)).rows[0].id;
    const response = (await client.query(`insert into responses (organisation_id, consultation_version_id) values ($1, $2) returning id`, [org, cv])).rows[0].id;
    const second = new pg.Client({ connectionString: database.url });
    await second.connect();
    try {
      await client.query("begin");
      await client.query(`insert into answers (response_id, question_key, value, updated_at) values ($1, 'a', '"1"', 1)`, [response]);
      // The second writer's event needs the response's lock, held by the first until it commits.
      const waiting = second.query(`insert into answers (response_id, question_key, value, updated_at) values ($1, 'b', '"2"', 2)`, [response]);
      let done = false;
      void waiting.then(() => (done = true));
      // Wait (no clock in the assertion) until the second session is queued on the advisory lock.
      const waitingOnLock = async () =>
        (
          await client.query(
            `select count(*)::int as n from pg_locks l where not l.granted and l.locktype = 'advisory' and l.pid <> pg_backend_pid()`,
          )
        ).rows[0].n as number;
      let queued = 0;
      for (let i = 0; i < 200 && !queued && !done; i++) {
        queued = await waitingOnLock();
        if (!queued) await new Promise((r) => setTimeout(r, 25));
      }
      expect(queued).toBe(1);
      expect(done).toBe(false);
      await client.query("commit");
      await waiting;
      expect(done).toBe(true);
      const { rows } = await client.query(`select id::int, subject from response_events where response_id = $1 order by id`, [response]);
      expect(rows.map((r) => r.subject)).toEqual(["a", "b"]);
    } finally {
      await client.query("rollback").catch(() => undefined); // only if an assertion failed mid-transaction
      await second.end();
    }
  });
});
