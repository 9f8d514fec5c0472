/**
 * Generic DB-backed sliding-window rate limiter. Check and record happen in one IMMEDIATE
 * transaction, so parallel requests (also from several processes on one SQLite file) cannot all
 * pass a check before any of them records: the write lock serialises them.
 */
import type { Db } from "../../../db/client";

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
function waitFor(db: Db, rule: RateLimitRule, now: number): number {
  const rows = db.$client
    .prepare("SELECT at FROM rate_limit_hits WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?")
    .all(rule.key, now - rule.windowMs, rule.limit) as { at: number }[];
  if (rows.length < rule.limit) return 0;
  // Once the limit-th most recent hit ages out, one more is allowed.
  return Math.max(1, Math.ceil((rows[rule.limit - 1]!.at + rule.windowMs - now) / 1000));
}

/**
 * All-or-nothing: records one hit for every rule when all have room, otherwise none. The hit ids
 * let a caller give a reservation back (e.g. a successful sign-in is not a failure).
 */
export function consumeRateLimits(db: Db, rules: RateLimitRule[], now: Date | number = Date.now()): RateLimitResult {
  const t = typeof now === "number" ? now : now.getTime();
  for (const rule of rules)
    if (rule.windowMs > MAX_WINDOW_MS || rule.limit < 1) throw new Error(`rate limit ${rule.key}: unsupported window or limit`);
  const run = db.$client.transaction((): RateLimitResult => {
    db.$client.prepare("DELETE FROM rate_limit_hits WHERE at <= ?").run(t - MAX_WINDOW_MS);
    let refused: { retryAfterSeconds: number; key: string } | undefined;
    for (const rule of rules) {
      const wait = waitFor(db, rule, t);
      if (wait > (refused?.retryAfterSeconds ?? 0)) refused = { retryAfterSeconds: wait, key: rule.key };
    }
    if (refused) return { allowed: false, ...refused };
    const insert = db.$client.prepare("INSERT INTO rate_limit_hits (key, at) VALUES (?, ?)");
    return { allowed: true, hitIds: rules.map((rule) => Number(insert.run(rule.key, t).lastInsertRowid)) };
  });
  // IMMEDIATE takes the write lock before the first read; nested calls become savepoints.
  return db.$client.inTransaction ? run() : run.immediate();
}

export function consumeRateLimit(
  db: Db,
  input: RateLimitRule & { now?: Date | number },
): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const result = consumeRateLimits(db, [input], input.now);
  return result.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: result.retryAfterSeconds };
}

/** Gives reserved hits back (they were not the thing being limited after all). */
export function releaseRateLimitHits(db: Db, hitIds: number[]): void {
  if (hitIds.length === 0) return;
  db.$client.prepare(`DELETE FROM rate_limit_hits WHERE id IN (${hitIds.map(() => "?").join(",")})`).run(...hitIds);
}

/** Forgets every hit of a key (e.g. the account counter after a successful sign-in). */
export function resetRateLimit(db: Db, key: string): void {
  db.$client.prepare("DELETE FROM rate_limit_hits WHERE key = ?").run(key);
}

export const minutesFor = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));
