/**
 * The outbox survives a crash: kill -9 of the server in the middle of a batch loses nothing; the
 * next process takes the sender lease once it runs out and delivers the rest, with at most one
 * duplicate (carrying the same Message-ID).
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { serverDb } from "../support/server-db";
import { startSmtp, type TestSmtp } from "../support/smtp";

let smtp: TestSmtp | undefined;
let servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers.reverse()) await s.stop().catch(() => {});
  await smtp?.stop();
});

describe("kill -9 during a batch", () => {
  it("delivers every mail after a restart, at most one of them twice", async () => {
    smtp = await startSmtp();
    smtp.dataDelayMs = 60;
    const env = { SMTP_URL: smtp.url, PUBLIC_URL: "https://hoering.example.test", MAIL_POLL_MS: "100", MAIL_LEASE_MS: "1500", SEED_DEMO: "0" };
    const first = await startServer(env);
    servers.push(first);
    const db = await serverDb(first.dbFile);
    const ids: string[] = [];
    // One transaction: the sender sees all 60 at once.
    await db.run("begin");
    for (let i = 0; i < 60; i++) {
      const id = `<${randomUUID()}@hoering.example.test>`;
      ids.push(id);
      await db.run(`insert into mail_outbox ("to", subject, body, kind, message_id) values (?, ?, ?, 'test', ?)`, `person${i}@example.no`, `Mail ${i}`, `Text ${i}`, id);
    }
    await db.run("commit");
    // Wake the sender (it polls every 100 ms) and let it get part of the way.
    await smtp.waitFor(10);
    process.kill(first.pid, "SIGKILL");
    const deliveredBefore = smtp.received.length;
    expect(deliveredBefore).toBeLessThan(60);

    const second = await startServer(env, { dbFile: first.dbFile });
    servers.push(second);
    const unique = () => new Set(smtp!.received.map((m) => m.parsed.messageId)).size;
    const sent = async () => (await db.get<{ n: number }>("select count(*) as n from mail_outbox where status = 'sent'"))!.n;
    for (let i = 0; i < 600 && (unique() < 60 || (await sent()) < 60); i++) await new Promise((r) => setTimeout(r, 100));
    const received = smtp.received.map((m) => m.parsed.messageId!);
    expect(new Set(received)).toEqual(new Set(ids));
    expect(received.length - 60).toBeLessThanOrEqual(1);
    const status = await db.all("select status, count(*) as n from mail_outbox group by status");
    expect(status).toEqual([{ status: "sent", n: 60 }]);
    await db.close();
  });
});
