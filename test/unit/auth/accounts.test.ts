import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../db/client";
import { authenticate, changePassword, confirmEmail, createUser, requestSignUp } from "~/lib/auth/accounts.server";
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
