/**
 * Issue 10: the live hub against a real SQLite file (the process-wide getDb(), as in the server):
 * live delivery, the backlog of a resuming stream without duplicates, `reset` when the id is not
 * from this log, and that a failing read in its timers does not end the process.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { logger } from "../../app/lib/ops/log.server";
import { frameEvent, liveHub, type LiveStream } from "../../app/lib/live/hub.server";
import { eventStreamResponse } from "../../app/lib/live/stream.server";
import { getDb } from "../../db/client";
import { latestEventId, oldestEventId, responseEventsAfter } from "../../db/queries/live";
import { getAnswers, saveAnswer } from "../../db/queries/responses";
import { seedDemo } from "../../db/seed";
import { loadTemplates } from "../../db/templates";
import { parseFrames } from "../support/sse";
import { sqliteClient } from "../../db/engine/sqlite";

const dir = mkdtempSync(path.join(tmpdir(), "hs-live-hub-"));
const previousUrl = process.env.DATABASE_URL;
let organisationId: number;
let responseId: number;
const KEY = "kap3-tiltak-1.feedback";

/** A stream as the route makes one, writing into an array. */
function fakeStream(lastId: number) {
  const texts: string[] = [];
  const stream: LiveStream & { texts: string[] } = { organisationId, responseId, lastId, texts, write: (text) => void texts.push(text) };
  return stream;
}
const frames = (stream: { texts: string[] }) => parseFrames(stream.texts.join("")).frames;
const save = async (value: string) => {
  const version = (await getAnswers(getDb(), organisationId, responseId, [KEY])).get(KEY)?.version ?? 0;
  expect((await saveAnswer(getDb(), { organisationId, responseId, key: KEY, value, baseVersion: version, userId: null })).status).toBe("saved");
};
async function until(check: () => boolean, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  process.env.DATABASE_URL = path.join(dir, "hub.sqlite");
  await loadTemplates(getDb());
  ({ organisationId, responseId } = (await seedDemo(getDb()))!);
  // The seed's events are two days old: the hub's first read of the log prunes them (kept a day).
  seededUpTo = (await latestEventId(getDb()));
  sqliteClient(getDb()).prepare("update response_events set created_at = ? where id <= ?").run(Date.now() - 2 * 86_400_000, seededUpTo);
});
let seededUpTo = 0;
afterAll(() => {
  sqliteClient(getDb()).close();
  if (previousUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = previousUrl;
  rmSync(dir, { recursive: true, force: true });
});

describe("liveHub", () => {
  it("a stream from now gets the presence snapshot, then each committed event once, framed as frameEvent frames it", async () => {
    const stream = fakeStream((await latestEventId(getDb())));
    await liveHub.subscribe(stream);
    expect(frames(stream)).toEqual([{ event: "presence", data: "[]" }]);
    const before = await latestEventId(getDb());
    await save("Hub 1");
    await until(() => frames(stream).some((f) => f.event === "answer"));
    await new Promise((r) => setTimeout(r, 200));
    const logged = await responseEventsAfter(getDb(), organisationId, responseId, before, 100);
    expect(stream.texts.slice(1)).toEqual(logged.map((e) => frameEvent(e)));
    expect(stream.lastId).toBe(logged.at(-1)!.id);
    liveHub.unsubscribe(stream);
    expect(liveHub.streamCount()).toBe(0);
    // Unsubscribed: nothing more reaches it.
    await save("Hub 2");
    await new Promise((r) => setTimeout(r, 200));
    expect(stream.texts).toHaveLength(1 + logged.length);
  });

  it("a resuming stream gets its backlog in order, then live events, with no id twice", async () => {
    const watcher = fakeStream((await latestEventId(getDb()))); // keeps the hub polling meanwhile
    await liveHub.subscribe(watcher);
    const from = await latestEventId(getDb());
    await save("Backlog 1");
    await save("Backlog 2");
    await until(() => frames(watcher).filter((f) => f.event === "answer").length === 2);
    const resumed = fakeStream(from);
    await liveHub.subscribe(resumed);
    await save("Live 3");
    await until(() => frames(resumed).filter((f) => f.event === "answer").length === 3);
    await new Promise((r) => setTimeout(r, 200));
    const ids = frames(resumed).filter((f) => f.id !== undefined).map((f) => Number(f.id));
    expect(ids).toEqual((await responseEventsAfter(getDb(), organisationId, responseId, from, 100)).map((e) => e.id));
    expect(frames(resumed).filter((f) => f.event === "answer").map((f) => JSON.parse(f.data).payload.value)).toEqual(["Backlog 1", "Backlog 2", "Live 3"]);
    liveHub.unsubscribe(resumed);
    liveHub.unsubscribe(watcher);
  });

  it("an id beyond this log: `reset` with the newest id, and live from there", async () => {
    const latest = await latestEventId(getDb());
    const stream = fakeStream(latest + 1_000);
    await liveHub.subscribe(stream);
    expect(frames(stream)[0]).toEqual({ id: String(latest), event: "reset", data: "{}" });
    expect(stream.lastId).toBe(latest);
    liveHub.unsubscribe(stream);
  });

  it("a reader removed from the organisation: the hub ends their stream (not others'), at once when told of the change", async () => {
    const db = sqliteClient(getDb());
    const member = db.prepare("select user_id as id from memberships where organisation_id = ? and role = 'member' order by user_id limit 2").all(organisationId) as { id: number }[];
    const [gone, stays] = member.map((m) => m.id);
    const ended: number[] = [];
    const reader = async (userId: number) => ({ ...fakeStream((await latestEventId(getDb()))), userId, end: () => void ended.push(userId) });
    const a = await reader(gone!);
    const b = await reader(stays!);
    const anonymous = fakeStream((await latestEventId(getDb()))); // no reader named: never checked
    for (const s of [a, b, anonymous]) await liveHub.subscribe(s);
    liveHub.membershipsChanged();
    await new Promise((r) => setTimeout(r, 50));
    expect(ended).toEqual([]);
    db.prepare("delete from memberships where organisation_id = ? and user_id = ?").run(organisationId, gone);
    liveHub.membershipsChanged();
    await until(() => ended.length > 0);
    expect(ended).toEqual([gone]);
    for (const s of [a, b, anonymous]) liveHub.unsubscribe(s);
  });

  it("events older than a day are pruned, and a stream resuming from before them gets `reset`", async () => {
    expect(seededUpTo).toBeGreaterThan(0);
    // The tests above made the hub read the log at least once (it prunes on its first read).
    expect((await oldestEventId(getDb()))!).toBeGreaterThan(seededUpTo);
    expect((await responseEventsAfter(getDb(), organisationId, responseId, (await latestEventId(getDb())) - 3, 10)).length).toBeGreaterThan(0); // today's are kept
    const stream = fakeStream(1);
    await liveHub.subscribe(stream);
    expect(frames(stream)[0]).toEqual({ id: String((await latestEventId(getDb()))), event: "reset", data: "{}" });
    liveHub.unsubscribe(stream);
  });

  it("up to 500 missed events are replayed; 501 behind gets `reset` instead", async () => {
    const from = await latestEventId(getDb());
    for (let i = 0; i < 501; i++) await save(`Mange ${i}`);
    const ids = (await responseEventsAfter(getDb(), organisationId, responseId, from, 1_000)).map((e) => e.id);
    expect(ids).toHaveLength(501);
    const behind500 = fakeStream(ids[0]!);
    await liveHub.subscribe(behind500);
    expect(frames(behind500).filter((f) => f.event === "answer")).toHaveLength(500);
    expect(frames(behind500).some((f) => f.event === "reset")).toBe(false);
    const behind501 = fakeStream(from);
    await liveHub.subscribe(behind501);
    expect(frames(behind501)[0]).toEqual({ id: String(ids.at(-1)), event: "reset", data: "{}" });
    expect(frames(behind501).some((f) => f.event === "answer")).toBe(false);
    liveHub.unsubscribe(behind500);
    liveHub.unsubscribe(behind501);
  });

  it("a client with more than 1 MB unsent is cut off at the next write; below that it is served", async () => {
    const open = async (unsent: number) =>
      eventStreamResponse({
        request: new Request("http://x/events"),
        organisationId,
        responseId,
        // A reader who stays a member (the hub ends the streams of readers who are not).
        userId: (sqliteClient(getDb()).prepare("select user_id as id from memberships where organisation_id = ? and role = 'admin' limit 1").get(organisationId) as { id: number }).id,
        after: (await latestEventId(getDb())),
        stillAllowed: async () => true,
        bufferedBytes: () => unsent,
      });
    const slow = (await open(1024 * 1024 + 1)).body!.getReader();
    const fine = (await open(1024 * 1024)).body!.getReader();
    await save("Til begge");
    const read = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
      let text = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return { text, ended: true };
        text += new TextDecoder().decode(value);
        if (text.includes("Til begge")) return { text, ended: false };
      }
    };
    expect(await read(slow)).toMatchObject({ ended: true });
    expect((await read(fine)).text).toContain("Til begge");
    await fine.cancel();
  });

  it("a failing read in the poll timer is logged and retried; the stream goes on afterwards", async () => {
    const errors = vi.spyOn(logger(), "error").mockImplementation(() => {});
    const stream = fakeStream((await latestEventId(getDb())));
    await liveHub.subscribe(stream);
    // Another connection takes the log away for a moment (every read of it fails meanwhile).
    const other = new Database(process.env.DATABASE_URL!);
    other.exec("alter table response_events rename to response_events_away");
    await until(() => errors.mock.calls.length > 0);
    other.exec("alter table response_events_away rename to response_events");
    other.close();
    await save("Etter feilen");
    await until(() => frames(stream).some((f) => f.event === "answer" && JSON.parse(f.data).payload.value === "Etter feilen"));
    expect(errors.mock.calls[0]![0]).toMatchObject({ component: "live", err: expect.any(Error) });
    expect(String(errors.mock.calls[0]![1])).toContain("Live:");
    errors.mockRestore();
    liveHub.unsubscribe(stream);
  });
});
