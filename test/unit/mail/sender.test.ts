/**
 * The outbox sender against a real SMTP server (smtp-server on a free port, mail parsed with
 * mailparser): delivery with AUTH over STARTTLS, retries with backoff, 4xx then 2xx, 5xx, a
 * server that is down and comes back, the lease, and 1,000 mails with flat memory.
 *
 * Time is the test's own: every batch runs at an instant the test names (from T0, far from the
 * wall clock), so backoff delays, the time sent and the lease are asserted to the millisecond. A
 * queued row is due from the start (next_attempt_at 0), so nothing depends on when the test runs.
 */
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import nodemailer from "nodemailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../db/client";
import { outboxDepth, problemMails, queueMail, retryMails, UndeliverableAddressError } from "~/lib/mail/outbox.server";
import { claimLease, sendDueBatch, type SenderOptions } from "~/lib/mail/sender.server";
import { smtpOptions } from "~/lib/mail/transport.server";
import { startSmtp, type TestSmtp } from "../../support/smtp";
import { tempDb } from "../auth/helpers";
import { sqliteClient } from "../../../db/engine/sqlite";

let db: Db;
let cleanup: () => void;
let smtp: TestSmtp | undefined;
const saved = { ...process.env };
beforeEach(() => {
  ({ db, cleanup } = tempDb());
  process.env.SMTP_URL = "smtp://placeholder:25"; // mail is configured: no "not set up" log lines
  process.env.PUBLIC_URL = "https://hoering.example.no";
  process.env.MAIL_FROM = "Høringssvar <noreply@hoering.example.no>";
});
afterEach(async () => {
  cleanup();
  await smtp?.stop();
  smtp = undefined;
  process.env = { ...saved };
});

/** The test's clock: 2030-01-01 09:00 UTC, years from any real "now". */
const T0 = Date.UTC(2030, 0, 1, 9);
const at = (t: number) => () => t;
const options: Required<SenderOptions> = { pollMs: 10, leaseMs: 1000, retryBaseMs: 1000, maxDelayMs: 60_000, maxAttempts: 5 };
const transportFor = (s: TestSmtp) => nodemailer.createTransport(smtpOptions(s.url)!);
const rows = () =>
  sqliteClient(db).prepare("select id, status, attempts, last_response as lastResponse, next_attempt_at as nextAt, sent_at as sentAt, message_id as messageId from mail_outbox order by id").all() as {
    id: number;
    status: string;
    attempts: number;
    lastResponse: string | null;
    nextAt: number;
    sentAt: number | null;
    messageId: string;
  }[];
const queue = async (n: number, to = (i: number) => `person${i}@example.no`) => {
  for (let i = 0; i < n; i++) await queueMail(db, { to: to(i), subject: `Mail ${i}`, body: `Text ${i}`, html: `<p>Text ${i}</p>`, kind: "test" });
};

describe("delivery", () => {
  it("delivers over STARTTLS with AUTH, text and HTML, with the row's Message-ID, and records the answer", async () => {
    smtp = await startSmtp({ auth: { user: "sender", pass: "s3cret pass" }, tls: true });
    process.env.SMTP_CA_FILE = smtp.caFile!;
    await queue(2);
    const result = await sendDueBatch(db, transportFor(smtp), options, at(T0));
    expect(result).toEqual({ sent: 2, retried: 0, failed: 0 });
    const mails = await smtp.waitFor(2);
    expect(mails.every((m) => m.secure && m.user === "sender")).toBe(true);
    expect(mails[0]!.parsed.subject).toBe("Mail 0");
    expect(mails[0]!.parsed.text?.trim()).toBe("Text 0");
    expect(mails[0]!.parsed.html).toContain("<p>Text 0</p>");
    expect(mails[0]!.parsed.from?.text).toContain("noreply@hoering.example.no");
    expect(mails[0]!.parsed.headers.get("auto-submitted")).toBe("auto-generated");
    const stored = rows();
    expect(mails.map((m) => m.parsed.messageId)).toEqual(stored.map((r) => r.messageId));
    expect(stored.every((r) => r.messageId.endsWith("@hoering.example.no>"))).toBe(true);
    expect(stored.map((r) => [r.status, r.attempts])).toEqual([["sent", 1], ["sent", 1]]);
    expect(stored[0]!.lastResponse).toMatch(/^250/);
    expect(stored.map((r) => r.sentAt)).toEqual([T0, T0]);
    expect((await outboxDepth(db))).toBe(0);
  });

  it("with wrong credentials nothing is sent or lost: the mail waits for a retry", async () => {
    smtp = await startSmtp({ auth: { user: "sender", pass: "right" } });
    const url = new URL(smtp.url);
    url.password = "wrong";
    await queue(1);
    const result = await sendDueBatch(db, nodemailer.createTransport(smtpOptions(url.toString())!), options, at(T0));
    expect(result).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(rows()[0]).toMatchObject({ status: "queued", attempts: 1, nextAt: T0 + options.retryBaseMs, sentAt: null });
    expect(rows()[0]!.lastResponse).toMatch(/535/);
    expect(smtp.received).toHaveLength(0);
  });

  it("refuses addresses with CR/LF or several @ before they reach the outbox", async () => {
    for (const to of ["a@b.no\r\nBcc: victim@x.no", "a@b@c.no", "a\n@b.no", "@b.no", "a@", "a b@c.no"])
      await expect(queueMail(db, { to, subject: "x", body: "x", kind: "test" }), to).rejects.toThrow(UndeliverableAddressError);
    expect(rows()).toHaveLength(0);
  });
});

describe("faults", () => {
  it("SMTP down for a while, then back: every mail is delivered exactly once", async () => {
    smtp = await startSmtp();
    const transport = transportFor(smtp);
    await queue(5);
    await smtp.down();
    let now = T0;
    const first = await sendDueBatch(db, transport, options, () => now);
    // The first failure stops the batch: the other rows are not burnt on a server that is down.
    expect(first).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(rows().map((r) => r.attempts)).toEqual([1, 0, 0, 0, 0]);
    now += 10;
    // Still down: the first row is not due again yet (backoff), the second fails and stops the batch.
    expect(await sendDueBatch(db, transport, options, () => now)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(rows().map((r) => r.attempts)).toEqual([1, 1, 0, 0, 0]);
    await smtp.up();
    for (let i = 0; i < 10 && (await outboxDepth(db)) > 0; i++) {
      now += options.maxDelayMs;
      await sendDueBatch(db, transport, options, () => now);
    }
    expect((await outboxDepth(db))).toBe(0);
    const ids = smtp.received.map((m) => m.parsed.messageId);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(rows().every((r) => r.status === "sent" && r.sentAt !== null && r.sentAt > T0)).toBe(true);
  });

  it("4xx then 2xx: retried after a backoff that doubles, then sent once", async () => {
    smtp = await startSmtp();
    const transport = transportFor(smtp);
    smtp.answer = { mode: "reject", code: 451, message: "Try again later" };
    await queue(1);
    const t0 = T0;
    await sendDueBatch(db, transport, options, at(t0));
    expect(rows()[0]).toMatchObject({ status: "queued", attempts: 1, nextAt: t0 + 1000 });
    expect(rows()[0]!.lastResponse).toMatch(/451/);
    // Not due yet: nothing happens.
    expect(await sendDueBatch(db, transport, options, at(t0 + 999))).toEqual({ sent: 0, retried: 0, failed: 0 });
    await sendDueBatch(db, transport, options, at(t0 + 1000));
    expect(rows()[0]).toMatchObject({ attempts: 2, nextAt: t0 + 1000 + 2000 });
    smtp.answer = { mode: "ok" };
    expect(await sendDueBatch(db, transport, options, at(t0 + 2999))).toEqual({ sent: 0, retried: 0, failed: 0 });
    await sendDueBatch(db, transport, options, at(t0 + 3000));
    expect(rows()[0]).toMatchObject({ status: "sent", attempts: 3, sentAt: t0 + 3000 });
    expect(smtp.received).toHaveLength(1);
  });

  it("5xx: marked failed at once, never retried, listed for the admin with the server's answer", async () => {
    smtp = await startSmtp();
    const transport = transportFor(smtp);
    smtp.answer = { mode: "reject", code: 550, message: "Mailbox unavailable" };
    await queue(1);
    expect(await sendDueBatch(db, transport, options, at(T0))).toEqual({ sent: 0, retried: 0, failed: 1 });
    smtp.answer = { mode: "ok" };
    expect(await sendDueBatch(db, transport, options, at(T0 + 10 * options.maxDelayMs))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    const problems = await problemMails(db, null);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ status: "failed", attempts: 1 });
    expect(problems[0]!.lastResponse).toMatch(/550.*Mailbox unavailable/);
    // The admin's "try again" queues it once more.
    expect((await retryMails(db, [problems[0]!.id], null))).toBe(1);
    await sendDueBatch(db, transport, options, at(T0 + 11 * options.maxDelayMs));
    expect(smtp.received).toHaveLength(1);
  });

  it("gives up after the last attempt instead of retrying forever", async () => {
    smtp = await startSmtp();
    smtp.answer = { mode: "reject", code: 421, message: "Busy" };
    await queue(1);
    let now = T0;
    for (let i = 0; i < options.maxAttempts + 3; i++) {
      await sendDueBatch(db, transportFor(smtp), options, () => now);
      now += options.maxDelayMs;
    }
    expect(rows()[0]).toMatchObject({ status: "failed", attempts: options.maxAttempts });
  });

  it("1,000 queued mails: all delivered once, in batches of 20, with memory flat", async () => {
    smtp = await startSmtp();
    const transport = transportFor(smtp);
    await queue(1000);
    v8.setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const seen = new Set<string>();
    const heap: number[] = [];
    let batches = 0;
    while ((await outboxDepth(db)) > 0 && batches < 100) {
      await sendDueBatch(db, transport, options, at(T0));
      batches++;
      // The test server's copies are counted and dropped: only the sender's memory is measured.
      for (const m of smtp.received.splice(0)) seen.add(m.parsed.messageId!);
      if (batches === 10 || batches === 50) {
        gc();
        heap.push(process.memoryUsage().heapUsed);
      }
    }
    expect(batches).toBe(50);
    expect(seen.size).toBe(1000);
    // 800 more mails sent between the two measurements; a sender that kept each mail (or its
    // rows) would grow by megabytes.
    expect(heap[1]! - heap[0]!).toBeLessThan(2_000_000);
  }, 300_000);
});

describe("lease", () => {
  it("one holder at a time; another takes over once the lease has run out", async () => {
    const t = T0;
    expect((await claimLease(db, "a", 1000, t))).toBe(true);
    expect((await claimLease(db, "b", 1000, t + 10))).toBe(false);
    expect((await claimLease(db, "a", 1000, t + 500))).toBe(true); // renewed to t + 1500
    expect((await claimLease(db, "b", 1000, t + 1499))).toBe(false);
    expect((await claimLease(db, "b", 1000, t + 1500))).toBe(true);
    expect((await claimLease(db, "a", 1000, t + 1600))).toBe(false);
  });
});
