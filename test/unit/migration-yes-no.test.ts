/**
 * Migration 0003 (db/migrations/0003_yes_no_values.sql): stored yes/no answers and their revisions
 * "ja"/"nei" become "yes"/"no"; text answers that read "ja" stay as they are. The demo database is
 * turned back into the old values, then the migration's statements run on it.
 */
import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seededDb } from "../support/fixtures";

const root = path.resolve(import.meta.dirname, "../..");
const statements = readFileSync(path.join(root, "db/migrations/0003_yes_no_values.sql"), "utf8").split("--> statement-breakpoint");

describe("migration 0003_yes_no_values", () => {
  it("converts yes/no answers and revisions, nothing else", async () => {
    const { db, file, responseId } = await seededDb();
    void db;
    const sqlite = new Database(file);
    const value = (key: string) =>
      (sqlite.prepare("select value from answers where response_id = ? and question_key = ?").get(responseId, key) as { value: string }).value;
    const revisions = (key: string) =>
      (sqlite.prepare("select r.value from answer_revisions r join answers a on a.id = r.answer_id where a.response_id = ? and a.question_key = ? order by r.version").all(responseId, key) as { value: string }[]).map((r) => r.value);
    // Back to the values stored before the migration; a text answer that reads "ja" and "nei".
    sqlite.exec(`update answers set value = '"ja"' where value = '"yes"'; update answers set value = '"nei"' where value = '"no"';
      update answer_revisions set value = '"ja"' where value = '"yes"'; update answer_revisions set value = '"nei"' where value = '"no"';`);
    sqlite.prepare("update answers set value = ? where response_id = ? and question_key = ?").run('"ja"', responseId, "kap3-tiltak-1.feedback");
    sqlite.prepare("update answers set value = ? where response_id = ? and question_key = ?").run('"nei"', responseId, "generelle-tilbakemeldinger");
    expect([value("kap3-tiltak-1.support"), value("kap3-tiltak-4.support"), value("kap2-enig"), value("kap2-konsekvenser-legen")]).toEqual(['"ja"', '"nei"', '"ja"', '"nei"']);

    sqlite.transaction(() => statements.forEach((s) => sqlite.exec(s)))();

    expect([value("kap3-tiltak-1.support"), value("kap3-tiltak-4.support"), value("kap2-enig"), value("kap2-konsekvenser-legen")]).toEqual(['"yes"', '"no"', '"yes"', '"no"']);
    expect(revisions("kap3-tiltak-4.support")).toEqual(['"no"']);
    expect(revisions("kap2-enig")).toEqual(['"yes"']);
    expect(value("kap3-tiltak-1.feedback")).toBe('"ja"');
    expect(value("generelle-tilbakemeldinger")).toBe('"nei"');
    expect(sqlite.prepare(`select count(*) as n from answers where value in ('"ja"', '"nei"')`).get()).toEqual({ n: 2 });
    sqlite.close();
  });
});
