/**
 * Generic DB-backed sliding-window rate limiter. Check and record happen in one IMMEDIATE
 * transaction, so parallel requests (also from several processes on one SQLite file) cannot all
 * pass a check before any of them records: the write lock serialises them.
 */
import { and, desc, eq, gt, inArray, lte } from "drizzle-orm";
import { transaction, type Db } from "../../../db/client";
import { rateLimitHits } from "../../../db/schema";

/** Longest supported window: older rows are pruned on every call. */
export const MAX_WINDOW_MS = 24 * 60 * 60_000;

export interface RateLimitRule {
  /** What is counted, e.g. `signup:ip:1.2.3.4`. */
  key: string;
  limit: number;
  windowMs: number;
}

export type RateLimitResult =
  | { allowed: true; hitIds: number[] }
  | { allowed: false; retryAfterSeconds: number; /** the rule that waits longest */ key: string };

/** Seconds until the key has room again, or 0 when it has room now. */
async function waitFor(db: Db, rule: RateLimitRule, now: number): Promise<number> {
  const rows = await db
    .select({ at: rateLimitHits.at })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.key, rule.key), gt(rateLimitHits.at, new Date(now - rule.windowMs))))
    .orderBy(desc(rateLimitHits.at))
    .limit(rule.limit);
  if (rows.length < rule.limit) return 0;
  // Once the limit-th most recent hit ages out, one more is allowed.
  return Math.max(1, Math.ceil((rows[rule.limit - 1]!.at.getTime() + rule.windowMs - now) / 1000));
}

/**
 * All-or-nothing: records one hit for every rule when all have room, otherwise none. The hit ids
 * let a caller give a reservation back (e.g. a successful sign-in is not a failure). Inside a
 * transaction (a transaction handle) it is a savepoint of it.
 */
export async function consumeRateLimits(db: Db, rules: RateLimitRule[], now: Date | number = Date.now()): Promise<RateLimitResult> {
  const t = typeof now === "number" ? now : now.getTime();
  for (const rule of rules)
    if (rule.windowMs > MAX_WINDOW_MS || rule.limit < 1) throw new Error(`rate limit ${rule.key}: unsupported window or limit`);
  return await transaction(db, async (tx): Promise<RateLimitResult> => {
    await tx.delete(rateLimitHits).where(lte(rateLimitHits.at, new Date(t - MAX_WINDOW_MS)));
    let refused: { retryAfterSeconds: number; key: string } | undefined;
    for (const rule of rules) {
      const wait = await waitFor(tx, rule, t);
      if (wait > (refused?.retryAfterSeconds ?? 0)) refused = { retryAfterSeconds: wait, key: rule.key };
    }
    if (refused) return { allowed: false, ...refused };
    const hits = await tx
      .insert(rateLimitHits)
      .values(rules.map((rule) => ({ key: rule.key, at: new Date(t) })))
      .returning({ id: rateLimitHits.id });
    return { allowed: true, hitIds: hits.map((h) => h.id) };
  });
}

export async function consumeRateLimit(
  db: Db,
  input: RateLimitRule & { now?: Date | number },
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const result = await consumeRateLimits(db, [input], input.now);
  return result.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: result.retryAfterSeconds };
}

/** Gives reserved hits back (they were not the thing being limited after all). */
export async function releaseRateLimitHits(db: Db, hitIds: number[]): Promise<void> {
  if (hitIds.length === 0) return;
  await db.delete(rateLimitHits).where(inArray(rateLimitHits.id, hitIds));
}

/** Forgets every hit of a key (e.g. the account counter after a successful sign-in). */
export async function resetRateLimit(db: Db, key: string): Promise<void> {
  await db.delete(rateLimitHits).where(eq(rateLimitHits.key, key));
}

export const minutesFor = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));
