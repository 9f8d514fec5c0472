/**
 * Route helper: consume one hit of each named limit, all or none (one transaction); when one is
 * full, log it and hand back the 429 details (minutes to wait, Retry-After).
 */
import { getDb } from "../../../db/client";
import { recordSecurityEvent } from "./events.server";
import { LIMITS } from "./limits";
import { consumeRateLimits, minutesFor } from "./rate-limit.server";

export type LimitName = keyof typeof LIMITS;

export async function rateLimited(
  rules: [name: LimitName, key: string][],
  who: { ip: string; userId?: number; organisationId?: number },
): Promise<{ minutes: number; headers: Record<string, string> } | null> {
  const db = getDb();
  const result = (await consumeRateLimits(db, rules.map(([name, key]) => ({ key, ...LIMITS[name] }))));
  if (result.allowed) return null;
  const full = rules.find(([, key]) => key === result.key)?.[0] ?? rules[0]![0];
  await recordSecurityEvent(db, {
    type: "rateLimit.refused",
    userId: who.userId ?? null,
    organisationId: who.organisationId ?? null,
    ip: who.ip,
    detail: { limit: full },
  });
  return { minutes: minutesFor(result.retryAfterSeconds), headers: { "Retry-After": String(result.retryAfterSeconds) } };
}
