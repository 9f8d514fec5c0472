/** Export, import and history are rate limited per user and per address (limits.ts), with a clear 429. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../app/lib/security/limits";
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
