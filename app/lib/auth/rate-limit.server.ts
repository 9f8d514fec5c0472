/**
 * Sign-in rate limiting on the `login_failures` table, per account and per client IP.
 * Failures are recorded for unknown e-mail addresses too, so the limiter behaves the same
 * whether or not an account exists.
 */
import { and, desc, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { loginFailures } from "../../../db/schema";

export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  perAccount: 5,
  perIp: 20,
} as const;

export interface LoginAttempt {
  email: string;
  ip: string;
  now?: Date;
}

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterMinutes: number };

const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

/** When the key drops below its limit again, or null when it is under the limit now. */
function blockedUntil(db: Db, key: string, limit: number, now: number): number | null {
  // The limit-th most recent failure inside the window decides: once it ages out, one more try is allowed.
  const recent = db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gt(loginFailures.at, new Date(now - LOGIN_LIMITS.windowMs))))
    .orderBy(desc(loginFailures.at))
    .limit(limit)
    .all();
  if (recent.length < limit) return null;
  return recent[limit - 1]!.at.getTime() + LOGIN_LIMITS.windowMs;
}

export function checkLoginAllowed(db: Db, attempt: LoginAttempt): RateLimitResult {
  const now = (attempt.now ?? new Date()).getTime();
  const until = Math.max(
    blockedUntil(db, accountKey(attempt.email), LOGIN_LIMITS.perAccount, now) ?? 0,
    blockedUntil(db, ipKey(attempt.ip), LOGIN_LIMITS.perIp, now) ?? 0,
  );
  if (until <= now) return { allowed: true };
  return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil((until - now) / 60_000)) };
}

export function recordLoginFailure(db: Db, attempt: LoginAttempt): void {
  const now = attempt.now ?? new Date();
  db.transaction((tx) => {
    // Rows older than the window never matter again; pruning here keeps the table small.
    tx.delete(loginFailures)
      .where(lt(loginFailures.at, new Date(now.getTime() - LOGIN_LIMITS.windowMs)))
      .run();
    tx.insert(loginFailures)
      .values([
        { key: accountKey(attempt.email), at: now },
        { key: ipKey(attempt.ip), at: now },
      ])
      .run();
  });
}

/** After a successful sign-in the account starts afresh; the IP counter is kept on purpose
 * (otherwise one valid account would let an attacker reset it). */
export function clearAccountFailures(db: Db, email: string): void {
  db.delete(loginFailures).where(eq(loginFailures.key, accountKey(email))).run();
}
