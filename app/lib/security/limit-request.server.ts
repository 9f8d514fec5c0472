/** Route helper: consume one of the named limits; when refused, log it and hand back 429 details. */
import { getDb } from "../../../db/client";
import { recordSecurityEvent } from "./events.server";
import { LIMITS } from "./limits";
import { consumeRateLimit, minutesFor } from "./rate-limit.server";

export function rateLimited(
  name: keyof typeof LIMITS,
  key: string,
  who: { ip: string; userId?: number },
): { minutes: number; headers: Record<string, string> } | null {
  const db = getDb();
  const result = consumeRateLimit(db, { key, ...LIMITS[name] });
  if (result.allowed) return null;
  recordSecurityEvent(db, { type: "rateLimit.refused", userId: who.userId ?? null, ip: who.ip, detail: { limit: name } });
  return { minutes: minutesFor(result.retryAfterSeconds), headers: { "Retry-After": String(result.retryAfterSeconds) } };
}
