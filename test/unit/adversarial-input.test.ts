/**
 * ASVS finding 1 (ReDoS): every check user input reaches gets ~1 MB of hostile input and must
 * return in time linear in that input. The cases run in a child process (test/support/
 * adversarial-run.ts) that is killed after a deadline, so a catastrophic case fails this test
 * instead of hanging it: the old e-mail pattern needed 10.7 s for 80,000 dots, micromark's
 * emphasis 16 s for 64 kB and a mix of its marks 84 s for 1 MB.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkText } from "../../consultation/validate";
import { lis1Item } from "../support/fixtures";
import { cases } from "../support/adversarial-cases";

/**
 * A bound on work, not a timing target: most checks take < 40 ms for 1 MB on the 2-core machine,
 * the slowest ~100–150 ms (Conform reading 50,000 crafted form fields, which the section route
 * refuses before parsing, and the Markdown parser at its markup budget). Super-linear cases take
 * seconds to hours at this size, so 2 s separates them from linear ones even when the other test
 * files keep both cores busy (300 ms did not).
 */
const BOUND_MS = 2_000;

describe("hostile input of 1 MB", () => {
  it("every validator, zod schema, the import parser and the diff return in bounded time", () => {
    const runner = path.resolve(import.meta.dirname, "../support/adversarial-run.ts");
    const child = spawnSync(process.execPath, ["--import", "tsx", runner], { encoding: "utf8", timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
    const lines = child.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { start?: string; name?: string; ms?: number });
    const done = lines.filter((l) => l.name !== undefined) as { name: string; ms: number }[];
    const started = lines.filter((l) => l.start !== undefined).map((l) => l.start);
    // A killed child names the case it was stuck in.
    expect(child.status, `stuck in "${started.at(-1)}"\n${child.stderr}`).toBe(0);
    expect(done.map((d) => d.name).sort()).toEqual(cases.map((c) => c.name).sort());
    const slow = done.filter((d) => d.ms > BOUND_MS);
    expect(slow).toEqual([]);
  }, 180_000);

  it("checks the size before the e-mail pattern, and reports the length", () => {
    const email = lis1Item(4);
    expect(email.answerType).toBe("email");
    expect(checkText(email, `a@${".".repeat(80_000)}@`)).toEqual([{ code: "tooLong", params: { max: 254, length: 80_003 } }]);
    expect(checkText(email, "ola.nordmann@example.no")).toEqual([]);
    expect(checkText(email, "a@....@")).toEqual([{ code: "badEmail" }]);
  });
});
