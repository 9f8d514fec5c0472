/**
 * `npm run check:promises` (cli/check-promises.ts) finds the two ways a Promise gets lost, and
 * leaves alone the ways of handling one. Fixture code in a temporary file, checked by the real
 * TypeScript checker.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { findFloatingPromises } from "../../cli/check-promises";

const dir = mkdtempSync(path.join(tmpdir(), "hs-promises-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function findingsIn(code: string) {
  const file = path.join(dir, `f${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(file, code);
  const program = ts.createProgram({ rootNames: [file], options: { strict: true, target: ts.ScriptTarget.ES2022, types: [], noEmit: true } });
  return findFloatingPromises(program, (source) => source.fileName === file).map((f) => `${f.line} ${f.kind}`);
}

const header = `
declare function save(): Promise<number>;
declare function later(fn: () => void): void;
declare function laterAsync(fn: () => Promise<void>): void;
declare const list: number[];
`;

describe("check:promises", () => {
  it("finds a call whose Promise is dropped, and an async function where a void callback is expected", () => {
    const found = findingsIn(
      header +
        `async function main() {
  save();
  later(async () => { await save(); });
  list.forEach(async () => { await save(); });
  const handlers: { onDone: () => void } = { onDone: async () => { await save(); } };
  return handlers;
}
`,
    );
    expect(found).toEqual(["7 floating", "8 callback", "9 callback", "10 callback"]);
  });

  it("accepts await, void, assignment, .catch, .then with a rejection handler, and callbacks typed to return a Promise", () => {
    const found = findingsIn(
      header +
        `async function main() {
  await save();
  void save();
  let kept: Promise<number> | undefined;
  kept = save();
  save().catch(() => 0);
  save().then(() => 1, () => 2);
  laterAsync(async () => { await save(); });
  later(() => void save());
  return kept;
}
`,
    );
    expect(found).toEqual([]);
  });
});
