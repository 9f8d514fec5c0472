/**
 * Durability: kill -9 the server while editors save, restart it on the same database (the SQLite
 * file, or in e2e-pg the same PostgreSQL database), and check that every save the server
 * acknowledged is there, exactly once, and the database is intact.
 * (Power loss is covered by synchronous=FULL, which a test cannot cut the power to prove.)
 */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { signIn, startServer, type TestServer } from "../support/server";
import { serverDb } from "../support/server-db";

const SECTION = "/o/nmf-demo/r/1/c/kap3";
const FIELDS = ["kap3-tiltak-1__feedback", "kap3-tiltak-2__feedback", "kap3-tiltak-3__feedback", "kap3__justification"];
const KILLS = 3;

async function versionOf(server: TestServer, cookie: string, field: string): Promise<number> {
  const html = await (await fetch(server.url + SECTION, { headers: { cookie } })).text();
  return Number(html.match(new RegExp(`name="v\\.${field.replace(/\./g, "\\.")}"[^>]*value="(\\d+)"`))![1]);
}

describe("kill -9 under write load", () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop().catch(() => undefined);
    // The first server's folder (with SQLite, the database file the restarts reused).
    if (servers[0]) rmSync(servers[0].dir, { recursive: true, force: true });
  });

  it(`loses no acknowledged save across ${KILLS} hard kills`, async () => {
    const acknowledged: { field: string; text: string }[] = [];
    let dbFile: string | undefined;
    for (let round = 0; round < KILLS; round++) {
      const server = await startServer({}, dbFile ? { dbFile } : {});
      servers.push(server);
      dbFile = server.dbFile;
      const cookie = await signIn(server.url, "styret@demo.no");
      let killed = false;
      const writers = FIELDS.map(async (field, w) => {
        let base = await versionOf(server, cookie, field);
        for (let i = 0; !killed; i++) {
          const text = `runde ${round} skriver ${w} lagring ${i}`;
          const body = new URLSearchParams({ intent: "save", autosave: "1", [field]: text, [`v.${field}`]: String(base) });
          try {
            const res = await fetch(`${server.url}${SECTION}.data`, { method: "POST", body, headers: { cookie } });
            await res.text();
            if (res.status !== 200) throw new Error(`save answered ${res.status}`);
            acknowledged.push({ field, text });
            base += 1; // each writer owns its field, so its save made exactly the next version
          } catch (error) {
            if (killed) return; // the connection died with the server: not acknowledged
            throw error;
          }
        }
      });
      await new Promise((r) => setTimeout(r, 1_500));
      killed = true;
      process.kill(server.pid, "SIGKILL");
      await Promise.all(writers);
    }

    const db = await serverDb(dbFile!, { readonly: true });
    expect(await db.integrity()).toBe("ok");
    const rows = await db.all<{ key: string; value: string }>(
      "select a.question_key as key, r.value as value from answer_revisions r join answers a on a.id = r.answer_id where a.response_id = 1",
    );
    await db.close();
    const stored = rows.map((r) => `${r.key}|${JSON.parse(r.value) as string}`);
    expect(acknowledged.length).toBeGreaterThan(20);
    for (const { field, text } of acknowledged) {
      const key = field.replaceAll("__", ".");
      expect(stored.filter((s) => s === `${key}|${text}`), text).toHaveLength(1);
    }
  });
});
