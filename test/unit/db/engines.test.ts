/**
 * Issue 25: one data layer, two engines. The same scenarios through the real query functions on
 * SQLite (a file) and on PostgreSQL (a throwaway cluster, test/support/postgres.ts): the demo seed,
 * answer versions and conflicts, history, the submission lock, transactions (all-or-nothing,
 * savepoints), concurrent writers (no lost update, no skipped or repeated version), the live event
 * log and presence, comment threads and notifications, the outbox, rate limits, and the inserts
 * that leave columns to the table's defaults.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, transaction, type Db } from "../../../db/client";
import { isPostgres } from "../../../db/engine/kind";
import { isLocked, ResponseLockedError, reopenResponse, submitResponse, answersMark, setWork, getWork } from "../../../db/queries/cockpit";
import { insertComment, insertNotifications, insertThread, listThreads, setThreadStatus, threadCounts, unreadCount } from "../../../db/queries/discussion";
import { allEventsAfter, latestEventId, leavePresenceUnlessRecent, presentTabs, prunePresence, readersStillMembers, touchPresence } from "../../../db/queries/live";
import { getAnswers, listRevisions, saveAnswer } from "../../../db/queries/responses";
import { organisations, rateLimitHits, users } from "../../../db/schema";
import { seedDemo } from "../../../db/seed";
import { loadTemplates } from "../../../db/templates";
import { outboxCounts, queueMail } from "../../../app/lib/mail/outbox.server";
import { consumeRateLimit } from "../../../app/lib/security/rate-limit.server";
import { formItems } from "../../../consultation/form";
import { lis1Template } from "../../support/fixtures";
import { testDatabase, type TestDatabase } from "../../support/postgres";

const KEY = "kap3-tiltak-1.feedback";
const EDITOR = 2; // styret@demo.no
const SECRETARIAT = 3;

interface Opened {
  db: Db;
  organisationId: number;
  responseId: number;
}

let cluster: TestDatabase | undefined;
const dir = mkdtempSync(path.join(tmpdir(), "hs-engines-"));
const open: Db[] = [];

async function fresh(engine: "sqlite" | "postgres"): Promise<Opened> {
  let target: string;
  if (engine === "sqlite") target = path.join(mkdtempSync(path.join(dir, "s-")), "db.sqlite");
  else {
    cluster ??= await testDatabase();
    target = await cluster.another();
  }
  const db = openDatabase(target);
  open.push(db);
  await loadTemplates(db);
  const seeded = await seedDemo(db);
  if (!seeded) throw new Error("the demo seed did not run on a fresh database");
  return { db, ...seeded };
}

afterAll(async () => {
  for (const db of open) await closeDatabase(db);
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

const current = async (o: Opened, key = KEY) => (await getAnswers(o.db, o.organisationId, o.responseId, [key])).get(key)?.version ?? 0;

describe.each(["sqlite", "postgres"] as const)("on %s", (engine) => {
  let o: Opened;
  beforeAll(async () => {
    o = await fresh(engine);
  }, 180_000);

  it("opens the engine the target names", () => {
    expect(isPostgres(o.db)).toBe(engine === "postgres");
  });

  it("seeds the demo: the same answers as the other engine", async () => {
    const answers = await getAnswers(o.db, o.organisationId, o.responseId);
    expect(answers.size).toBeGreaterThan(20);
    const other = await fresh(engine === "sqlite" ? "postgres" : "sqlite");
    const theirs = await getAnswers(other.db, other.organisationId, other.responseId);
    const shape = (m: typeof answers) => [...m].map(([k, a]) => [k, a.value, a.version, a.updatedByName, a.updatedAt instanceof Date]).sort();
    expect(shape(answers)).toEqual(shape(theirs));
  }, 180_000);

  it("saves with versions, refuses a stale base (409), acknowledges an unchanged value, keeps history", async () => {
    const base = await current(o);
    const saved = await saveAnswer(o.db, { organisationId: o.organisationId, responseId: o.responseId, key: KEY, value: "første", baseVersion: base, userId: EDITOR });
    expect(saved).toEqual({ status: "saved", version: base + 1, unchanged: false });
    const stale = await saveAnswer(o.db, { organisationId: o.organisationId, responseId: o.responseId, key: KEY, value: "annen", baseVersion: base, userId: EDITOR });
    expect(stale.status).toBe("conflict");
    if (stale.status === "conflict") expect(stale.current).toMatchObject({ value: "første", version: base + 1 });
    const same = await saveAnswer(o.db, { organisationId: o.organisationId, responseId: o.responseId, key: KEY, value: "første", baseVersion: base + 1, userId: EDITOR });
    expect(same).toEqual({ status: "saved", version: base + 1, unchanged: true });
    const history = await listRevisions(o.db, o.organisationId, o.responseId, KEY);
    expect(history.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: base + 1 }, (_, i) => i + 1));
    expect(history.find((r) => r.version === base + 1)).toMatchObject({ value: "første", source: "form" });
  });

  it("a new answer (no row yet) is inserted at version 1, with its work status made a draft", async () => {
    const answered = await getAnswers(o.db, o.organisationId, o.responseId);
    const worked = await getWork(o.db, o.organisationId, o.responseId);
    const key = formItems(lis1Template()).map((i) => i.key).find((k) => !answered.has(k) && !worked.has(k))!;
    expect(key).toBeDefined();
    const saved = await saveAnswer(o.db, { organisationId: o.organisationId, responseId: o.responseId, key, value: "ny", baseVersion: 0, userId: SECRETARIAT });
    expect(saved).toEqual({ status: "saved", version: 1, unchanged: false });
    expect((await getWork(o.db, o.organisationId, o.responseId, [key])).get(key)?.status).toBe("draft");
  });

  it("concurrent saves from one base: exactly one wins, the rest conflict", async () => {
    const base = await current(o);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        saveAnswer(o.db, { organisationId: o.organisationId, responseId: o.responseId, key: KEY, value: `samtidig ${i}`, baseVersion: base, userId: EDITOR }),
      ),
    );
    expect(results.filter((r) => r.status === "saved")).toHaveLength(1);
    expect(results.filter((r) => r.status === "conflict")).toHaveLength(11);
    expect(await current(o)).toBe(base + 1);
  });

  it("editors who retry on conflict: every save stored, versions consecutive, none skipped or repeated", async () => {
    const base = await current(o);
    const editors = 8;
    const perEditor = 3;
    await Promise.all(
      Array.from({ length: editors }, async (_, e) => {
        for (let n = 0; n < perEditor; n++) {
          for (;;) {
            const version = await current(o);
            const r = await saveAnswer(o.db, { organisationId: o.organisationId, responseId: o.responseId, key: KEY, value: `e${e}n${n}`, baseVersion: version, userId: EDITOR });
            if (r.status === "saved") break;
          }
        }
      }),
    );
    expect(await current(o)).toBe(base + editors * perEditor);
    const versions = (await listRevisions(o.db, o.organisationId, o.responseId, KEY)).map((r) => r.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: base + editors * perEditor }, (_, i) => i + 1));
    const values = new Set((await listRevisions(o.db, o.organisationId, o.responseId, KEY)).filter((r) => r.version > base).map((r) => r.value));
    expect(values.size).toBe(editors * perEditor);
  });

  it("a transaction is all-or-nothing; a nested one is a savepoint", async () => {
    const count = async () => (await o.db.select({ id: organisations.id }).from(organisations)).length;
    const before = await count();
    await expect(
      transaction(o.db, async (tx) => {
        await tx.insert(organisations).values({ name: "Borte", slug: "borte" });
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await count()).toBe(before);
    await transaction(o.db, async (tx) => {
      await tx.insert(organisations).values({ name: "Ytre", slug: "ytre" });
      await expect(
        transaction(tx, async (inner) => {
          await inner.insert(organisations).values({ name: "Indre", slug: "indre" });
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
    });
    const slugs = (await o.db.select({ slug: organisations.slug }).from(organisations)).map((r) => r.slug);
    expect(slugs).toContain("ytre");
    expect(slugs).not.toContain("indre");
    expect(slugs).not.toContain("borte");
  });

  it("a transaction handle cannot be used after its transaction", async () => {
    let leaked: Db | undefined;
    await transaction(o.db, async (tx) => {
      leaked = tx;
    });
    const error = await leaked!.select().from(organisations).then(() => undefined, (e: Error) => e);
    // drizzle may wrap the engine's error (DrizzleQueryError, the original as `cause`).
    expect(`${error?.message} ${(error?.cause as Error | undefined)?.message}`).toMatch(/after its transaction ended/);
  });

  it("inserts leave unset columns to the table's defaults (timestamps, ids)", async () => {
    // The database's own clock stamps the row: it falls between the seconds read around the insert
    // (timestamps are stored in whole seconds), whatever the insert costs on a busy machine.
    const before = Math.floor(Date.now() / 1000) * 1000;
    const [row] = await o.db.insert(organisations).values({ name: "Standard", slug: "standard" }).returning();
    const after = Math.ceil(Date.now() / 1000) * 1000;
    expect(row!.id).toBeGreaterThan(0);
    expect(row!.createdAt).toBeInstanceOf(Date);
    expect(row!.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(row!.createdAt.getTime()).toBeLessThanOrEqual(after);
    const admin = (await o.db.select({ siteAdmin: users.siteAdmin }).from(users).where(eq(users.id, EDITOR)))[0]!;
    expect(admin.siteAdmin).toBe(false);
  });

  it("logs every save as a live event, in commit order, with the answer's payload", async () => {
    const after = await latestEventId(o.db);
    const base = await current(o);
    await saveAnswer(o.db, { organisationId: o.organisationId, responseId: o.responseId, key: KEY, value: "live", baseVersion: base, userId: EDITOR });
    const events = await allEventsAfter(o.db, after, 100);
    const answer = events.find((e) => e.kind === "answer" && e.subject === KEY);
    expect(answer).toBeDefined();
    expect(JSON.parse(answer!.payload)).toMatchObject({ value: "live", version: base + 1 });
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
    expect(await latestEventId(o.db)).toBe(events.at(-1)!.id);
  });

  it("presence: a tab is here, is listed, leaves (unless recent), is pruned; readers are checked in one query", async () => {
    const now = Date.now();
    await touchPresence(o.db, { organisationId: o.organisationId, responseId: o.responseId, userId: EDITOR, tabId: "t1", sectionId: "kap3", questionKey: null }, now);
    await touchPresence(o.db, { organisationId: o.organisationId, responseId: o.responseId, userId: EDITOR, tabId: "t1", sectionId: "kap4", questionKey: KEY }, now + 1);
    const tabs = await presentTabs(o.db, [o.responseId], now + 2);
    expect(tabs).toEqual([expect.objectContaining({ userId: EDITOR, sectionId: "kap4", questionKey: KEY, responseId: o.responseId })]);
    expect(await leavePresenceUnlessRecent(o.db, EDITOR, "t1", 2_000, now + 3)).toBe(false);
    expect(await leavePresenceUnlessRecent(o.db, EDITOR, "t1", 2_000, now + 10_000)).toBe(true);
    await touchPresence(o.db, { organisationId: o.organisationId, responseId: o.responseId, userId: SECRETARIAT, tabId: "t2", sectionId: null, questionKey: null }, now - 10 * 60_000);
    expect(await prunePresence(o.db, now)).toBe(1);
    const allowed = await readersStillMembers(o.db, [
      { userId: EDITOR, organisationId: o.organisationId, responseId: o.responseId },
      { userId: EDITOR, organisationId: o.organisationId + 1000, responseId: o.responseId },
      { userId: 99_999, organisationId: o.organisationId, responseId: o.responseId },
    ]);
    expect([...allowed]).toEqual([`${EDITOR}:${o.organisationId}:${o.responseId}`]);
  });

  it("work status with versions: a stale change is a conflict", async () => {
    const key = "kap3-tiltak-3.feedback";
    const before = (await getWork(o.db, o.organisationId, o.responseId, [key])).get(key)?.version ?? 0;
    const input = { organisationId: o.organisationId, responseId: o.responseId, userId: EDITOR, validKeys: new Set([key]) };
    expect(await setWork(o.db, { ...input, changes: [{ key, version: before, status: "review" }] })).toEqual({ status: "saved", changed: 1 });
    expect(await setWork(o.db, { ...input, changes: [{ key, version: before, status: "agreed" }] })).toEqual({ status: "conflict", keys: [key] });
    expect((await getWork(o.db, o.organisationId, o.responseId, [key])).get(key)).toMatchObject({ status: "review", version: before + 1 });
  });

  it("comment threads, their counts and status versions; notifications", async () => {
    const threadId = await insertThread(o.db, { organisationId: o.organisationId, responseId: o.responseId, questionKey: KEY, userId: EDITOR });
    await insertComment(o.db, { organisationId: o.organisationId, threadId, authorId: EDITOR, body: "Hva mener vi?" });
    const counts = await threadCounts(o.db, o.organisationId, o.responseId, [KEY]);
    expect(counts[KEY]!.open).toBeGreaterThanOrEqual(1);
    const thread = (await listThreads(o.db, o.organisationId, o.responseId, [KEY])).find((t) => t.id === threadId)!;
    expect(thread.comments.map((c) => c.body)).toEqual(["Hva mener vi?"]);
    expect(await setThreadStatus(o.db, { organisationId: o.organisationId, threadId, version: thread.version, status: "resolved", userId: EDITOR, note: null })).toBe(true);
    expect(await setThreadStatus(o.db, { organisationId: o.organisationId, threadId, version: thread.version, status: "open", userId: EDITOR, note: null })).toBe(false);
    const unread = await unreadCount(o.db, SECRETARIAT);
    await insertNotifications(o.db, [{ userId: SECRETARIAT, organisationId: o.organisationId, threadId, commentId: null, kind: "reply", actorId: EDITOR }]);
    expect(await unreadCount(o.db, SECRETARIAT)).toBe(unread + 1);
  });

  it("the outbox queues and counts; a rate limit refuses past its budget", async () => {
    const before = await outboxCounts(o.db);
    await queueMail(o.db, { to: "a@example.no", subject: "Hei", body: "Tekst", kind: "test" });
    expect((await outboxCounts(o.db)).queued).toBe(before.queued + 1);
    const rule = { key: `engines:${engine}`, limit: 2, windowMs: 60_000 };
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await consumeRateLimit(o.db, rule)).allowed);
    expect(results).toEqual([true, true, false]);
    expect((await o.db.select({ id: rateLimitHits.id }).from(rateLimitHits)).length).toBeGreaterThanOrEqual(2);
  });

  it("the submission lock: a submitted response takes no saves until reopened", async () => {
    const files = { docx: Buffer.from([0, 1, 255]), docxName: "svar.docx", docxSha256: "a", markdown: Buffer.from("# Svar"), markdownName: "svar.md", markdownSha256: "b", pdf: Buffer.from("%PDF"), pdfName: "svar.pdf", pdfSha256: "c" };
    const mark = await answersMark(o.db, o.organisationId, o.responseId);
    const input = { organisationId: o.organisationId, responseId: o.responseId, userId: EDITOR, submittedOn: "2026-12-01", channel: "email" as const, receipt: null, files, mark };
    expect((await submitResponse(o.db, input)).status).toBe("submitted");
    expect(await isLocked(o.db, o.responseId)).toBe(true);
    const base = await current(o);
    await expect(saveAnswer(o.db, { organisationId: o.organisationId, responseId: o.responseId, key: KEY, value: "låst", baseVersion: base, userId: EDITOR })).rejects.toThrow(ResponseLockedError);
    expect(await reopenResponse(o.db, o.organisationId, o.responseId, SECRETARIAT, "Feil")).toBe(true);
    expect(await isLocked(o.db, o.responseId)).toBe(false);
    expect((await saveAnswer(o.db, { organisationId: o.organisationId, responseId: o.responseId, key: KEY, value: "åpen", baseVersion: base, userId: EDITOR })).status).toBe("saved");
  });
});
