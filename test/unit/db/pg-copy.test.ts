/**
 * `npm run db:copy` (cli/db-copy.ts, db/pg/copy.ts) moves the seeded demo, plus rows the demo lacks
 * (a submission's blobs, a site administrator's boolean, an id SQLite will not hand out again),
 * into a real PostgreSQL: equal counts and checksums, identity sequences past SQLite's, triggers
 * on again afterwards; a second run refuses the now non-empty target; a changed row is a mismatch.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatReport, verifyCopy } from "../../../db/pg/copy";
import { sqliteClient } from "../../../db/engine/sqlite";
import { openDemoDb } from "../../support/demo-db";
import { postgresBinDir, testDatabase, type TestDatabase } from "../../support/postgres";

let database: TestDatabase;
let dir: string;
let file: string;
let client: pg.Client;

function dbCopy(...args: string[]) {
  const res = spawnSync(path.resolve("node_modules/.bin/tsx"), ["cli/db-copy.ts", ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

beforeAll(async () => {
  database = await testDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "hs-copy-"));
  file = path.join(dir, "demo.sqlite");
  const demo = await openDemoDb();
  try {
    const s = sqliteClient(demo.db);
    s.prepare("update users set site_admin = 1 where email = 'admin@demo.no'").run();
    s.prepare(
      `insert into submissions (organisation_id, response_id, submitted_on, submitted_at, channel, docx, docx_name, docx_sha256, markdown, markdown_name, markdown_sha256)
       values (?, ?, '2026-12-01', 1796000000000, 'email', ?, 'svar.docx', 'x', ?, 'svar.md', 'y')`,
    ).run(demo.organisationId, demo.responseId, Buffer.from([0, 1, 2, 255, 254]), Buffer.from("# Svar\n\næøå\n"));
    // The newest event is gone, but SQLite never hands its id out again (AUTOINCREMENT).
    s.prepare("delete from response_events where id = (select max(id) from response_events)").run();
    s.prepare("vacuum into ?").run(file);
  } finally {
    await demo.close();
  }
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
}, 180_000);

afterAll(async () => {
  await client?.end();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await database?.close();
});

// Each run spawns the CLI (tsx): give it room on a loaded machine.
describe("db:copy", { timeout: 90_000 }, () => {
  it("copies the demo with equal counts and checksums, and prints them", async () => {
    const source = new Database(file, { readonly: true });
    const expected = Object.fromEntries(
      ["answers", "answer_revisions", "users", "memberships", "response_events", "submissions", "comments", "member_positions"].map((t) => [
        t,
        (source.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n,
      ]),
    );
    const lastEvent = (source.prepare("select seq from sqlite_sequence where name = 'response_events'").get() as { seq: number }).seq;
    source.close();
    expect(expected.answers).toBe(68);
    expect(expected.submissions).toBe(1);

    const run = dbCopy("--from", file, "--to", database.url);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^OK: 30 tables, \d+ rows, counts and checksums equal$/m);
    for (const [table, n] of Object.entries(expected)) {
      expect(run.stdout).toMatch(new RegExp(`^${table} +${n} +${n} +[0-9a-f]{16} = same$`, "m"));
      expect((await client.query(`select count(*)::int as n from "${table}"`)).rows[0].n, table).toBe(n);
    }
    // The copy added no events of its own (its triggers were off), and they are on again.
    const events = await client.query("select count(*)::int as n, max(id)::int as max from response_events");
    expect(events.rows[0].n).toBe(expected.response_events);
    expect(events.rows[0].max).toBe(lastEvent - 1);
    const disabled = await client.query("select count(*)::int as n from pg_trigger where not tgisinternal and tgenabled = 'D'");
    expect(disabled.rows[0].n).toBe(0);
    // Values as the app reads them: a boolean, bytes, JSON text, epoch ms.
    const admin = await client.query("select site_admin, created_at from users where email = 'admin@demo.no'");
    expect(admin.rows[0].site_admin).toBe(true);
    expect(Number(admin.rows[0].created_at)).toBeGreaterThan(1.7e12);
    const sub = await client.query("select docx, convert_from(markdown, 'UTF8') as md from submissions");
    expect([...sub.rows[0].docx]).toEqual([0, 1, 2, 255, 254]);
    expect(sub.rows[0].md).toBe("# Svar\n\næøå\n");
  });

  it("survives the operator's pg_dump and pg_restore (the guide's backup) unchanged", async () => {
    const dump = path.join(dir, "copy.dump");
    const bin = postgresBinDir();
    const dumped = spawnSync(path.join(bin, "pg_dump"), ["--format=custom", `--file=${dump}`, `--dbname=${database.url}`], { encoding: "utf8" });
    expect(dumped.stderr).toBe("");
    const restoredUrl = await database.another();
    const restored = spawnSync(path.join(bin, "pg_restore"), ["--no-owner", `--dbname=${restoredUrl}`, dump], { encoding: "utf8" });
    expect(restored.stderr).toBe("");
    expect(restored.status).toBe(0);
    const other = new pg.Client({ connectionString: restoredUrl });
    await other.connect();
    const source = new Database(file, { readonly: true });
    try {
      const report = await verifyCopy(source, other);
      expect(report.tables.filter((t) => !t.ok)).toEqual([]);
      const triggers = await other.query("select count(*)::int as n from pg_trigger where not tgisinternal");
      expect(triggers.rows[0].n).toBe(21);
      const next = await other.query(`insert into organisations (name, slug) values ('R', 'r') returning id`);
      expect(next.rows[0].id).toBe(2);
    } finally {
      source.close();
      await other.end();
    }
  });

  it("sets each identity past SQLite's last id, and the live triggers write after it", async () => {
    const org = (await client.query("select id from organisations limit 1")).rows[0].id;
    const next = await client.query(`insert into organisations (name, slug) values ('Ny', 'ny') returning id`);
    expect(next.rows[0].id).toBe(org + 1);
    const before = (await client.query("select max(id)::int as max from response_events")).rows[0].max as number;
    await client.query("update answers set value = '\"endret\"', version = version + 1 where id = (select min(id) from answers)");
    const after = await client.query("select id::int, kind from response_events order by id desc limit 1");
    // before + 1 was SQLite's deleted event: its id is not handed out again.
    expect(after.rows[0]).toEqual({ id: before + 2, kind: "answer" });
  });

  it("refuses the now non-empty target, naming what is in it", () => {
    const run = dbCopy("--from", file, "--to", database.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refusing to copy into a database that is not empty: it already holds data \(.*answers: 68 rows/);
    expect(run.stdout).not.toMatch(/OK:/);
  });

  it("reports a mismatch when a row differs", async () => {
    await client.query("update comments set body = body || '!' where id = (select min(id) from comments)");
    const source = new Database(file, { readonly: true });
    try {
      const report = await verifyCopy(source, client);
      expect(report.ok).toBe(false);
      // answers, organisations and response_events changed in the test above; comments now.
      const bad = report.tables.filter((t) => !t.ok).map((t) => t.table);
      expect(bad).toContain("comments");
      const comments = report.tables.find((t) => t.table === "comments")!;
      expect(comments.sourceRows).toBe(comments.targetRows);
      expect(comments.sourceChecksum).not.toBe(comments.targetChecksum);
      expect(formatReport(report)).toMatch(/^comments .* MISMATCH$/m);
      expect(formatReport(report)).toMatch(/^MISMATCH in \d+ table\(s\): .*comments/m);
    } finally {
      source.close();
    }
  });

  it("refuses without touching the target when the SQLite file is not there", async () => {
    const other = await database.another();
    const run = dbCopy("--from", path.join(dir, "missing.sqlite"), "--to", other);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot open the SQLite file/);
  });
});
