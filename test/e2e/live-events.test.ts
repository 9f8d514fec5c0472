/**
 * Issue 10, the live stream (`GET …/events`, Server-Sent Events) and presence (`POST …/presence`)
 * against the built server: what a save sends and to whom, resuming with Last-Event-ID / ?after=
 * without losses or duplicates, two server processes on one database, who may listen (and that a
 * removed reader's stream ends within a second, a signed-out one at the next heartbeat), presence snapshots, and the
 * events of write paths other than autosave.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, signIn, signUp, startServer, type TestServer } from "../support/server";
import { decodeSingleFetch, type SaveReply } from "../support/single-fetch";
import { serverDb, type ServerDb } from "../support/server-db";
import { openSse, type SseFrame, type SseStream } from "../support/sse";

const ORG = "nmf-demo";
const RESPONSE = `/o/${ORG}/r/1`;
const EVENTS = `${RESPONSE}/events`;
const PRESENCE = `${RESPONSE}/presence`;
const PRESENCE_TTL_MS = 2_500;

interface AnswerEvent {
  subject: string;
  actor: number | null;
  payload: { value: unknown; version: number; by: string | null; at: number };
}
interface PresentUser {
  id: number;
  name: string;
  sections: string[];
  questions: string[];
}

let a: TestServer;
let b: TestServer;
let db: ServerDb;
const cookies: Record<string, string> = {};
const open: SseStream[] = [];

const userId = async (email: string) => (await db.get<{ id: number }>("select id from users where email = ?", email))!.id;
const answerVersion = async (key: string) =>
  (await db.get<{ version: number }>("select version from answers where response_id = 1 and question_key = ?", key))?.version ?? 0;
const workVersion = async (key: string) =>
  (await db.get<{ version: number }>("select version from question_work where response_id = 1 and question_key = ?", key))?.version ?? 0;

/** Opens the response's stream as `who` (a cookie name), closed after the tests. */
async function listen(who: string | undefined, options: { server?: TestServer; headers?: Record<string, string>; query?: string } = {}) {
  const server = options.server ?? a;
  const stream = await openSse(`${server.url}${EVENTS}${options.query ?? ""}`, { ...(who ? { cookie: cookies[who]! } : {}), ...options.headers });
  open.push(stream);
  return stream;
}

/** Open and past the first presence snapshot: the stream is subscribed, later commits reach it. */
async function connected(who: string, options: Parameters<typeof listen>[1] = {}) {
  const stream = await listen(who, options);
  expect(stream.status).toBe(200);
  await stream.next((f) => f.event === "presence");
  return stream;
}

/** Autosave of one field as the chapter page's fetcher sends it (`POST <chapter>.data`). */
async function autosave(who: string, key: string, value: string, server: TestServer = a) {
  const [section] = key.split("-");
  const field = key.replace(".", "__");
  const res = await fetch(`${server.url}${RESPONSE}/c/${section}.data`, {
    method: "POST",
    headers: { cookie: cookies[who]! },
    body: new URLSearchParams({ intent: "save", autosave: "1", [field]: value, [`v.${field}`]: String(await answerVersion(key)) }),
  });
  const reply = decodeSingleFetch(await res.text()) as SaveReply;
  expect(res.status, JSON.stringify(reply)).toBe(200);
  return reply.versions![field]!;
}

async function post(path: string, who: string | undefined, body: Record<string, string>, server: TestServer = a) {
  const res = await formRequest(server.url, path, { body, cookie: who ? cookies[who] : undefined });
  return { status: res.res.status, text: res.html, location: res.res.headers.get("location") };
}

const isAnswer = (subject: string, value?: string) => (f: SseFrame) =>
  f.event === "answer" && (JSON.parse(f.data) as AnswerEvent).subject === subject && (value === undefined || (JSON.parse(f.data) as AnswerEvent).payload.value === value);
const presenceWhere = (test: (users: PresentUser[]) => boolean) => (f: SseFrame) => f.event === "presence" && test(JSON.parse(f.data) as PresentUser[]);

beforeAll(async () => {
  a = await startServer({ LIVE_HEARTBEAT_MS: "300", PRESENCE_TTL_MS: String(PRESENCE_TTL_MS) });
  // A second process on the same database file (as a second machine would be).
  b = await startServer({ LIVE_HEARTBEAT_MS: "300", PRESENCE_TTL_MS: String(PRESENCE_TTL_MS) }, { dbFile: a.dbFile });
  db = await serverDb(a.dbFile, { readonly: true });
  const who = {
    admin: "admin@demo.no",
    editor: "styret@demo.no",
    secretariat: "sekretariat@demo.no",
    member: "medlem@demo.no",
    viewer: "leser@demo.no",
    kari: "kari@demo.no",
    removed: "thea@demo.no",
    signedOut: "sindre@demo.no",
    idle: "nora@demo.no",
  };
  for (const [name, email] of Object.entries(who)) cookies[name] = await signIn(a.url, email);
  cookies.foreign = (await signUp(a, { email: "leder@annen.no", name: "Annen Leder", password: "annen-passord-123" })).cookie;
  expect((await post("/orgs/new", "foreign", { name: "Annen forening" })).status).toBe(302);
}, 120_000);

afterAll(async () => {
  for (const stream of open) stream.close();
  await db?.close();
  await b?.stop();
  await a?.stop();
});

const heartbeatsAfter = (stream: { frames: { event?: string; comment?: string }[] }, from: number) =>
  stream.frames.slice(from).filter((f) => f.comment === "♥").length;

describe("an editor's save reaches a connected stream", () => {
  it("as an `answer` event with an id, the new value and version; an unbuffered, uncompressed event stream", async () => {
    const stream = await listen("editor");
    expect(stream.status).toBe(200);
    expect(stream.res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.res.headers.get("cache-control")).toContain("no-store");
    // Asked with Accept-Encoding: gzip, br — compression would hold events back until a buffer fills.
    expect(stream.res.headers.get("content-encoding")).toBeNull();
    const first = await stream.next();
    expect(first.retry).toBeGreaterThan(0);
    await stream.next((f) => f.event === "presence");

    const version = await autosave("editor", "kap3-tiltak-1.feedback", "Live test A");
    const frame = await stream.next(isAnswer("kap3-tiltak-1.feedback"));
    expect(frame.id).toMatch(/^\d+$/);
    const event = JSON.parse(frame.data) as AnswerEvent;
    expect(event).toMatchObject({ subject: "kap3-tiltak-1.feedback", actor: await userId("styret@demo.no"), payload: { value: "Live test A", version, by: "Emil Styremedlem" } });
    expect(version).toBe(await answerVersion("kap3-tiltak-1.feedback"));
    expect(Number(frame.id)).toBe((await db.get<{ id: number }>("select max(id) as id from response_events where kind = 'answer'"))!.id);
  });
});

describe("resuming after a dropped connection", () => {
  /** Everything with an id that arrives on `stream` until both `keys` have an answer event, then a little more. */
  async function collectUntil(stream: SseStream, keys: string[]) {
    for (const key of keys) await stream.next(isAnswer(key));
    await new Promise((r) => setTimeout(r, 400)); // anything sent twice would be here by now
    return stream.frames.filter((f) => f.id !== undefined && f.event !== "reset");
  }

  it("Last-Event-ID: the missed events arrive once each, in id order, none seen before", async () => {
    const first = await connected("editor");
    await autosave("editor", "kap3-tiltak-1.feedback", "Før bruddet");
    const seen = await first.next(isAnswer("kap3-tiltak-1.feedback", "Før bruddet"));
    first.close();
    await first.ended;
    // Saved while nobody listens.
    const v2 = await autosave("editor", "kap3-tiltak-2.feedback", "Mens borte 1");
    const v3 = await autosave("editor", "kap3-tiltak-3.feedback", "Mens borte 2");

    const resumed = await listen("editor", { headers: { "Last-Event-ID": seen.id! } });
    expect(resumed.status).toBe(200);
    const frames = await collectUntil(resumed, ["kap3-tiltak-2.feedback", "kap3-tiltak-3.feedback"]);
    const ids = frames.map((f) => Number(f.id));
    expect(ids.every((id) => id > Number(seen.id))).toBe(true);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    const answers = frames.filter((f) => f.event === "answer").map((f) => JSON.parse(f.data) as AnswerEvent);
    expect(answers.map((e) => [e.subject, e.payload.value, e.payload.version])).toEqual([
      ["kap3-tiltak-2.feedback", "Mens borte 1", v2],
      ["kap3-tiltak-3.feedback", "Mens borte 2", v3],
    ]);
    // Exactly what the log holds for this response after the id seen.
    const logged = await db.all<{ id: number }>("select id from response_events where response_id = 1 and id > ? order by id", Number(seen.id));
    expect(ids).toEqual(logged.map((r) => r.id));

    // ?after= (the id the page's loader read) starts at the same place.
    const after = await listen("editor", { query: `?after=${seen.id}` });
    const same = await collectUntil(after, ["kap3-tiltak-2.feedback", "kap3-tiltak-3.feedback"]);
    expect(same.map((f) => [f.id, f.event, f.data])).toEqual(frames.map((f) => [f.id, f.event, f.data]));
    resumed.close();
    after.close();
  });

  it("a Last-Event-ID or ?after= that is not an event id → 400 naming it", async () => {
    for (const options of [{ headers: { "Last-Event-ID": "abc" } }, { query: "?after=abc" }, { query: "?after=-1" }]) {
      const stream = await listen("editor", options);
      expect(stream.status).toBe(400);
      const text = await stream.res.text();
      expect(text).toContain("Last-Event-ID");
      expect(text).toContain("after");
      expect(text).toContain(options.headers ? "abc" : options.query.slice(7));
    }
  });

  it("an id from the future (another database) → a `reset` event, then live from now", async () => {
    const stream = await listen("editor", { headers: { "Last-Event-ID": "999999999" } });
    const reset = await stream.next((f) => f.event === "reset");
    const latest = (await db.get<{ id: number }>("select max(id) as id from response_events"))!.id;
    expect(Number(reset.id)).toBeGreaterThanOrEqual(latest);
    await autosave("editor", "kap3-tiltak-1.feedback", "Etter reset");
    await stream.next(isAnswer("kap3-tiltak-1.feedback", "Etter reset"));
    stream.close();
  });
});

describe("two server processes on one database file", () => {
  it("a save through server A reaches a stream connected to server B, and the other way round", async () => {
    const onB = await connected("editor", { server: b });
    const onA = await connected("editor", { server: a });
    await autosave("editor", "kap3-tiltak-4.feedback", "Via A", a);
    await onB.next(isAnswer("kap3-tiltak-4.feedback", "Via A"));
    await autosave("editor", "kap3-tiltak-4.feedback", "Via B", b);
    await onA.next(isAnswer("kap3-tiltak-4.feedback", "Via B"));
    onA.close();
    onB.close();
  });
});

describe("who may listen", () => {
  it("signed out → 401, not a redirect", async () => {
    const stream = await listen(undefined);
    expect(stream.status).toBe(401);
    expect(stream.res.headers.get("location")).toBeNull();
    expect(await stream.res.text()).toMatch(/sign in/i);
  });

  it("another organisation's admin → 404 for the events and for presence", async () => {
    const stream = await listen("foreign");
    expect(stream.status).toBe(404);
    stream.close();
    for (const intent of ["here", "leave"]) expect((await post(PRESENCE, "foreign", { intent, tab: "foreign-tab-1" })).status).toBe(404);
    // Nothing of theirs is present on the demo response.
    const foreignId = await userId("leder@annen.no");
    expect(await db.get("select count(*) as n from presence where user_id = ?", foreignId)).toEqual({ n: 0 });
  });

  it("a member and a viewer receive the same answer events (ids and data) as an editor", async () => {
    const streams = { editor: await connected("editor"), member: await connected("member"), viewer: await connected("viewer") };
    await autosave("editor", "kap3-tiltak-5.feedback", "Alle ser dette");
    const got = await Promise.all(Object.values(streams).map((s) => s.next(isAnswer("kap3-tiltak-5.feedback", "Alle ser dette"))));
    expect(got[1]).toEqual(got[0]);
    expect(got[2]).toEqual(got[0]);
    for (const s of Object.values(streams)) s.close();
  });

  it("a member removed from the organisation: their stream ends at the next heartbeat; others go on", async () => {
    const removed = await connected("removed");
    const editor = await connected("editor");
    await removed.next((f) => f.event === "comment" && f.comment === "♥"); // alive, heartbeating
    const theaId = await userId("thea@demo.no");
    const version = (await db.get<{ version: number }>("select m.version from memberships m join organisations o on o.id = m.organisation_id where o.slug = ? and m.user_id = ?", ORG, theaId))!.version;
    const before = removed.frames.length;
    expect((await post(`/o/${ORG}/members`, "admin", { intent: "remove", userId: String(theaId), version: String(version) })).status).toBe(302);
    await removed.ended;
    // Counted, not timed: at most one heartbeat went out after the removal (the recheck ends it).
    expect(heartbeatsAfter(removed, before)).toBeLessThanOrEqual(1);
    expect(editor.isEnded()).toBe(false);
    await autosave("editor", "kap3-tiltak-6.feedback", "Etter fjerning");
    await editor.next(isAnswer("kap3-tiltak-6.feedback", "Etter fjerning"));
    expect(removed.frames.some(isAnswer("kap3-tiltak-6.feedback"))).toBe(false);
    // Reconnecting is refused now.
    expect((await listen("removed")).status).toBe(404);
    editor.close();
  });

  it("a reader who signs out: their stream ends at the next heartbeat", async () => {
    const stream = await connected("signedOut");
    await stream.next((f) => f.event === "comment");
    const before = stream.frames.length;
    expect((await post("/logout", "signedOut", {})).status).toBe(302);
    await stream.ended;
    expect(heartbeatsAfter(stream, before)).toBeLessThanOrEqual(1);
    expect((await listen("signedOut")).status).toBe(401);
  });

  it("an open stream and presence heartbeats do not keep an idle session alive; past the idle timeout the stream ends", async () => {
    const session = (await db.get<{ id: string }>("select id from sessions where user_id = ? order by created_at desc limit 1", await userId("nora@demo.no")))!;
    const writable = await serverDb(a.dbFile);
    const lastSeen = async () => (await db.get<{ t: number }>("select last_seen_at as t from sessions where id = ?", session.id))!.t;
    try {
      const fiveMinutesAgo = Date.now() - 5 * 60_000;
      await writable.run("update sessions set last_seen_at = ? where id = ?", fiveMinutesAgo, session.id);
      const stream = await connected("idle");
      // Several heartbeat rechecks (every 300 ms here) and a presence report: none is the user's doing.
      for (let i = 0; i < 3; i++) await stream.next((f) => f.event === "comment");
      expect((await post(PRESENCE, "idle", { intent: "here", tab: "nora-tab-01" })).status).toBe(204);
      expect(await lastSeen()).toBe(fiveMinutesAgo);
      // A page the user opens does count.
      expect((await formRequest(a.url, RESPONSE, { cookie: cookies.idle })).res.status).toBe(200);
      expect(await lastSeen()).toBeGreaterThan(fiveMinutesAgo);
      // Idle for longer than the timeout (8 hours): the next recheck ends the stream.
      await writable.run("update sessions set last_seen_at = ? where id = ?", Date.now() - 8 * 3_600_000 - 60_000, session.id);
      await stream.ended;
      expect((await listen("idle")).status).toBe(401);
    } finally {
      await writable.close();
    }
  });
});

describe("presence", () => {
  it("here with a section and question → a snapshot naming the user there; leave → a snapshot without them", async () => {
    const stream = await connected("editor");
    const memberId = await userId("medlem@demo.no");
    const here = await post(PRESENCE, "member", { intent: "here", tab: "medlem-tab-1", section: "kap3", question: "kap3-tiltak-1.support" });
    expect(here.status).toBe(204);
    const frame = await stream.next(presenceWhere((users) => users.some((u) => u.id === memberId)));
    const member = (JSON.parse(frame.data) as PresentUser[]).find((u) => u.id === memberId);
    expect(member).toEqual({ id: memberId, name: member!.name, sections: ["kap3"], questions: ["kap3-tiltak-1.support"] });
    expect(member!.name).toBe((await db.get<{ name: string }>("select name from users where id = ?", memberId))!.name);
    // Moving to another question replaces the tab's place.
    expect((await post(PRESENCE, "member", { intent: "here", tab: "medlem-tab-1", section: "kap4", question: "kap4-tiltak-1.support" })).status).toBe(204);
    const moved = await stream.next(presenceWhere((users) => users.some((u) => u.id === memberId && u.sections.includes("kap4"))));
    expect((JSON.parse(moved.data) as PresentUser[]).find((u) => u.id === memberId)).toMatchObject({ sections: ["kap4"], questions: ["kap4-tiltak-1.support"] });
    expect((await post(PRESENCE, "member", { intent: "leave", tab: "medlem-tab-1" })).status).toBe(204);
    await stream.next(presenceWhere((users) => !users.some((u) => u.id === memberId)));
    stream.close();
  });

  it("a viewer may be present; a tab that stops heartbeating is gone after the TTL", async () => {
    const stream = await connected("editor");
    const viewerId = await userId("leser@demo.no");
    expect((await post(PRESENCE, "viewer", { intent: "here", tab: "leser-tab-01", section: "kap2" })).status).toBe(204);
    await stream.next(presenceWhere((users) => users.some((u) => u.id === viewerId && u.sections[0] === "kap2" && u.questions.length === 0)));
    // Not dropped at once: a snapshot another reader's report sends still names the viewer.
    const kariId = await userId("kari@demo.no");
    expect((await post(PRESENCE, "kari", { intent: "here", tab: "kari-ttl-tab", section: "kap5" })).status).toBe(204);
    const both = await stream.next(presenceWhere((users) => users.some((u) => u.id === kariId)));
    expect((JSON.parse(both.data) as PresentUser[]).some((u) => u.id === viewerId)).toBe(true);
    expect((await post(PRESENCE, "kari", { intent: "leave", tab: "kari-ttl-tab" })).status).toBe(204);
    await stream.next(presenceWhere((users) => !users.some((u) => u.id === viewerId)), PRESENCE_TTL_MS + 3_000);
    stream.close();
  });

  it("a new stream's first snapshot already names who is here", async () => {
    const kariId = await userId("kari@demo.no");
    expect((await post(PRESENCE, "kari", { intent: "here", tab: "kari_tab_01", section: "kap5" })).status).toBe(204);
    const stream = await listen("viewer");
    const first = await stream.next((f) => f.event === "presence");
    expect((JSON.parse(first.data) as PresentUser[]).some((u) => u.id === kariId)).toBe(true);
    expect((await post(PRESENCE, "kari", { intent: "leave", tab: "kari_tab_01" })).status).toBe(204);
    stream.close();
  });

  it("bad tab, intent, section or question → 400 naming the field; nothing stored", async () => {
    const count = async () => (await db.get<{ n: number }>("select count(*) as n from presence"))!.n;
    const before = await count();
    const cases: [Record<string, string>, string][] = [
      [{ intent: "here", tab: "short" }, "tab"],
      [{ intent: "here", tab: "has spaces in it" }, "tab"],
      [{ intent: "here" }, "tab"],
      [{ intent: "gone", tab: "valid-tab-1" }, "intent"],
      [{ tab: "valid-tab-1" }, "intent"],
      [{ intent: "here", tab: "valid-tab-1", section: "kap 3" }, "section"],
      [{ intent: "here", tab: "valid-tab-1", question: "<script>" }, "question"],
    ];
    for (const [body, field] of cases) {
      const res = await post(PRESENCE, "editor", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.text).toContain(`${field}:`);
    }
    expect(await count()).toBe(before);
  });
});

describe("the events of other write paths", () => {
  it("a status change in the cockpit → `work`; a comment → `thread` and `comment`; a member's view → `view` (no actor)", async () => {
    const stream = await connected("viewer");
    const key = "kap5-tiltak-1.feedback";
    const status = await post(`${RESPONSE}/work`, "secretariat", { intent: "set-status", status: "review", item: `${key}@${await workVersion(key)}` });
    expect(status.status).toBe(302);
    const work = await stream.next((f) => f.event === "work" && JSON.parse(f.data).subject === key);
    expect(work.id).toMatch(/^\d+$/);

    expect((await post(`${RESPONSE}/q/kap3-tiltak-1.support`, "kari", { intent: "comment", body: "Live kommentar" })).status).toBe(302);
    await stream.next((f) => f.event === "thread" && JSON.parse(f.data).subject === "kap3-tiltak-1.support");
    await stream.next((f) => f.event === "comment" && JSON.parse(f.data).subject === "kap3-tiltak-1.support");

    const positionVersion =
      (await db.get<{ version: number }>("select version from member_positions where response_id = 1 and user_id = ? and measure_id = 'kap3-tiltak-2'", await userId("medlem@demo.no")))?.version ?? 0;
    const view = await post(`${RESPONSE}/c/kap3/mine`, "member", { intent: "position", measure: "kap3-tiltak-2", view: "no", version: String(positionVersion), back: "chapter" });
    expect(view.status, view.text.slice(0, 300)).toBe(302);
    const frame = await stream.next((f) => f.event === "view");
    // Members' views are not attributed on the stream.
    expect(JSON.parse(frame.data)).toEqual({ subject: "kap3-tiltak-2", actor: null, payload: {} });
    stream.close();
  });

  it("the section form without JavaScript → `answer`; clearing the internal deadline → `response`", async () => {
    const stream = await connected("member");
    const key = "kap3-tiltak-7.feedback";
    const field = "kap3-tiltak-7__feedback";
    const saved = await post(`${RESPONSE}/c/kap3`, "editor", { intent: "save", [field]: "Uten JavaScript", [`v.${field}`]: String(await answerVersion(key)) });
    expect(saved.status, saved.text.slice(0, 300)).toBe(302);
    const frame = await stream.next(isAnswer(key, "Uten JavaScript"));
    expect(JSON.parse(frame.data).payload.version).toBe(await answerVersion(key));

    const version = (await db.get<{ version: number }>("select version from responses where id = 1"))!.version;
    const deadline = await post(`${RESPONSE}/submission`, "secretariat", { intent: "deadline", internalDeadline: "", version: String(version) });
    expect(deadline.status, deadline.text.slice(0, 300)).toBe(302);
    await stream.next((f) => f.event === "response");
    stream.close();
  });
});
