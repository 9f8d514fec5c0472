/**
 * The digest and reminder scheduler against a real (demo-seeded) database, with an injected
 * clock: every event lands in exactly one digest across the 25-hour and 23-hour days of 2026;
 * a run repeated or late sends nothing twice and skips nothing; mentions go out at once and never
 * again in a digest; kinds turned off are not sent; reminders 3 and 1 days before each deadline.
 */
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../db/client";
import { comments, mailEvents, mailOnce, mailOutbox, responses, users } from "../../../db/schema";
import { recordMailEvents } from "~/lib/mail/notify/events.server";
import { runMailSchedule } from "~/lib/mail/notify/schedule.server";
import { addDays, osloTime } from "~/lib/mail/notify/windows";
import { setMailMode } from "~/lib/mail/preferences.server";
import { startOutboxSender, stopOutboxSender } from "~/lib/mail/sender.server";
import { startSmtp } from "../../support/smtp";
import { getResponse } from "../../../db/queries/responses";
import { openDemoDb, type DemoDb } from "../../support/demo-db";

const OPTIONS = { digestHour: 7, horizonDays: 7, reminderDays: [3, 1] };
let demo: DemoDb;
let db: Db;
const id = async (email: string) => (await db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
let kari: number;
let emil: number;
const saved = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, { PUBLIC_URL: "https://hoering.example.test", SESSION_SECRET: "unit-secret" });
  delete process.env.SMTP_URL;
  demo = await openDemoDb();
  db = demo.db;
  kari = (await id("kari@demo.no"));
  emil = (await id("styret@demo.no"));
});
afterAll(async () => {
  await demo?.close();
  process.env = saved;
});
beforeEach(async () => {
  await db.delete(mailEvents);
  await db.delete(mailOnce);
  await db.delete(mailOutbox);
});

const event = async (at: string, kind: "reply" | "mention" | "resolved" | "assigned" = "reply", userId = kari) =>
  await recordMailEvents(db, [{ userId, organisationId: demo.organisationId, kind, responseId: demo.responseId, questionKey: "kap3-tiltak-1.support", threadId: null, actorId: emil, excerpt: at }], new Date(at));
const mails = async (kind?: string) => await db.select().from(mailOutbox).where(kind ? eq(mailOutbox.kind, kind) : undefined);
const run = async (at: string | number) => await runMailSchedule(db, typeof at === "number" ? at : Date.parse(at), OPTIONS);

describe("digests", () => {
  it("the 25-hour day (2026-10-25): all four events of the day in one digest at 07:00 the next day; the next day's event waits; twice sends nothing", async () => {
    await event("2026-10-24T22:30:00Z"); // 00:30 CEST on the 25th
    await event("2026-10-25T00:30:00Z"); // 02:30 CEST
    await event("2026-10-25T01:30:00Z"); // 02:30 CET (the repeated hour)
    await event("2026-10-25T22:59:59Z"); // 23:59:59 CET
    await event("2026-10-25T23:00:00Z"); // 00:00 on the 26th
    await event("2026-10-24T21:59:59Z"); // 23:59:59 on the 24th
    expect((await run("2026-10-26T05:59:59Z"))).toEqual({ digests: 1, reminders: 0 }); // only the 24th's (due 25th 07:00)
    expect((await mails("digest"))).toHaveLength(1);
    expect((await mails("digest"))[0]!.body).toContain("2026-10-24T21:59:59Z");
    expect((await run("2026-10-26T06:00:00Z"))).toEqual({ digests: 1, reminders: 0 }); // 07:00 CET on the 26th
    const digest = (await mails("digest"))[1]!;
    expect(digest.to).toBe("kari@demo.no");
    expect(digest.subject).toBe("Norsk medisinstudentforening (demo): 4 nye hendelser 25. oktober 2026");
    for (const at of ["2026-10-24T22:30:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-25T22:59:59Z"]) expect(digest.body).toContain(at);
    expect(digest.body).not.toContain("2026-10-25T23:00:00Z");
    expect(JSON.parse(digest.headers!)).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect((await run("2026-10-26T06:00:00Z"))).toEqual({ digests: 0, reminders: 0 });
    expect((await run("2026-10-26T12:00:00Z"))).toEqual({ digests: 0, reminders: 0 });
    // Late: the scheduler was down until Wednesday afternoon. The 26th's digest is sent then, once.
    expect((await run("2026-10-28T14:00:00Z"))).toEqual({ digests: 1, reminders: 0 });
    expect((await mails("digest"))[2]!.body).toContain("2026-10-25T23:00:00Z");
    expect((await run("2026-10-28T14:00:00Z"))).toEqual({ digests: 0, reminders: 0 });
    expect((await db.select().from(mailEvents)).every((e) => e.mailedAt !== null)).toBe(true);
    // Each event in exactly one digest.
    const bodies = (await mails("digest")).map((m) => m.body).join("\n");
    for (const e of (await db.select().from(mailEvents))) expect(bodies.split(e.excerpt).length - 1).toBe(1);
  });

  it("the 23-hour day (2026-03-29): its window runs 23:00Z-22:00Z; its digest at 07:00 CEST (05:00Z)", async () => {
    await event("2026-03-28T22:59:59Z"); // 23:59:59 CET on the 28th
    await event("2026-03-28T23:00:00Z"); // 00:00 on the 29th
    await event("2026-03-29T21:59:59Z"); // 23:59:59 CEST on the 29th
    await event("2026-03-29T22:00:00Z"); // 00:00 on the 30th
    expect((await run("2026-03-30T04:59:59Z")).digests).toBe(1); // the 28th's only
    expect((await run("2026-03-30T05:00:00Z")).digests).toBe(1);
    const digest = (await mails("digest"))[1]!;
    expect(digest.subject).toContain("2 nye hendelser 29. mars 2026");
    expect(digest.body).toContain("2026-03-28T23:00:00Z");
    expect(digest.body).toContain("2026-03-29T21:59:59Z");
    expect((await run("2026-03-31T05:00:00Z")).digests).toBe(1);
    expect((await mails("digest"))[2]!.body).toContain("2026-03-29T22:00:00Z");
  });

  it("a mention goes out at once and is never in a digest; a kind turned off is not sent; English readers get English", async () => {
    await db.update(users).set({ lang: "en" }).where(eq(users.id, kari));
    try {
      await event("2026-01-10T10:00:00Z", "mention");
      expect((await mails("mention"))).toHaveLength(1);
      expect((await mails("mention"))[0]!.subject).toBe("Norsk medisinstudentforening (demo): Emil Styremedlem mentioned you");
      await event("2026-01-10T11:00:00Z", "resolved");
      await event("2026-01-10T12:00:00Z", "reply");
      await setMailMode(db, kari, "resolved", "off");
      await event("2026-01-10T13:00:00Z", "resolved"); // not even recorded
      expect((await run("2026-01-11T06:00:00Z")).digests).toBe(1);
      const digest = (await mails("digest"))[0]!;
      expect(digest.subject).toBe("Norsk medisinstudentforening (demo): 1 new event on 10 January 2026");
      expect(digest.body).toContain("2026-01-10T12:00:00Z");
      expect(digest.body).not.toContain("2026-01-10T11:00:00Z");
      expect(digest.body).not.toContain("2026-01-10T10:00:00Z");
    } finally {
      await db.update(users).set({ lang: "nb" }).where(eq(users.id, kari));
      await setMailMode(db, kari, "resolved", "daily");
    }
  });

  it("an immediate setting for replies sends a reply at once, with its own unsubscribe link", async () => {
    await setMailMode(db, kari, "reply", "immediate");
    try {
      await event("2026-02-02T10:00:00Z", "reply");
      expect((await mails("reply"))).toHaveLength(1);
      expect(JSON.parse((await mails("reply"))[0]!.headers!)["List-Unsubscribe"]).toMatch(new RegExp(`^<https://hoering\\.example\\.test/unsubscribe/${kari}\\.reply\\.[A-Za-z0-9_-]{32}>$`));
      expect((await run("2026-02-03T06:00:00Z")).digests).toBe(0);
    } finally {
      await setMailMode(db, kari, "reply", "daily");
    }
  });
});

describe("comments in a digest", () => {
  it("an edited comment is told as it reads now; a deleted one is left out", async () => {
    const [a, b] = await db.select({ id: comments.id, threadId: comments.threadId }).from(comments).where(isNull(comments.deletedAt)).limit(2);
    const body = { a: (await db.select({ body: comments.body }).from(comments).where(eq(comments.id, a!.id)))[0]!.body };
    try {
      for (const c of [a!, b!])
        await recordMailEvents(db, [{ userId: kari, organisationId: demo.organisationId, kind: "reply", responseId: demo.responseId, questionKey: "kap3-tiltak-1.support", threadId: c.threadId, commentId: c.id, actorId: emil, excerpt: `gammel tekst ${c.id}` }], new Date("2026-05-05T10:00:00Z"));
      await db.update(comments).set({ body: "Ny tekst etter redigering" }).where(eq(comments.id, a!.id));
      await db.update(comments).set({ deletedAt: new Date() }).where(eq(comments.id, b!.id));
      expect((await run("2026-05-06T05:00:00Z")).digests).toBe(1);
      const digest = (await mails("digest"))[0]!;
      expect(digest.subject).toContain("1 ny hendelse");
      expect(digest.body).toContain("Ny tekst etter redigering");
      expect(digest.body).not.toContain("gammel tekst");
    } finally {
      await db.update(comments).set({ body: body.a }).where(eq(comments.id, a!.id));
      await db.update(comments).set({ deletedAt: null }).where(eq(comments.id, b!.id));
    }
  });
});

describe("deadline reminders", () => {
  it("3 and 1 days before the internal and the official deadline, to each assignee with unfinished questions, once each", async () => {
    const official = (await getResponse(db, demo.organisationId, demo.responseId))!.consultation.template.deadline;
    const internal = (await db.select({ d: responses.internalDeadline }).from(responses).where(eq(responses.id, demo.responseId)))[0]!.d!;
    expect(internal).toBe(addDays(official, -3));
    const at7 = (day: string) => osloTime(day, 7);
    // Seeded: kap4 (review) to styret@, kap5 (draft) to sekretariat@; kap3 is agreed (finished).
    expect((await run(at7(addDays(internal, -4)))).reminders).toBe(0);
    expect((await run(at7(addDays(internal, -3)))).reminders).toBe(2);
    expect((await mails("reminder")).map((m) => m.to).sort()).toEqual(["sekretariat@demo.no", "styret@demo.no"]);
    const toEmil = (await mails("reminder")).find((m) => m.to === "styret@demo.no")!;
    expect(toEmil.subject).toMatch(/^Norsk medisinstudentforening \(demo\): 3 dager til intern frist for «.+»$/);
    expect(toEmil.body).toMatch(/Den interne fristen for «.+» er \d+\. \w+ \d{4}\. Du har \d+ spørsmål som ikke er ferdige:/);
    expect(toEmil.body).toContain("- Spørsmål ");
    expect(toEmil.body).toContain("/remaining?assignee=");
    expect((await run(at7(addDays(internal, -3)))).reminders).toBe(0);
    expect((await run(at7(addDays(internal, -2)))).reminders).toBe(0);
    expect((await run(at7(addDays(internal, -1)))).reminders).toBe(2);
    // The internal deadline's day is 3 days before the official one.
    expect((await run(at7(internal))).reminders).toBe(2);
    expect((await mails("reminder")).slice(-2).every((m) => m.subject.includes("til høringsfristen"))).toBe(true);
    // Turned off: nothing more for Emil.
    await setMailMode(db, emil, "reminder", "off");
    try {
      expect((await run(at7(addDays(official, -1)))).reminders).toBe(1);
      expect((await mails("reminder")).at(-1)!.to).toBe("sekretariat@demo.no");
    } finally {
      await setMailMode(db, emil, "reminder", "daily");
    }
    expect((await db.select().from(mailOnce).where(and(eq(mailOnce.key, `reminder:${demo.responseId}:internal:${internal}:3:${emil}`))))[0]?.outboxId).toBe(toEmil.id);
  });
});

describe("inside the outbox sender", () => {
  it("the sender runs the scheduler with its injected clock and delivers the digest over SMTP", async () => {
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    try {
      await event("2026-10-25T12:00:00Z");
      // The sender's clock says 07:00 on 2026-10-26 in Oslo.
      expect(startOutboxSender({ pollMs: 50 }, db, () => Date.parse("2026-10-26T06:00:00Z"))).toBe(true);
      const [mail] = await smtp.waitFor(1);
      expect(mail!.envelopeTo).toEqual(["kari@demo.no"]);
      expect(mail!.parsed.subject).toBe("Norsk medisinstudentforening (demo): 1 ny hendelse 25. oktober 2026");
      expect(mail!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.received).toHaveLength(1);
      expect((await mails("digest"))[0]!.status).toBe("sent");
    } finally {
      await stopOutboxSender(db);
      delete process.env.SMTP_URL;
      await smtp.stop();
    }
  });
});
