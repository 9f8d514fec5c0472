/**
 * The live hub's ticks (app/lib/live/serial-task.ts): never two runs of a job at once, a call during
 * a run gives exactly one more run after it, and a failing run is reported and does not reject.
 */
import { describe, expect, it } from "vitest";
import { SerialTask } from "../../app/lib/live/serial-task";

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("SerialTask", () => {
  it("does not overlap runs; calls during a run coalesce into one more run", async () => {
    const gates = [deferred(), deferred()];
    let active = 0;
    let most = 0;
    let runs = 0;
    const task = new SerialTask(async () => {
      const gate = gates[runs++]!;
      active++;
      most = Math.max(most, active);
      await gate.promise;
      active--;
    }, () => {});
    const first = task.run();
    expect(task.busy).toBe(true);
    const second = task.run();
    const third = task.run();
    await second;
    await third;
    expect(runs).toBe(1); // still in the first run: the others only asked for one more
    gates[0]!.resolve();
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(2);
    gates[1]!.resolve();
    await first;
    expect(runs).toBe(2);
    expect(most).toBe(1);
    expect(task.busy).toBe(false);
  });

  it("reports a failure, resolves, and runs again next time", async () => {
    const errors: unknown[] = [];
    let fail = true;
    let runs = 0;
    const task = new SerialTask(async () => {
      runs++;
      if (fail) throw new Error("database gone");
    }, (error) => errors.push(error));
    await expect(task.run()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("database gone");
    fail = false;
    await task.run();
    expect(runs).toBe(2);
    expect(errors).toHaveLength(1);
    expect(task.busy).toBe(false);
  });

  it("a failure in a run asked for meanwhile is reported too, and the task is free afterwards", async () => {
    const errors: unknown[] = [];
    const gate = deferred();
    let runs = 0;
    const task = new SerialTask(async () => {
      runs++;
      if (runs === 1) await gate.promise;
      else throw new Error("second run fails");
    }, (error) => errors.push(error));
    const first = task.run();
    void task.run();
    gate.resolve();
    await first;
    expect(runs).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(["second run fails"]);
    expect(task.busy).toBe(false);
  });
});
