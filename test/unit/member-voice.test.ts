/**
 * Members' voice against a real SQLite file: tallies always equal the current position rows
 * (counted with GROUP BY, never kept), also after many interleaved set/clear operations from two
 * connections; stale versions refuse the whole save; the ranking rules are the official question's.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../db/client";
import { saveVoice, sectionVoice } from "../../db/queries/member-voice";
import { checkMyRanking, voiceChapter } from "~/lib/member-voice.server";
import { getConsultationVersion } from "../../db/queries/consultations";
import { getResponse } from "../../db/queries/responses";
import type { MemberView } from "../../db/schema";
import { openDemoDb, type DemoDb } from "../support/demo-db";
import { sqliteClient } from "../../db/engine/sqlite";

let demo: DemoDb;
let second: Db;
const MEASURES = [1, 2, 3, 4, 5, 6, 7].map((i) => `kap3-tiltak-${i}`);

beforeAll(async () => {
  demo = await openDemoDb();
  second = openDatabase(sqliteClient(demo.db).name);
});
afterAll(async () => {
  if (second) sqliteClient(second).close();
  await demo?.close();
});

/** Tallies counted independently: every row read and counted in JS. */
function countedFromRows(db: Db) {
  const rows = sqliteClient(db).prepare("select measure_id as m, view from member_positions where response_id = ?").all(demo.responseId) as { m: string; view: MemberView }[];
  const tallies = Object.fromEntries(MEASURES.map((m) => [m, { yes: 0, no: 0, none: 0 }]));
  for (const r of rows) if (tallies[r.m]) tallies[r.m]![r.view] += 1;
  return tallies;
}

describe("tallies", () => {
  it("equal the rows after 600 interleaved set/clear operations from two connections, one after the other (stale ones refused)", async () => {
    const { organisationId, responseId } = demo;
    const users = (sqliteClient(demo.db).prepare("select user_id as id from memberships where organisation_id = ?").all(organisationId) as { id: number }[]).map((u) => u.id);
    // A deterministic pseudo-random sequence (no flaky seeds).
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const views: (MemberView | null)[] = ["yes", "no", "none", null];
    let refused = 0;
    for (let i = 0; i < 600; i++) {
      const db = i % 2 ? second : demo.db;
      const userId = users[rand(users.length)]!;
      const measureId = MEASURES[rand(MEASURES.length)]!;
      const row = sqliteClient(db).prepare("select version from member_positions where response_id = ? and user_id = ? and measure_id = ?").get(responseId, userId, measureId) as
        | { version: number }
        | undefined;
      // Every seventh operation names a stale version: refused, nothing written.
      const stale = i % 7 === 0;
      const result = await saveVoice(db, {
        organisationId,
        responseId,
        userId,
        positions: [{ measureId, view: views[rand(views.length)]!, reason: `r${i}`, baseVersion: (row?.version ?? 0) + (stale ? 1 : 0) }],
      });
      if (stale) {
        expect(result.status).toBe("conflict");
        refused += 1;
      } else expect(result.status).toBe("saved");
      if (i % 50 === 0) expect((await sectionVoice(db, organisationId, responseId, MEASURES, "kap3")).tallies).toEqual(countedFromRows(db));
    }
    expect(refused).toBeGreaterThan(50);
    expect((await sectionVoice(demo.db, organisationId, responseId, MEASURES, "kap3")).tallies).toEqual(countedFromRows(second));
    // Reasons are listed for every row with one.
    const reasons = (await sectionVoice(demo.db, organisationId, responseId, MEASURES, null)).reasons;
    const withReason = sqliteClient(demo.db).prepare("select count(*) as n from member_positions where response_id = ? and reason <> '' and measure_id like 'kap3-%'").get(responseId) as { n: number };
    expect(Object.values(reasons).flat().length).toBe(withReason.n);
  });

  it("two processes saving at the same time: the tallies equal the rows, and every row's version counts the saves it got", async () => {
    const { organisationId, responseId } = demo;
    const file = sqliteClient(demo.db).name;
    const rows = () =>
      new Map(
        (sqliteClient(demo.db).prepare("select user_id as u, measure_id as m, version as v from member_positions where response_id = ? and measure_id in ('kap3-tiltak-1','kap3-tiltak-2','kap3-tiltak-3')").all(responseId) as { u: number; m: string; v: number }[]).map(
          (r) => [`${r.u}:${r.m}`, r.v],
        ),
      );
    const before = rows();
    const writer = path.resolve(import.meta.dirname, "../support/voice-writer.ts");
    const run = (seed: number) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", writer, file, String(organisationId), String(responseId), String(seed), "400"], { encoding: "utf8" });
    // Both started before either finishes: their saves overlap on the same rows of 3 measures.
    const outputs = await Promise.all([run(7), run(8)]);
    const reports = outputs.map((o) => JSON.parse(o.stdout) as { saved: Record<string, number>; conflicts: number });
    const after = rows();
    // A row that was cleared (view null) is deleted and its next save starts again at version 1,
    // so versions are checked only where no save cleared it: it must have counted every save.
    const savedOn = (key: string) => reports.reduce((n, r) => n + (r.saved[key] ?? 0), 0);
    const totalSaved = reports.reduce((n, r) => n + Object.values(r.saved).reduce((a, b) => a + b, 0), 0);
    expect(totalSaved + reports[0]!.conflicts + reports[1]!.conflicts).toBe(800);
    for (const [key, version] of after) expect(version).toBeLessThanOrEqual((before.get(key) ?? 0) + savedOn(key));
    expect((await sectionVoice(demo.db, organisationId, responseId, MEASURES, "kap3")).tallies).toEqual(countedFromRows(second));
  }, 120_000);

  it("a save with one stale position writes none of them", async () => {
    const { organisationId, responseId } = demo;
    const userId = 4;
    const before = countedFromRows(demo.db);
    const rows = sqliteClient(demo.db).prepare("select measure_id as m, version from member_positions where response_id = ? and user_id = ?").all(responseId, userId) as { m: string; version: number }[];
    const version = (m: string) => rows.find((r) => r.m === m)?.version ?? 0;
    const result = await saveVoice(demo.db, {
      organisationId,
      responseId,
      userId,
      positions: [
        { measureId: MEASURES[0]!, view: "yes", reason: "", baseVersion: version(MEASURES[0]!) },
        { measureId: MEASURES[1]!, view: "no", reason: "", baseVersion: version(MEASURES[1]!) + 5 },
      ],
    });
    expect(result).toEqual({ status: "conflict", measures: [MEASURES[1]], ranking: false });
    expect(countedFromRows(demo.db)).toEqual(before);
  });

  it("another organisation's id reads nothing and writes nothing", async () => {
    expect((await sectionVoice(demo.db, demo.organisationId + 1, demo.responseId, MEASURES, "kap3"))).toEqual({
      tallies: Object.fromEntries(MEASURES.map((m) => [m, { yes: 0, no: 0, none: 0 }])),
      reasons: {},
      ballots: [],
    });
    await expect(saveVoice(demo.db, { organisationId: demo.organisationId + 1, responseId: demo.responseId, userId: 4, positions: [] })).rejects.toThrow(/not found/);
  });
});

describe("a member's ranking uses the official question's rules", () => {
  it("no rank twice, no gaps, at most N, unknown measures", async () => {
    const response = (await getResponse(demo.db, demo.organisationId, demo.responseId))!;
    const chapter = voiceChapter((await getConsultationVersion(demo.db, response.consultationVersionId))!.template, "kap3")!;
    const codes = (entries: [string, string][]) => checkMyRanking(chapter, entries.map(([measureId, rank]) => ({ measureId, rank }))).problems.flatMap((p) => (p.code === "ranking" ? p.problems.map((q) => q.code) : [p.code]));
    expect(checkMyRanking(chapter, [{ measureId: "kap3-tiltak-2", rank: "2" }, { measureId: "kap3-tiltak-5", rank: "1" }]).value).toEqual(["kap3-tiltak-5", "kap3-tiltak-2"]);
    expect(codes([["kap3-tiltak-1", "1"], ["kap3-tiltak-2", "1"]])).toEqual(["rankUsedTwice"]);
    expect(codes([["kap3-tiltak-1", "1"], ["kap3-tiltak-2", "3"]])).toEqual(["rankGap"]);
    expect(codes([["kap3-tiltak-1", "4"]])).toEqual(["rankOutOfRange"]);
    expect(codes([["kap3-tiltak-1", "1"], ["kap3-tiltak-2", "2"], ["kap3-tiltak-3", "3"], ["kap3-tiltak-4", "3"]])).toContain("tooManyRanks");
    expect(codes([["kap9-x", "1"]])).toEqual(["unknownMeasure"]);
    expect(voiceChapter((await getConsultationVersion(demo.db, response.consultationVersionId))!.template, "kap2")).toBeUndefined();
    expect(voiceChapter((await getConsultationVersion(demo.db, response.consultationVersionId))!.template, "sender")).toBeUndefined();
  });
});
