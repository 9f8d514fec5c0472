/**
 * Export, import and history are rate limited per user and per address, template previews per person
 * and per organisation (limits.ts), with a clear 429.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../app/lib/security/limits";
import { serverDb } from "../support/server-db";
import { signIn, startServer, type TestServer } from "../support/server";

describe("expensive work is rate limited", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it("refuses the export after the per-user limit with Retry-After and a message, and only for that user", async () => {
    const secretariat = await signIn(server.url, "sekretariat@demo.no");
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.exportPerUser.limit; i++) {
      const res = await fetch(`${server.url}/o/nmf-demo/r/1/export.md`, { headers: { cookie: secretariat } });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    const refused = await fetch(`${server.url}/o/nmf-demo/r/1/export.docx`, { headers: { cookie: secretariat } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("Prøv igjen om");
    // Another user from the same address still has room (the per-address limit is higher).
    const admin = await signIn(server.url, "admin@demo.no");
    const other = await fetch(`${server.url}/o/nmf-demo/r/1/export.md`, { headers: { cookie: admin } });
    await other.arrayBuffer();
    expect(other.status).toBe(200);
  });

  it("refuses imports past the limit without running them", async () => {
    const editor = await signIn(server.url, "styret@demo.no");
    let last = 0;
    let lastHtml = "";
    for (let i = 0; i <= LIMITS.importPerUser.limit; i++) {
      const form = new FormData();
      form.set("intent", "dryRun");
      form.set("file", new Blob(["# x\n"], { type: "text/markdown" }), "svar.md");
      const res = await fetch(`${server.url}/o/nmf-demo/r/1/import`, { method: "POST", body: form, headers: { cookie: editor } });
      lastHtml = await res.text();
      last = res.status;
      if (i < LIMITS.importPerUser.limit) expect(res.status).toBe(200);
    }
    expect(last).toBe(429);
    expect(lastHtml).toContain("Prøv igjen om 10 min");
  });

  it("refuses template previews past the per-person limit, and the organisation's past its own, with a 429 naming when to try again", async () => {
    const NEW = "/o/nmf-demo/consultations/new.data";
    const source = "id: x\ntitle: Liten\n";
    const preview = async (cookie: string) => {
      const res = await fetch(server.url + NEW, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "preview", source }).toString(),
      });
      return { status: res.status, text: await res.text() };
    };
    // A third manager of the demo organisation (it has two): the board member becomes secretariat.
    const writable = await serverDb(server.dbFile);
    try {
      expect(await writable.run("update memberships set role = 'secretariat' where user_id = (select id from users where email = ?)", "styret@demo.no")).toBe(1);
    } finally {
      await writable.close();
    }
    const [first, second, third] = await Promise.all(["sekretariat@demo.no", "admin@demo.no", "styret@demo.no"].map((e) => signIn(server.url, e)));
    const perUser = LIMITS.previewPerUser.limit;
    expect(LIMITS.previewPerOrganisation.limit).toBe(2 * perUser); // the counts below rest on it
    const statuses: number[] = [];
    for (let i = 0; i < perUser; i++) statuses.push((await preview(first!)).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const refused = await preview(first!);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain("too many previews in a short while: try again in");
    // Positive control: an accepted preview does not carry that problem.
    expect((await preview(second!)).text).not.toContain("too many previews");
    // Another manager still has room: the organisation's limit is higher ...
    for (let i = 1; i < perUser; i++) statuses.push((await preview(second!)).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // ... until the organisation's previews reach its own limit: then a third manager is refused too.
    const org = await preview(third!);
    expect(org.status).toBe(429);
    expect(org.text).toContain("too many previews in a short while");
  }, 600_000);

  it("refuses history pages past the per-user limit, for that user only", async () => {
    const member = await signIn(server.url, "kari@demo.no");
    const page = `${server.url}/o/nmf-demo/r/1/history/kap3-tiltak-1.feedback`;
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.historyPerUser.limit; i++) {
      const res = await fetch(page, { headers: { cookie: member } });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const other = await fetch(page, { headers: { cookie: await signIn(server.url, "ola@demo.no") } });
    await other.arrayBuffer();
    expect(other.status).toBe(200);
  }, 180_000);
});
