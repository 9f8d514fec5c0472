/** The export and import CLIs as a user runs them: exit codes and messages. */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDemoDb } from "../../support/demo-db";
import { sqliteClient } from "../../../db/engine/sqlite";

const run = promisify(execFile);
let dir: string;
let dbFile: string;

beforeAll(async () => {
  const demo = await openDemoDb();
  dir = mkdtempSync(path.join(tmpdir(), "hs-cli-"));
  dbFile = path.join(dir, "cli.sqlite");
  await sqliteClient(demo.db).backup(dbFile);
  await demo.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(script: "export" | "import", ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", `cli/${script}.ts`, ...args], {
      env: { ...process.env, DATABASE_URL: dbFile, LANG: "en_GB.UTF-8" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("CLI", () => {
  it("exports the demo as Markdown and DOCX, and a dry-run import of it changes nothing", async () => {
    const md = path.join(dir, "demo.md");
    expect((await cli("export", "--response", "demo", "--format", "md", "--out", md)).code).toBe(0);
    expect(readFileSync(md, "utf8")).toContain("## Svar:");
    const docx = path.join(dir, "demo.docx");
    expect((await cli("export", "--response", "demo", "--format", "docx", "--out", docx)).code).toBe(0);
    expect(readFileSync(docx).subarray(0, 2).toString()).toBe("PK");
    const dry = await cli("import", "--response", "demo", "--in", md, "--dry-run");
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.stdout).toContain("0 change(s)");
  });

  it("exports PDF; warns (exit 0) where answers look like personal data, naming the item", async () => {
    const pdf = path.join(dir, "demo.pdf");
    const clean = await cli("export", "--response", "demo", "--format", "pdf", "--out", pdf);
    expect(clean.code).toBe(0);
    expect(clean.stderr).not.toMatch(/personal data/);
    expect(readFileSync(pdf).subarray(0, 8).toString()).toMatch(/^%PDF-1\.7/);
    const db = new Database(dbFile);
    const key = "kap3-tiltak-1.feedback";
    const before = db.prepare("select value from answers where question_key = ?").get(key) as { value: string };
    try {
      db.prepare("update answers set value = ? where question_key = ?").run(JSON.stringify("Ring Kari på 922 33 444."), key);
      const warned = await cli("export", "--response", "demo", "--format", "pdf", "--out", pdf);
      expect(warned.code).toBe(0);
      expect(warned.stderr).toMatch(/Warning: 1 place\(s\) look like personal data/);
      expect(warned.stderr).toMatch(new RegExp(`item \\d+ \\(${key.replace(".", "\\.")}\\): phone "922 33 444"`));
    } finally {
      db.prepare("update answers set value = ? where question_key = ?").run(before.value, key);
      db.close();
    }
  });

  it("exits 1 with a clear message for unknown response, unknown format and missing arguments", async () => {
    const cases: [string[], RegExp][] = [
      [["--response", "9999", "--format", "md", "--out", "x.md"], /unknown response 9999/],
      [["--response", "demo", "--format", "rtf", "--out", "x.rtf"], /unknown format "rtf"/],
      [["--format", "md", "--out", "x.md"], /missing --response/],
      [["--response", "demo", "--out", "x.md"], /missing --format/],
      [["--response", "demo", "--format", "md"], /missing --out/],
      [["--response", "demo", "--format", "md", "--out", "x.md", "--bogus"], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const result = await cli("export", ...args);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr).toMatch(message);
    }
  });

  it("import refuses a bad file with exit 1 and writes nothing", async () => {
    const bad = path.join(dir, "bad.md");
    writeFileSync(bad, "# Noe annet\n\nSaksnummer: 1\n\n## Svar:\n\n- 1\\. x\n");
    const result = await cli("import", "--response", "demo", "--in", bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/another consultation/);
    expect((await cli("import", "--response", "demo")).stderr).toMatch(/missing --in/);
  });
});
