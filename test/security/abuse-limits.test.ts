/** Finding 2: sign-ups and invite acceptance per IP, organisation creation per user and per IP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, startServer, type TestServer } from "../support/server";
import { serverDb } from "../support/server-db";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: "loopback" });
});
afterAll(async () => {
  await server?.stop();
});

function post(path: string, body: Record<string, string>, ip: string, cookie?: string) {
  return fetch(server.url + path, {
    method: "POST",
    headers: { "x-forwarded-for": ip, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(body),
    redirect: "manual",
  });
}

describe("abuse limits", () => {
  it("a burst of 30 sign-ups from one address: at most 10 accepted, the rest 429 with the form kept", async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        post("/signup", { email: `burst-${i}@eksempel.no`, name: `Burst ${i}`, password: "et-langt-passord" }, "10.5.0.1"),
      ),
    );
    const accepted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(accepted.length).toBe(10);
    expect(refused.length).toBe(20);
    const html = await refused[0]!.text();
    expect(html).toContain("For mange kontoer er opprettet fra denne adressen. Prøv igjen om 60 minutter.");
    expect(html).toMatch(/value="Burst \d+"/);
    expect(refused[0]!.headers.get("retry-after")).toMatch(/^\d+$/);
    const db = await serverDb(server.dbFile, { readonly: true });
    expect((await db.get<{ n: number }>("select count(*) as n from users where email like 'burst-%'"))!.n).toBe(10);
    await db.close();
    // Another address is not affected.
    expect((await post("/signup", { email: "annen@eksempel.no", name: "Annen", password: "et-langt-passord" }, "10.5.0.2")).status).toBe(200);
  });

  it("organisation creation: 5 per user per day, then 429 with the name kept", async () => {
    const cookie = await signIn(server.url, "leser@demo.no");
    for (let i = 0; i < 5; i++) expect((await post("/orgs/new", { name: `Forening ${i}` }, "10.6.0.1", cookie)).status).toBe(302);
    const refused = await post("/orgs/new", { name: "Forening 5" }, "10.6.0.1", cookie);
    expect(refused.status).toBe(429);
    const html = await refused.text();
    expect(html).toContain("Du har opprettet for mange organisasjoner på kort tid.");
    expect(html).toContain('value="Forening 5"');
  });

  it("organisation creation: 20 per address per day across users", async () => {
    // Four organisations each for five users (none reaches the per-user limit of 5), then a sixth
    // user's first: only the per-address rule can refuse it. leser@ already made 5 above.
    const users = ["admin@demo.no", "styret@demo.no", "sekretariat@demo.no", "medlem@demo.no", "kari@demo.no"];
    const cookies = await Promise.all(users.map((u) => signIn(server.url, u)));
    const codes: number[] = [];
    for (let i = 0; i < 20; i++) codes.push((await post("/orgs/new", { name: `Lag ${i}` }, "10.7.0.1", cookies[i % 5]!)).status);
    expect(codes).toEqual(Array(20).fill(302));
    const ola = await signIn(server.url, "ola@demo.no");
    const refused = await post("/orgs/new", { name: "Lag 20" }, "10.7.0.1", ola);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('value="Lag 20"');
    // The same user from another address is not refused: the limit was the address's.
    expect((await post("/orgs/new", { name: "Lag 21" }, "10.7.0.2", ola)).status).toBe(302);
  });

  it("invite acceptance: 20 per address per hour", async () => {
    const cookie = await signIn(server.url, "medlem@demo.no");
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await post(`/invite/ukjent-${i}`, {}, "10.8.0.1", cookie)).status);
    expect(codes.slice(0, 20).every((c) => c === 404)).toBe(true);
    expect(codes[20]).toBe(429);
    const page = await post("/invite/ukjent-x", {}, "10.8.0.1", cookie);
    expect(await page.text()).toContain("For mange invitasjoner er tatt imot fra denne adressen.");
  });
});
