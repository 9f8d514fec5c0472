/**
 * Child-process side of test/unit/adversarial-input.test.ts: runs each case once small (to warm
 * the JIT) and once at full size, printing one JSON line per case as it finishes, so the parent
 * can name the case that never returned.
 */
import { cases, MB } from "./adversarial-cases";

const only = process.argv[2];
for (const { name, run } of cases) {
  if (only && !name.includes(only)) continue;
  process.stdout.write(`${JSON.stringify({ start: name })}\n`);
  run(1024);
  const t0 = performance.now();
  run(MB);
  process.stdout.write(`${JSON.stringify({ name, ms: Math.round(performance.now() - t0) })}\n`);
}
