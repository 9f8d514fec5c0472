import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../db/client";
import { consumeRateLimit, consumeRateLimits, releaseRateLimitHits, resetRateLimit } from "~/lib/security/rate-limit.server";
import { tempDb } from "../auth/helpers";
import { sqliteClient } from "../../../db/engine/sqlite";

const T0 = new Date("2025-03-01T10:00:00Z").getTime();
const at = (minutes: number) => T0 + minutes * 60_000;
const rule = { key: "k", limit: 3, windowMs: 10 * 60_000 };

let db: Db;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

describe("consumeRateLimit", () => {
  it("allows `limit` hits per window and says when the next one is allowed", async () => {
    for (let i = 0; i < 3; i++) expect((await consumeRateLimit(db, { ...rule, now: at(i) }))).toEqual({ allowed: true });
    // The oldest hit (minute 0) leaves the window at minute 10: at minute 4 that is 6 minutes away.
    expect((await consumeRateLimit(db, { ...rule, now: at(4) }))).toEqual({ allowed: false, retryAfterSeconds: 360 });
    expect((await consumeRateLimit(db, { ...rule, key: "other", now: at(4) }))).toEqual({ allowed: true });
    expect((await consumeRateLimit(db, { ...rule, now: at(10) }))).toEqual({ allowed: true });
  });

  it("does not count refused attempts (a blocked client cannot extend its own block)", async () => {
    for (let i = 0; i < 3; i++) (await consumeRateLimit(db, { ...rule, now: at(0) }));
    for (let i = 0; i < 10; i++) (await consumeRateLimit(db, { ...rule, now: at(5) }));
    expect((await consumeRateLimit(db, { ...rule, now: at(10) })).allowed).toBe(true);
  });

  it("is all-or-nothing over several rules, and hits can be given back", async () => {
    const tight = { key: "tight", limit: 1, windowMs: 60_000 };
    expect((await consumeRateLimits(db, [rule, tight], at(0))).allowed).toBe(true);
    const refused = (await consumeRateLimits(db, [rule, tight], at(0)));
    expect(refused).toMatchObject({ allowed: false, key: "tight" });
    // The refused call did not use up `rule`: two more fit.
    const a = (await consumeRateLimits(db, [rule], at(0)));
    const b = (await consumeRateLimits(db, [rule], at(0)));
    expect(a.allowed && b.allowed).toBe(true);
    expect((await consumeRateLimits(db, [rule], at(0))).allowed).toBe(false);
    if (a.allowed) (await releaseRateLimitHits(db, a.hitIds));
    expect((await consumeRateLimits(db, [rule], at(0))).allowed).toBe(true);
    (await resetRateLimit(db, "k"));
    expect((await consumeRateLimits(db, [rule], at(0))).allowed).toBe(true);
  });

  it("prunes hits older than a day and refuses longer windows", async () => {
    (await consumeRateLimit(db, { ...rule, now: at(0) }));
    (await consumeRateLimit(db, { ...rule, key: "x", now: at(25 * 60) }));
    expect(sqliteClient(db).prepare("select count(*) as n from rate_limit_hits").get()).toEqual({ n: 1 });
    await expect(consumeRateLimit(db, { key: "y", limit: 1, windowMs: 2 * 86_400_000 })).rejects.toThrow();
  });
});
