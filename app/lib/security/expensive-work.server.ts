/**
 * The gate in front of expensive work (export, import, history): one hit per user and per client
 * address, both or neither recorded. Over the limit it throws 429 with Retry-After, which the
 * error page explains in the reader's language.
 */
import { getDb } from "../../../db/client";
import { recordSecurityEvent } from "./events.server";
import { LIMITS } from "./limits";
import { consumeRateLimits, minutesFor } from "./rate-limit.server";

export type ExpensiveWork = "export" | "import" | "history";

export function limitExpensiveWork(work: ExpensiveWork, who: { userId: number; ip: string; organisationId?: number }): void {
  const db = getDb();
  const result = consumeRateLimits(db, [
    { key: `${work}:user:${who.userId}`, ...LIMITS[`${work}PerUser`] },
    { key: `${work}:ip:${who.ip}`, ...LIMITS[`${work}PerIp`] },
  ]);
  if (result.allowed) return;
  recordSecurityEvent(db, {
    type: "rateLimit.refused",
    userId: who.userId,
    organisationId: who.organisationId ?? null,
    ip: who.ip,
    detail: { limit: work },
  });
  const minutes = minutesFor(result.retryAfterSeconds);
  const headers = { "Retry-After": String(result.retryAfterSeconds) };
  // Downloads are resource routes: the browser shows this body as it is, so it says it in words.
  if (work === "export")
    throw new Response(
      `For mange nedlastinger på kort tid. Prøv igjen om ${minutes} min.\nToo many downloads in a short while. Try again in ${minutes} min.\n`,
      { status: 429, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } },
    );
  // Pages: the error boundary reads retryAfterMinutes and explains in the reader's language.
  throw Response.json({ retryAfterMinutes: minutes }, { status: 429, headers });
}
