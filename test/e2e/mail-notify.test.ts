/**
 * Being told by mail (issue 22 item 5), with the built server and a real SMTP server: a mention
 * sends one mail right away with RFC 8058 unsubscribe headers; the one-click POST turns mentions
 * off without signing in, a forged token changes nothing; a digest run (the scheduler, driven
 * with an injected clock: tomorrow 07:00 Oslo) collects a reply and an assignment into one mail;
 * running it again sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type Db } from "../../db/client";
import { runMailSchedule } from "~/lib/mail/notify/schedule.server";
import { addDays, osloDay, osloTime } from "~/lib/mail/notify/windows";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";
import { serverDb, type ServerDb } from "../support/server-db";
import { startSmtp, type TestSmtp, type ReceivedMail } from "../support/smtp";

let smtp: TestSmtp;
let server: TestServer;
let raw: ServerDb;
let PUBLIC = "";
let responseId = 0;
const question = "kap3-tiltak-1.support";
const ORG = "Norsk medisinstudentforening (demo)";

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, PUBLIC_URL: "self", MAIL_FROM: "Høringssvar <noreply@hoering.example.test>", MAIL_POLL_MS: "100" });
  PUBLIC = server.url;
  raw = await serverDb(server.dbFile);
  responseId = (await raw.get<{ id: number }>("select r.id from responses r join organisations o on o.id = r.organisation_id where o.slug = 'nmf-demo'"))!.id;
});
afterAll(async () => {
  await raw?.close();
  await server?.stop();
  await smtp?.stop();
});

const qPath = () => `/o/nmf-demo/r/${responseId}/q/${question}`;
const userId = async (email: string) => (await raw.get<{ id: number }>("select id from users where email = ?", email))!.id;
const mailsTo = (to: string) => smtp.received.filter((m) => m.envelopeTo.includes(to));
/** A header as sent (folded lines joined). */
const header = (mail: ReceivedMail, name: string) =>
  mail.raw
    .split(/\r?\n\r?\n/)[0]!
    .replace(/\r?\n[ \t]+/g, " ")
    .match(new RegExp(`^${name}: (.*)$`, "mi"))?.[1]
    ?.trim();

describe("notification mail", () => {
  let emilThread = 0;

  it("a mention sends one mail right away, with one-click unsubscribe headers; the POST turns mentions off, a forged token changes nothing", async () => {
    const emil = await signIn(server.url, "styret@demo.no");
    const posted = await formRequest(server.url, qPath(), { body: { intent: "comment", body: "Hva mener du, @Kari Nordmann? Se https://evil.example" }, cookie: emil });
    expect(posted.res.status).toBe(302);
    emilThread = (await raw.get<{ thread_id: number }>("select thread_id from comments where body like 'Hva mener du%'"))!.thread_id;
    await smtp.waitFor(1);
    await expect.poll(() => mailsTo("kari@demo.no").length, { timeout: 10_000 }).toBe(1);
    const mail = mailsTo("kari@demo.no")[0]!;
    expect(mail.parsed.subject).toBe(`${ORG}: Emil Styremedlem nevnte deg`);
    expect(mail.parsed.text).toContain("Emil Styremedlem nevnte deg i en kommentar til spørsmål");
    // The comment's text is in the mail, never as a link.
    expect(mail.parsed.text).toContain("https evil·example");
    expect(mail.parsed.text).toContain(`${PUBLIC}${qPath()}#t-${emilThread}`);
    expect(mail.parsed.html).toContain("<!doctype html>");
    const unsubscribe = header(mail, "List-Unsubscribe")!;
    expect(unsubscribe).toMatch(new RegExp(`^<${PUBLIC.replace(/[.]/g, "\\.")}/unsubscribe/${await userId("kari@demo.no")}\\.mention\\.[A-Za-z0-9_-]{32}>$`));
    expect(header(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const url = unsubscribe.slice(1, -1);

    // A forged token (its signature changed, or someone else's id): 400, nothing stored.
    const prefs = async () => await raw.all("select user_id, kind, mode from mail_preferences order by user_id, kind");
    const before = await prefs();
    const forged = url.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    const otherUser = url.replace(`/unsubscribe/${await userId("kari@demo.no")}.`, `/unsubscribe/${await userId("styret@demo.no")}.`);
    for (const bad of [forged, otherUser, `${PUBLIC}/unsubscribe/not-a-token`]) {
      const res = await fetch(bad, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("Lenken er ugyldig");
    }
    expect(await prefs()).toEqual(before);

    // GET only shows the button; the one-click POST (as a mail provider sends it: no cookie, no Origin) turns mentions off.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await prefs()).toEqual(before);
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("du får ikke flere e-poster om at noen nevner deg");
    expect(await raw.get("select mode from mail_preferences where user_id = ? and kind = 'mention'", await userId("kari@demo.no"))).toEqual({ mode: "off" });

    // Another mention of Kari: no mail now.
    const count = smtp.received.length;
    await formRequest(server.url, qPath(), { body: { intent: "comment", body: "Igjen, @Kari Nordmann." }, cookie: emil });
    await new Promise((r) => setTimeout(r, 600));
    expect(smtp.received.length).toBe(count);
  });

  it("the day's digest collects a reply and an assignment into one mail; running the scheduler again sends nothing", async () => {
    const kari = await signIn(server.url, "kari@demo.no");
    const replied = await formRequest(server.url, qPath(), { body: { intent: "reply", threadId: String(emilThread), body: "Jeg mener vi bør støtte tiltaket." }, cookie: kari });
    expect(replied.res.status).toBe(302);
    const admin = await signIn(server.url, "admin@demo.no");
    const version = (await raw.get<{ version: number }>("select version from question_work where response_id = ? and question_key = ?", responseId, question))?.version ?? 0;
    const assigned = await formRequest(server.url, `/o/nmf-demo/r/${responseId}/work`, {
      body: { intent: "assign", item: `${question}@${version}`, assignee: String(await userId("styret@demo.no")), returnTo: `/o/nmf-demo/r/${responseId}/remaining` },
      cookie: admin,
    });
    expect(assigned.res.status).toBe(302);
    const pending = await raw.all("select kind from mail_events where user_id = ? and mailed_at is null order by id", await userId("styret@demo.no"));
    expect(pending).toEqual([{ kind: "reply" }, { kind: "assigned" }]);
    // Daily is the default for both: nothing was sent to Emil right away.
    expect(mailsTo("styret@demo.no")).toHaveLength(0);

    // The scheduler as the sender runs it, with its clock at 07:00 Oslo time tomorrow.
    const tomorrow7 = osloTime(addDays(osloDay(Date.now()), 1), 7);
    Object.assign(process.env, { PUBLIC_URL: PUBLIC, SESSION_SECRET: "test-secret", SMTP_URL: smtp.url });
    const db: Db = openDatabase(server.dbFile);
    try {
      const first = await runMailSchedule(db, tomorrow7, { digestHour: 7, horizonDays: 7, reminderDays: [3, 1] });
      expect(first.digests).toBeGreaterThanOrEqual(1);
      await expect.poll(() => mailsTo("styret@demo.no").length, { timeout: 10_000 }).toBe(1);
      const digest = mailsTo("styret@demo.no")[0]!;
      expect(digest.parsed.subject).toMatch(new RegExp(`^${ORG.replace(/[()]/g, "\\$&")}: 2 nye hendelser `));
      expect(digest.parsed.text).toContain("Kari Nordmann svarte i en tråd du deltar i");
      expect(digest.parsed.text).toContain("Jeg mener vi bør støtte tiltaket.");
      expect(digest.parsed.text).toContain("Ingrid Admin ga deg ansvaret for spørsmål");
      expect(header(digest, "List-Unsubscribe")).toContain(`/unsubscribe/${await userId("styret@demo.no")}.digest.`);
      expect(header(digest, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      const sent = smtp.received.length;
      // Again, and later the same day: nothing twice.
      expect((await runMailSchedule(db, tomorrow7, { digestHour: 7, horizonDays: 7, reminderDays: [3, 1] }))).toEqual({ digests: 0, reminders: 0 });
      expect((await runMailSchedule(db, tomorrow7 + 3 * 3_600_000, { digestHour: 7, horizonDays: 7, reminderDays: [3, 1] }))).toEqual({ digests: 0, reminders: 0 });
      await new Promise((r) => setTimeout(r, 600));
      expect(smtp.received.length).toBe(sent);
      expect(await raw.get("select count(*) as n from mail_events where user_id = ? and mailed_at is null", await userId("styret@demo.no"))).toEqual({ n: 0 });
    } finally {
      await closeDatabase(db);
    }
  });
});
