/**
 * Linear time without a wall-clock target: the same work at two sizes in one run, each the
 * fastest of several tries (interleaved, so both sizes see the same machine load; the fastest
 * try is the one a garbage collection or another process did not interrupt), and the ratio. For input `factor` (16) times larger, linear work takes about `factor` times as long (less
 * where fixed costs dominate, up to ~4 times more where the large input leaves the CPU caches or
 * meets the garbage collector: measured on the 2-core machine); quadratic work factor² (256)
 * times, the catastrophic patterns this guards against far more. `isLinear` draws the line at
 * factor² / 2 (128), a factor of two from each side.
 */
export interface Growth {
  smallMs: number;
  largeMs: number;
  ratio: number;
  factor: number;
}

/** Below this the small run is timer noise: the ratio is taken against it instead. */
const FLOOR_MS = 0.5;

export async function growth(run: (size: number) => unknown, small: number, factor = 16, tries = 7): Promise<Growth> {
  await run(small); // warm up (JIT, caches)
  const smalls: number[] = [];
  const larges: number[] = [];
  for (let i = 0; i < tries; i++) {
    let t0 = performance.now();
    await run(small);
    smalls.push(performance.now() - t0);
    t0 = performance.now();
    await run(small * factor);
    larges.push(performance.now() - t0);
  }
  const [smallMs, largeMs] = [Math.min(...smalls), Math.min(...larges)];
  return { smallMs, largeMs, ratio: largeMs / Math.max(smallMs, FLOOR_MS), factor };
}

export const isLinear = (g: Growth) => g.ratio < (g.factor * g.factor) / 2;

export const describeGrowth = (g: Growth) =>
  `${g.factor}× the input took ${g.ratio.toFixed(1)}× as long (${g.smallMs.toFixed(1)} ms → ${g.largeMs.toFixed(1)} ms)`;
