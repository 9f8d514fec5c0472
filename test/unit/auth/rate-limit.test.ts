import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../db/client";
import { loginFailures } from "../../../db/schema";
import { authenticate, createUser } from "~/lib/auth/accounts.server";
import { checkLoginAllowed, LOGIN_LIMITS, recordLoginFailure } from "~/lib/auth/rate-limit.server";
import { tempDb } from "./helpers";

const T0 = new Date("2025-03-01T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let db: Db;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

describe("login rate limiter", () => {
  it("blocks an account after 5 failures in 15 minutes, from any IP", () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      expect(checkLoginAllowed(db, { email: "a@x.no", ip: `10.0.0.${i}`, now: at(i) }).allowed).toBe(true);
      recordLoginFailure(db, { email: "a@x.no", ip: `10.0.0.${i}`, now: at(i) });
    }
    // The oldest failure (minute 0) ages out at minute 15: at minute 5 that is 10 minutes away.
    expect(checkLoginAllowed(db, { email: "A@X.no ", ip: "10.9.9.9", now: at(5) })).toEqual({ allowed: false, retryAfterMinutes: 10 });
    expect(checkLoginAllowed(db, { email: "b@x.no", ip: "10.9.9.9", now: at(5) }).allowed).toBe(true);
    expect(checkLoginAllowed(db, { email: "a@x.no", ip: "10.9.9.9", now: at(15) }).allowed).toBe(true);
  });

  it("blocks an IP after 20 failures across accounts", () => {
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++) recordLoginFailure(db, { email: `u${i}@x.no`, ip: "10.1.1.1", now: at(0) });
    expect(checkLoginAllowed(db, { email: "fresh@x.no", ip: "10.1.1.1", now: at(1) })).toEqual({ allowed: false, retryAfterMinutes: 14 });
    expect(checkLoginAllowed(db, { email: "fresh@x.no", ip: "10.2.2.2", now: at(1) }).allowed).toBe(true);
  });

  it("prunes failures older than the window", () => {
    recordLoginFailure(db, { email: "a@x.no", ip: "1.1.1.1", now: at(0) });
    recordLoginFailure(db, { email: "a@x.no", ip: "1.1.1.1", now: at(20) });
    expect(db.select().from(loginFailures).all()).toHaveLength(2);
  });
});

describe("authenticate", () => {
  it("gives the same answer for an unknown account and a wrong password, then rate-limits both", async () => {
    await createUser(db, { email: "kari@x.no", name: "Kari", password: "riktig-passord" });
    expect(await authenticate(db, { email: "kari@x.no", password: "feil-passord", ip: "1.1.1.1", now: at(0) })).toEqual({ status: "invalid" });
    expect(await authenticate(db, { email: "ola@x.no", password: "feil-passord", ip: "1.1.1.1", now: at(0) })).toEqual({ status: "invalid" });
    for (let i = 1; i < LOGIN_LIMITS.perAccount; i++) {
      await authenticate(db, { email: "kari@x.no", password: "feil", ip: "1.1.1.1", now: at(i) });
      await authenticate(db, { email: "ola@x.no", password: "feil", ip: "1.1.1.1", now: at(i) });
    }
    // Even the right password is refused while blocked; the unknown account looks the same.
    expect(await authenticate(db, { email: "kari@x.no", password: "riktig-passord", ip: "1.1.1.1", now: at(5) })).toEqual({
      status: "rateLimited",
      retryAfterMinutes: 10,
    });
    expect(await authenticate(db, { email: "ola@x.no", password: "riktig-passord", ip: "1.1.1.1", now: at(5) })).toEqual({
      status: "rateLimited",
      retryAfterMinutes: 10,
    });
  });

  it("signs in with the right password (e-mail case-insensitive) and resets the account counter", async () => {
    const created = await createUser(db, { email: "Kari@X.no", name: "Kari", password: "riktig-passord" });
    expect(created.status).toBe("created");
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++)
      await authenticate(db, { email: "kari@x.no", password: "feil", ip: "1.1.1.1", now: at(0) });
    const ok = await authenticate(db, { email: " KARI@x.no", password: "riktig-passord", ip: "1.1.1.1", now: at(1) });
    expect(ok.status).toBe("ok");
    await authenticate(db, { email: "kari@x.no", password: "feil", ip: "1.1.1.1", now: at(2) });
    expect(checkLoginAllowed(db, { email: "kari@x.no", ip: "1.1.1.1", now: at(2) }).allowed).toBe(true);
  });

  it("refuses a second account with the same e-mail", async () => {
    await createUser(db, { email: "kari@x.no", name: "Kari", password: "riktig-passord" });
    expect(await createUser(db, { email: "KARI@x.no", name: "Kari 2", password: "riktig-passord" })).toEqual({ status: "emailTaken" });
  });
});
