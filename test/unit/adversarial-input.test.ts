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
import { describeGrowth, isLinear, type Growth } from "../support/linear";

describe("hostile input of 1 MB", () => {
  it("every validator, zod schema, the import parser and the diff take linear time (64 kB against 1 MB)", () => {
    const runner = path.resolve(import.meta.dirname, "../support/adversarial-run.ts");
    // The deadline only stops a runaway case (super-linear ones take seconds to hours at 1 MB); the
    // verdict is the growth from 1/16 of the size to all of it, measured side by side.
    const child = spawnSync(process.execPath, ["--import", "tsx", runner], { encoding: "utf8", timeout: 170_000, maxBuffer: 16 * 1024 * 1024 });
    const lines = child.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { start?: string; name?: string } & Partial<Growth>);
    const done = lines.filter((l) => l.name !== undefined) as ({ name: string } & Growth)[];
    const started = lines.filter((l) => l.start !== undefined).map((l) => l.start);
    // A killed child names the case it was stuck in.
    expect(child.status, `stuck in "${started.at(-1)}"\n${child.stderr}`).toBe(0);
    expect(done.map((d) => d.name).sort()).toEqual(cases.map((c) => c.name).sort());
    const superLinear = done.filter((d) => !isLinear(d)).map((d) => `${d.name}: ${describeGrowth(d)}`);
    expect(superLinear).toEqual([]);
  }, 180_000);

  it("checks the size before the e-mail pattern, and reports the length", () => {
    const email = lis1Item(4);
    expect(email.answerType).toBe("email");
    expect(checkText(email, `a@${".".repeat(80_000)}@`)).toEqual([{ code: "tooLong", params: { max: 254, length: 80_003 } }]);
    expect(checkText(email, "ola.nordmann@example.no")).toEqual([]);
    expect(checkText(email, "a@....@")).toEqual([{ code: "badEmail" }]);
  });
});
