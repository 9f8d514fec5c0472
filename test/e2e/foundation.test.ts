import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, startServer, type TestServer } from "../support/server";
import { parseSeed003 } from "../support/seed-003";

describe("the built server on an empty database", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it("migrated and seeded a fresh SQLite file in WAL mode", () => {
    expect(existsSync(server.dbFile)).toBe(true);
    const db = new Database(server.dbFile, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.prepare("select count(*) as n from answers").get()).toEqual({ n: 68 });
    db.close();
  });

  it("renders the home page with the consultation", async () => {
    const res = await fetch(server.url + "/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("LIS1 – evaluering og tiltak");
    expect(html).toContain("Helsedirektoratet");
    expect(html).toContain("71 nummererte punkter");
  });

  it("shows the demo response's progress and every numbered item with seed 003's answers", async () => {
    const cookie = await signIn(server.url, "medlem@demo.no");
    const home = await (await fetch(server.url + "/", { headers: { cookie } })).text();
    expect(home).toContain("Norsk medisinstudentforening (demo)");
    expect(home).toContain("68 av 68 besvart");

    const page = await (await fetch(server.url + "/o/nmf-demo/r/1", { headers: { cookie } })).text();
    const numbers = [...page.matchAll(/class="item-number">(\d+)/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual(Array.from({ length: 71 }, (_, i) => i + 1));
    const text = page.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");
    for (const item of parseSeed003()) for (const paragraph of item.answer) expect(text).toContain(paragraph.replace(/\s+/g, " "));
  });

  it("asks anonymous visitors to sign in before showing a response", async () => {
    const res = await fetch(server.url + "/o/nmf-demo/r/1", { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fo%2Fnmf-demo%2Fr%2F1");
  });
});

describe("demo accounts at sign-in", () => {
  it("are listed when the demo organisation exists, and only then", async () => {
    const demo = await startServer();
    const empty = await startServer({ SEED_DEMO: "0" });
    try {
      const withDemo = await (await fetch(demo.url + "/login")).text();
      expect(withDemo).toContain("Demokontoer");
      expect(withDemo).toContain("styret@demo.no");
      const without = await (await fetch(empty.url + "/login")).text();
      expect(without).not.toContain("Demokontoer");
      expect(without).not.toContain("@demo.no");
    } finally {
      await demo.stop();
      await empty.stop();
    }
  });
});

describe("an invalid template", () => {
  it("stops the server with the file and field named", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hs-badtpl-"));
    const broken = readFileSync("templates/lis1-evaluering-2021.yaml", "utf8").replace("issuer: Helsedirektoratet\n", "");
    writeFileSync(path.join(dir, "lis1.yaml"), broken);
    const failed = startServer({ TEMPLATES_DIR: dir });
    await expect(failed).rejects.toThrow(/server exited with 1:[\s\S]*lis1\.yaml: issuer: required[\s\S]*Refusing to start/);
  });
});
