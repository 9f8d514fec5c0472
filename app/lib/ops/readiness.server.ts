/**
 * Readiness: what `/readyz` asks before it answers 200. The database checks are built in
 * (app/http/health.server.ts); other parts of the app register theirs, e.g. the mail sender:
 *
 *   registerReadinessCheck("mail", () => sender.running || "the mail sender is not running");
 *
 * A check passes when it returns true or nothing; it fails when it returns false or a string (the
 * reason shown), throws, or takes longer than CHECK_TIMEOUT_MS.
 */
import { opsState, type ReadinessCheck } from "./state.server";

export type { ReadinessCheck };

const CHECK_TIMEOUT_MS = 2_000;

/** Registers (or replaces) the named check. */
export function registerReadinessCheck(name: string, check: ReadinessCheck): void {
  opsState().readiness.set(name, check);
}

export function unregisterReadinessCheck(name: string): void {
  opsState().readiness.delete(name);
}

export type CheckResult = { ok: true } | { ok: false; problem: string };

export async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
    });
    const result = await Promise.race([Promise.resolve().then(check), timeout]);
    if (result === undefined || result === true) return { ok: true };
    return { ok: false, problem: typeof result === "string" ? result : "not ready" };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every registered check; `checks` maps each name to "ok" or its problem. */
export async function runReadinessChecks(): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const entries = [...opsState().readiness.entries()];
  const results = await Promise.all(entries.map(async ([name, check]) => [name, await runCheck(check)] as const));
  const checks: Record<string, string> = {};
  for (const [name, result] of results) checks[name] = result.ok ? "ok" : result.problem;
  return { ok: results.every(([, r]) => r.ok), checks };
}
