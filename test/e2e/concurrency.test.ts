import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, startServer, type TestServer } from "../support/server";
import { serverDb } from "../support/server-db";

const SECTION = "/o/nmf-demo/r/1/c/kap3";
const FIELD = "kap3-tiltak-1__feedback";
const KEY = "kap3-tiltak-1.feedback";
const CLIENTS = 12;

/** What a browser would do: read the page's version for the field. */
async function currentVersion(server: TestServer, cookie: string): Promise<number> {
  const html = await (await fetch(server.url + SECTION, { headers: { cookie } })).text();
  const match = html.match(new RegExp(`name="v\\.${FIELD}"[^>]*value="(\\d+)"`));
  if (!match) throw new Error("version input not found");
  return Number(match[1]);
}

async function autosave(server: TestServer, cookie: string, text: string, base: number): Promise<number> {
  const body = new URLSearchParams({ intent: "save", autosave: "1", [FIELD]: text, [`v.${FIELD}`]: String(base) });
  const res = await fetch(`${server.url}${SECTION}.data`, { method: "POST", body, headers: { cookie } });
  await res.arrayBuffer();
  return res.status;
}

describe("many clients saving one answer at once", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it("acknowledges only saves that became revisions and overwrites nothing silently", async () => {
    const users = ["styret@demo.no", "sekretariat@demo.no", "admin@demo.no"];
    const cookies = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => signIn(server.url, users[i % users.length]!)));
    const acknowledged: string[] = [];
    const refused: string[] = [];

    // Each client starts from the version it saw, saves, and on 409 reloads and tries again.
    await Promise.all(
      cookies.map(async (cookie, client) => {
        let base = await currentVersion(server, cookie);
        for (let attempt = 0; attempt < 60; attempt++) {
          const text = `klient ${client} forsøk ${attempt}`;
          const status = await autosave(server, cookie, text, base);
          if (status === 200) {
            acknowledged.push(text);
            if (acknowledged.filter((t) => t.startsWith(`klient ${client} `)).length === 2) return;
          } else {
            expect(status).toBe(409);
            refused.push(text);
          }
          base = await currentVersion(server, cookie);
        }
        throw new Error(`client ${client} never got two saves through`);
      }),
    );

    const db = await serverDb(server.dbFile, { readonly: true });
    const revisions = await db.all<{ version: number; value: string }>(
      `select r.version, r.value from answer_revisions r join answers a on a.id = r.answer_id
       where a.question_key = ? and a.response_id = 1 order by r.version`,
      KEY,
    );
    const answer = (await db.get<{ value: string; version: number }>("select value, version from answers where question_key = ? and response_id = 1", KEY))!;
    await db.close();

    const values = revisions.map((r) => JSON.parse(r.value) as string);
    expect(acknowledged).toHaveLength(CLIENTS * 2);
    expect(refused.length).toBeGreaterThan(0); // the clients really did collide
    // Versions are contiguous: no save skipped or reused a version.
    expect(revisions.map((r) => r.version)).toEqual(revisions.map((_, i) => i + 1));
    // Every acknowledged save is exactly one revision; every refused one wrote nothing.
    expect(values.slice(1).sort()).toEqual([...acknowledged].sort());
    for (const text of refused) expect(values).not.toContain(text);
    // The answer is the newest revision.
    expect(answer.version).toBe(revisions.length);
    expect(JSON.parse(answer.value)).toBe(values.at(-1));
  });
});
