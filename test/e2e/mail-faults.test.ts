/**
 * The outbox survives a crash: kill -9 of the server in the middle of a batch loses nothing; the
 * next process takes the sender lease once it runs out and delivers the rest, with at most one
 * duplicate (carrying the same Message-ID).
 */
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
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
    const db = new Database(first.dbFile);
    const insert = db.prepare("insert into mail_outbox (`to`, subject, body, kind, message_id) values (?, ?, ?, 'test', ?)");
    const ids: string[] = [];
    db.transaction(() => {
      for (let i = 0; i < 60; i++) {
        const id = `<${randomUUID()}@hoering.example.test>`;
        ids.push(id);
        insert.run(`person${i}@example.no`, `Mail ${i}`, `Text ${i}`, id);
      }
    })();
    // Wake the sender (it polls every 100 ms) and let it get part of the way.
    await smtp.waitFor(10);
    process.kill(first.pid, "SIGKILL");
    const deliveredBefore = smtp.received.length;
    expect(deliveredBefore).toBeLessThan(60);

    const second = await startServer(env, { dbFile: first.dbFile });
    servers.push(second);
    const unique = () => new Set(smtp!.received.map((m) => m.parsed.messageId)).size;
    const sent = () => (db.prepare("select count(*) as n from mail_outbox where status = 'sent'").get() as { n: number }).n;
    for (let i = 0; i < 600 && (unique() < 60 || sent() < 60); i++) await new Promise((r) => setTimeout(r, 100));
    const received = smtp.received.map((m) => m.parsed.messageId!);
    expect(new Set(received)).toEqual(new Set(ids));
    expect(received.length - 60).toBeLessThanOrEqual(1);
    const status = db.prepare("select status, count(*) as n from mail_outbox group by status").all();
    expect(status).toEqual([{ status: "sent", n: 60 }]);
    db.close();
  });
});
