/**
 * Child-process side of test/unit/adversarial-input.test.ts: runs each case at 1/16 of its full
 * size and at full size (test/support/linear.ts: warmed up, fastest of three, interleaved),
 * printing one JSON line per case as it finishes, so the parent can name the case that never
 * returned and compare the two sizes.
 */
import { cases, MB } from "./adversarial-cases";
import { growth } from "./linear";

const only = process.argv[2];
for (const { name, run } of cases) {
  if (only && !name.includes(only)) continue;
  process.stdout.write(`${JSON.stringify({ start: name })}\n`);
  const g = await growth(run, MB / 16, 16);
  process.stdout.write(`${JSON.stringify({ name, ...g })}\n`);
}
