import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../db/client";
import { authenticate, changePassword, confirmEmail, createUser, requestPasswordReset, requestSignUp, resendConfirmation } from "~/lib/auth/accounts.server";
import { tempDb } from "./helpers";
import { sqliteClient } from "../../../db/engine/sqlite";

const T0 = new Date("2025-03-01T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let db: Db;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

const failures = () => (sqliteClient(db).prepare("select count(*) as n from security_events where type = 'login.failure'").get() as { n: number }).n;

describe("authenticate", () => {
  it("throttles per account and client; a known device of the owner still gets in", async () => {
    const { userId } = (await createUser(db, { email: "kari@x.no", name: "Kari", password: "riktig-passord-1" })) as { userId: number };
    for (let i = 0; i < 5; i++)
      expect(await authenticate(db, { email: "kari@x.no", password: "feil", ip: "1.1.1.1", now: at(i) })).toEqual({ status: "invalid" });
    expect(await authenticate(db, { email: "kari@x.no", password: "riktig-passord-1", ip: "1.1.1.1", now: at(5) })).toEqual({
      status: "rateLimited",
      retryAfterSeconds: 600,
    });
    // Another address is its own client ...
    expect((await authenticate(db, { email: "kari@x.no", password: "riktig-passord-1", ip: "2.2.2.2", now: at(5) })).status).toBe("ok");
    // ... and so is the owner's device, while the device cookie of another user counts for nothing.
    const device = { userId, id: "device-aaaaaaaaaa" };
    expect((await authenticate(db, { email: "kari@x.no", password: "riktig-passord-1", ip: "1.1.1.1", device, now: at(5) })).status).toBe("ok");
    const foreign = { userId: userId + 1, id: "device-aaaaaaaaaa" };
    expect((await authenticate(db, { email: "kari@x.no", password: "riktig-passord-1", ip: "1.1.1.1", device: foreign, now: at(5) })).status).toBe(
      "rateLimited",
    );
    expect(failures()).toBe(5);
  });

  it("caps unknown devices together at 20 per account, and an IP at 20 failures", async () => {
    await createUser(db, { email: "kari@x.no", name: "Kari", password: "riktig-passord-1" });
    for (let i = 0; i < 20; i++) await authenticate(db, { email: "kari@x.no", password: "feil", ip: `10.0.0.${i}`, now: at(0) });
    expect((await authenticate(db, { email: "kari@x.no", password: "riktig-passord-1", ip: "10.9.9.9", now: at(1) })).status).toBe("rateLimited");
    for (let i = 0; i < 20; i++) await authenticate(db, { email: `u${i}@x.no`, password: "feil", ip: "10.1.1.1", now: at(0) });
    expect((await authenticate(db, { email: "fresh@x.no", password: "feil", ip: "10.1.1.1", now: at(1) })).status).toBe("rateLimited");
  });

  it("does not count a successful sign-in as a failure", async () => {
    await createUser(db, { email: "kari@x.no", name: "Kari", password: "riktig-passord-1" });
    for (let i = 0; i < 25; i++)
      expect((await authenticate(db, { email: "kari@x.no", password: "riktig-passord-1", ip: "1.1.1.1", now: at(0) })).status).toBe("ok");
  });
});

describe("sign-up and confirmation", () => {
  const request = { name: "Kari", password: "riktig-passord-1", origin: "http://x", lang: "nb" as const, ip: "1.1.1.1" };
  const lastToken = () =>
    (sqliteClient(db).prepare("select body from mail_outbox order by id desc limit 1").get() as { body: string }).body.match(/confirm\/(\S+)/)?.[1];

  it("an unconfirmed account cannot sign in; a second sign-up for the pending address changes nothing stored", async () => {
    await requestSignUp(db, { ...request, email: "Kari@X.no" });
    const first = lastToken()!;
    const before = sqliteClient(db).prepare("select name, password_hash, email_confirmed_at from users where email = 'kari@x.no'").get();
    const tokensBefore = sqliteClient(db).prepare("select id, token_hash, used_at from email_tokens").all();
    await requestSignUp(db, { ...request, email: "kari@x.no", name: "Angriper https://evil.example", password: "annet-passord-2" });
    // The stored account and its link are exactly as they were; the address got a "pending" notice without a link to confirm.
    expect(sqliteClient(db).prepare("select name, password_hash, email_confirmed_at from users where email = 'kari@x.no'").get()).toEqual(before);
    expect(sqliteClient(db).prepare("select id, token_hash, used_at from email_tokens").all()).toEqual(tokensBefore);
    const notice = sqliteClient(db).prepare("select kind, body from mail_outbox order by id desc limit 1").get() as { kind: string; body: string };
    expect(notice.kind).toBe("pending");
    expect(notice.body).not.toMatch(/confirm\//);
    expect(notice.body).not.toContain("evil");
    expect((await authenticate(db, { email: "kari@x.no", password: "riktig-passord-1", ip: "1.1.1.1" })).status).toBe("unconfirmed");
    expect((await confirmEmail(db, { token: first, ip: "1.1.1.1" })).status).toBe("confirmed");
    expect((await confirmEmail(db, { token: first, ip: "1.1.1.1" })).status).toBe("used");
    expect((await authenticate(db, { email: "kari@x.no", password: "annet-passord-2", ip: "1.1.1.1" })).status).toBe("invalid");
    expect((await authenticate(db, { email: "kari@x.no", password: "riktig-passord-1", ip: "1.1.1.1" })).status).toBe("ok");
  });

  it("a confirmed address gets a notice instead and keeps its password", async () => {
    await createUser(db, { email: "kari@x.no", name: "Kari", password: "riktig-passord-1" });
    await requestSignUp(db, { ...request, email: "kari@x.no", password: "angriper-passord-9" });
    expect(lastToken()).toBeUndefined();
    expect((await authenticate(db, { email: "kari@x.no", password: "riktig-passord-1", ip: "1.1.1.1" })).status).toBe("ok");
  });
});

describe("changePassword", () => {
  it("needs the current password and ends the other sessions only", async () => {
    const { userId } = (await createUser(db, { email: "kari@x.no", name: "Kari", password: "riktig-passord-1" })) as { userId: number };
    const insert = sqliteClient(db).prepare("insert into sessions (id, user_id, expires_at, last_seen_at) values (?, ?, ?, ?)");
    for (const id of ["here", "there"]) insert.run(id, userId, Date.now() + 3_600_000, Date.now());
    const input = { userId, newPassword: "nytt-passord-123", keepSessionId: "here", ip: "1.1.1.1" };
    expect(await changePassword(db, { ...input, currentPassword: "feil" })).toBe("wrongPassword");
    expect(await changePassword(db, { ...input, currentPassword: "riktig-passord-1" })).toBe("changed");
    expect(sqliteClient(db).prepare("select id from sessions").all()).toEqual([{ id: "here" }]);
  });
});

/**
 * Commits since the last `wal_checkpoint(TRUNCATE)`: the commit frames of the current WAL (its
 * header's salts, a non-zero "database size after commit"). With synchronous=FULL each commit is an
 * fsync, the costliest step of these requests: equal counts mean the paths do the same slow work.
 */
function commitsSince(checkpoint: () => void): (work: () => Promise<void>) => Promise<number> {
  return async (work) => {
    checkpoint();
    await work();
    const wal = readFileSync(`${sqliteClient(db).name}-wal`);
    if (wal.length < 32) return 0;
    const pageSize = wal.readUInt32BE(8);
    const [salt1, salt2] = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
    let commits = 0;
    for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
      if (wal.readUInt32BE(at + 8) !== salt1 || wal.readUInt32BE(at + 12) !== salt2) break;
      if (wal.readUInt32BE(at + 4) !== 0) commits++;
    }
    return commits;
  };
}

describe("no timing difference between known and unknown addresses", () => {
  const origin = "https://hoering.example.no";
  const commits = commitsSince(() => sqliteClient(db).pragma("wal_checkpoint(TRUNCATE)"));
  const setUp = async () => {
    await createUser(db, { email: "konto@x.no", name: "Konto", password: "riktig-passord-1" });
    await requestSignUp(db, { email: "venter@x.no", name: "Venter", password: "riktig-passord-1", lang: "nb", origin, ip: "1.1.1.1", now: T0 });
  };
  const mails = () => (sqliteClient(db).prepare("select `to` from mail_outbox order by id").all() as { to: string }[]).map((r) => r.to);

  it("'forgot password' commits as often for an unknown address as for a confirmed or pending one", async () => {
    await setUp();
    const before = mails().length;
    const counts: Record<string, number> = {};
    for (const email of ["ukjent@x.no", "konto@x.no", "venter@x.no"])
      counts[email] = await commits(() => requestPasswordReset(db, { email, origin, ip: "1.1.1.1", now: at(1) }));
    expect(counts["konto@x.no"]).toBeGreaterThan(0);
    expect(counts).toEqual({ "ukjent@x.no": counts["konto@x.no"], "konto@x.no": counts["konto@x.no"], "venter@x.no": counts["konto@x.no"] });
    expect(mails().slice(before)).toEqual(["konto@x.no", "venter@x.no"]);
  });

  it("'send the confirmation again' commits as often for an unknown or confirmed address as for a pending one", async () => {
    await setUp();
    const before = mails().length;
    const counts: Record<string, number> = {};
    for (const email of ["ukjent@x.no", "konto@x.no", "venter@x.no"])
      counts[email] = await commits(() => resendConfirmation(db, { email, origin, ip: "1.1.1.1", now: at(1) }));
    expect(counts["venter@x.no"]).toBeGreaterThan(0);
    expect(counts).toEqual({ "ukjent@x.no": counts["venter@x.no"], "konto@x.no": counts["venter@x.no"], "venter@x.no": counts["venter@x.no"] });
    expect(mails().slice(before)).toEqual(["venter@x.no"]);
  });

  it("sign-up commits as often for a new address as for a confirmed or pending one", async () => {
    await setUp();
    const counts: Record<string, number> = {};
    for (const email of ["ny@x.no", "konto@x.no", "venter@x.no"])
      counts[email] = await commits(() => requestSignUp(db, { email, name: "Noen", password: "et-annet-passord-2", lang: "nb", origin, ip: "1.1.1.1", now: at(1) }));
    expect(counts["ny@x.no"]).toBeGreaterThan(0);
    expect(counts).toEqual({ "ny@x.no": counts["ny@x.no"], "konto@x.no": counts["ny@x.no"], "venter@x.no": counts["ny@x.no"] });
  });
});
