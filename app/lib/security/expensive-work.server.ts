/**
 * The gate in front of expensive work (export, import, history): one hit per user and per client
 * address, both or neither recorded. Over the limit it throws 429 with Retry-After, which the
 * error page explains in the reader's language.
 */
import { rateLimited } from "./limit-request.server";

export type ExpensiveWork = "export" | "import" | "history";

export async function limitExpensiveWork(work: ExpensiveWork, who: { userId: number; ip: string; organisationId?: number }): Promise<void> {
  const limited = await rateLimited(
    [
      [`${work}PerUser`, `${work}:user:${who.userId}`],
      [`${work}PerIp`, `${work}:ip:${who.ip}`],
    ],
    who,
  );
  if (!limited) return;
  const { minutes, headers } = limited;
  // Downloads are resource routes: the browser shows this body as it is, so it says it in words.
  if (work === "export")
    throw new Response(
      `For mange nedlastinger på kort tid. Prøv igjen om ${minutes} min.\nToo many downloads in a short while. Try again in ${minutes} min.\n`,
      { status: 429, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } },
    );
  // Pages: the error boundary reads retryAfterMinutes and explains in the reader's language.
  throw Response.json({ retryAfterMinutes: minutes }, { status: 429, headers });
}
