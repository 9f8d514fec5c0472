/**
 * Issue 10: the SSE framing and presence grouping of the live hub, and the triggers of migration
 * 0010 on a real (seeded) SQLite file: one event per committed answer change, none for a save
 * that changes nothing, none at all while a whole response is deleted.
 */
import { afterEach, describe, expect, it } from "vitest";
import { frameEvent, presenceSnapshot } from "../../app/lib/live/hub.server";
import { latestEventId, leavePresenceUnlessRecent, presentTabs, touchPresence, type ResponseEvent } from "../../db/queries/live";
import { saveAnswer, startResponse } from "../../db/queries/responses";
import { organisations } from "../../db/schema";
import { openDemoDb, type DemoDb } from "../support/demo-db";
import { parseFrames } from "../support/sse";
import { sqliteClient } from "../../db/engine/sqlite";

describe("frameEvent", () => {
  const answer: ResponseEvent = {
    id: 262,
    responseId: 1,
    kind: "answer",
    subject: "kap3-tiltak-1.feedback",
    actorId: 2,
    payload: '{"value":"Live test","version":2,"by":"Emil Styremedlem","at":1795471220570}',
  };

  it("frames an answer as one SSE event: id, kind, JSON data with subject, actor and the payload as stored", () => {
    expect(frameEvent(answer)).toBe(
      'id: 262\nevent: answer\ndata: {"subject":"kap3-tiltak-1.feedback","actor":2,"payload":{"value":"Live test","version":2,"by":"Emil Styremedlem","at":1795471220570}}\n\n',
    );
  });

  it("names no actor for other kinds (members' views are not attributed); a missing subject is null", () => {
    const view = frameEvent({ ...answer, id: 7, kind: "view", subject: "kap3-tiltak-2", actorId: 5, payload: "{}" });
    expect(JSON.parse(parseFrames(view).frames[0]!.data)).toEqual({ subject: "kap3-tiltak-2", actor: null, payload: {} });
    const reference = frameEvent({ ...answer, id: 8, kind: "reference", subject: null, actorId: null, payload: "{}" });
    expect(parseFrames(reference).frames).toEqual([{ id: "8", event: "reference", data: '{"subject":null,"actor":null,"payload":{}}' }]);
  });

  it("text with blank lines, quotes and an SSE-looking line stays inside one frame's data", () => {
    const value = 'Første avsnitt\n\nid: 999\nevent: reset\n\n"sitat" \\ slutt';
    const framed = frameEvent({ ...answer, subject: 'weird"\nkey', payload: JSON.stringify({ value, version: 3, by: null, at: 1 }) });
    const { frames, rest } = parseFrames(framed);
    expect(rest).toBe("");
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ id: "262", event: "answer" });
    expect(JSON.parse(frames[0]!.data)).toEqual({ subject: 'weird"\nkey', actor: 2, payload: { value, version: 3, by: null, at: 1 } });
  });
});

describe("presenceSnapshot", () => {
  it("one entry per user in the order given, with the distinct sections and questions of their tabs", () => {
    const tab = (userId: number, name: string, sectionId: string | null, questionKey: string | null) => ({ responseId: 1, userId, name, sectionId, questionKey });
    expect(
      presenceSnapshot([
        tab(3, "Anne", "kap3", "kap3-tiltak-1.support"),
        tab(3, "Anne", "kap3", "kap3-tiltak-2.support"),
        tab(3, "Anne", "kap4", "kap3-tiltak-1.support"),
        tab(2, "Bo", null, null),
        tab(4, "Cato", "kap5", null),
      ]),
    ).toEqual([
      { id: 3, name: "Anne", sections: ["kap3", "kap4"], questions: ["kap3-tiltak-1.support", "kap3-tiltak-2.support"] },
      { id: 2, name: "Bo", sections: [], questions: [] },
      { id: 4, name: "Cato", sections: ["kap5"], questions: [] },
    ]);
    expect(presenceSnapshot([])).toEqual([]);
  });
});

describe("the event triggers (migration 0010) on a seeded database", () => {
  let demo: DemoDb | undefined;
  afterEach(() => demo?.close());

  const eventsAfter = (after: number) =>
    sqliteClient(demo!.db)
      .prepare("select id, organisation_id as organisationId, response_id as responseId, kind, subject, actor_id as actorId, payload from response_events where id > ? order by id")
      .all(after) as (ResponseEvent & { organisationId: number })[];
  const sequence = () =>
    (sqliteClient(demo!.db).prepare("select seq from sqlite_sequence where name = 'response_events'").get() as { seq: number } | undefined)?.seq ?? 0;

  it("an answer's insert and update each write one `answer` event with value, version and author; an unchanged save writes none", async () => {
    demo = await openDemoDb();
    const { db, organisationId, responseId } = demo;
    const client = sqliteClient(db);
    const user = client.prepare("select id, name from users where email = 'styret@demo.no'").get() as { id: number; name: string };
    const key = "kap3-tiltak-1.feedback-live";
    expect(client.prepare("select count(*) as n from answers where question_key = ?").get(key)).toEqual({ n: 0 });

    let before = await latestEventId(db);
    const at = new Date("2026-11-23T12:00:00Z");
    expect((await saveAnswer(db, { organisationId, responseId, key, value: "Første", baseVersion: 0, userId: user.id, now: at }))).toMatchObject({ status: "saved", version: 1 });
    let events = eventsAfter(before);
    expect(events.filter((e) => e.kind === "answer")).toEqual([
      {
        id: expect.any(Number),
        organisationId,
        responseId,
        kind: "answer",
        subject: key,
        actorId: user.id,
        payload: JSON.stringify({ value: "Første", version: 1, by: user.name, at: at.getTime() }),
      },
    ]);
    // Whatever else the save touched (its work status), it is logged for the same response.
    expect(events.every((e) => e.responseId === responseId && e.organisationId === organisationId)).toBe(true);

    before = (await latestEventId(db));
    expect((await saveAnswer(db, { organisationId, responseId, key, value: "Andre\n\nlinje", baseVersion: 1, userId: user.id, now: at }))).toMatchObject({ status: "saved", version: 2 });
    events = eventsAfter(before).filter((e) => e.kind === "answer");
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.payload)).toEqual({ value: "Andre\n\nlinje", version: 2, by: user.name, at: at.getTime() });

    // Non-text values are stored as JSON, not as a string of JSON.
    before = (await latestEventId(db));
    await saveAnswer(db, { organisationId, responseId, key: "kap3.priority-live", value: ["kap3-tiltak-2", "kap3-tiltak-1"], baseVersion: 0, userId: null });
    const ranking = eventsAfter(before).find((e) => e.kind === "answer")!;
    expect(ranking.actorId).toBeNull();
    expect(JSON.parse(ranking.payload)).toMatchObject({ value: ["kap3-tiltak-2", "kap3-tiltak-1"], version: 1, by: null });

    // The same value again, a stale save, and a touch of only updated_at: nothing logged.
    const seq = sequence();
    expect((await saveAnswer(db, { organisationId, responseId, key, value: "Andre\n\nlinje", baseVersion: 2, userId: user.id }))).toMatchObject({ status: "saved", unchanged: true });
    expect((await saveAnswer(db, { organisationId, responseId, key, value: "Gammel", baseVersion: 1, userId: user.id })).status).toBe("conflict");
    client.prepare("update answers set updated_at = updated_at + 1 where question_key = ?").run(key);
    expect(sequence()).toBe(seq);
  });

  it("a rolled-back write leaves no event", async () => {
    demo = await openDemoDb();
    const { db, responseId } = demo;
    const seq = sequence();
    expect(() =>
      sqliteClient(db).transaction(() => {
        sqliteClient(db).prepare("update answers set value = json_quote('Rulles tilbake'), version = version + 1 where response_id = ? and question_key = 'kap3-tiltak-1.feedback'").run(responseId);
        throw new Error("abort");
      })(),
    ).toThrow("abort");
    expect(sequence()).toBe(seq);
  });

  it("deleting a whole response writes nothing while its rows cascade away; another response's events stay", async () => {
    demo = await openDemoDb();
    const { db, organisationId, responseId } = demo;
    const client = sqliteClient(db);
    // Another organisation's response to the same consultation, with an event of its own.
    const otherOrg = (await db.insert(organisations).values({ name: "Annen", slug: "annen" }).returning({ id: organisations.id }))[0]!.id;
    const version = (client.prepare("select consultation_version_id as id from responses where id = ?").get(responseId) as { id: number }).id;
    const other = await startResponse(db, otherOrg, version, null);
    await saveAnswer(db, { organisationId: otherOrg, responseId: other, key: "kap3-tiltak-1.feedback", value: "Beholdes", baseVersion: 0, userId: null });
    await touchPresence(db, { organisationId, responseId, userId: 1, tabId: "tab-12345", sectionId: "kap3", questionKey: null });
    const otherEvents = eventsAfter(0).filter((e) => e.responseId === other);
    expect(otherEvents.length).toBeGreaterThan(0);

    // The demo response has rows of every kind whose deletion a trigger would otherwise log.
    const count = (table: string) => (client.prepare(`select count(*) as n from ${table} where response_id = ?`).get(responseId) as { n: number }).n;
    for (const table of ["answers", "question_work", "comment_threads", "member_positions", "member_rankings"]) expect(count(table), table).toBeGreaterThan(0);
    expect(count("response_events")).toBeGreaterThan(0);

    // On its own, deleting one of those rows is logged (so the silence below is the cascade's).
    const work = client.prepare("select question_key as k from question_work where response_id = ? limit 1").get(responseId) as { k: string };
    const beforeOne = await latestEventId(db);
    client.prepare("delete from question_work where response_id = ? and question_key = ?").run(responseId, work.k);
    expect(eventsAfter(beforeOne).map((e) => [e.kind, e.subject])).toEqual([["work", work.k]]);

    const seq = sequence();
    expect(client.prepare("delete from responses where id = ?").run(responseId).changes).toBe(1);
    // No event was inserted at all (the sequence would have moved even if the row cascaded away).
    expect(sequence()).toBe(seq);
    for (const table of ["answers", "question_work", "comment_threads", "member_positions", "member_rankings", "response_events"]) expect(count(table), table).toBe(0);
    expect(eventsAfter(0)).toEqual(otherEvents);
    expect((await presentTabs(db, [responseId]))).toEqual([]);
  });
});

describe("a tab whose stream ends from its side", () => {
  let demo: DemoDb | undefined;
  afterEach(() => demo?.close());

  it("leaves the chips, unless it said 'here' within the grace period (a reload whose new page reported first)", async () => {
    demo = await openDemoDb();
    const { db, organisationId, responseId } = demo;
    const tab = (tabId: string) => ({ organisationId, responseId, userId: 1, tabId, sectionId: "kap3", questionKey: null });
    await touchPresence(db, tab("closedtab"), 10_000);
    await touchPresence(db, tab("reloadedtab"), 14_500);
    expect((await leavePresenceUnlessRecent(db, 1, "closedtab", 2_000, 15_000))).toBe(true);
    expect((await leavePresenceUnlessRecent(db, 1, "reloadedtab", 2_000, 15_000))).toBe(false);
    expect((await presentTabs(db, [responseId], 15_000))).toHaveLength(1);
  });
});
