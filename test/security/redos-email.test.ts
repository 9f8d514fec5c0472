/**
 * ASVS finding 1 on the real server: autosaving the sender e-mail "a@" + "." × N + "@" blocked the
 * event loop (N = 80,000: 10.7 s). Now the size limit (254) is checked before any pattern: the
 * save is refused with the "too long" message in time linear in the input, and other requests are
 * served meanwhile. The same for hostile Markdown uploads (micromark: 16 s for 64 kB of "*a"
 * before). No clock targets: the time at 64 kB and at 1 MB are compared (test/support/linear.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerRow } from "../support/answers-db";
import { describeGrowth, growth, isLinear } from "../support/linear";
import { signIn, startServer, type TestServer } from "../support/server";

describe("ReDoS: hostile e-mail autosave and Markdown import", () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer();
    cookie = await signIn(server.url, "styret@demo.no");
  });
  afterAll(() => server?.stop());

  const section = "/o/nmf-demo/r/1/c/sender";

  async function timed<T>(fn: () => Promise<T>): Promise<{ value: T }> {
    return { value: await fn() };
  }
  const saveEmail = async (email: string) => {
    const version = (await answerRow(server.dbFile, 1, "avsender-epost"))?.version ?? 0;
    const body = new URLSearchParams({ intent: "save", autosave: "1", "avsender-epost": email, "v.avsender-epost": String(version) });
    const res = await fetch(server.url + section, { method: "POST", body, headers: { cookie }, signal: AbortSignal.timeout(60_000) });
    return { status: res.status, text: await res.text() };
  };

  it("refusing dots between two @ takes linear time: 64 kB against 1 MB", async () => {
    const g = await growth(async (dots) => expect((await saveEmail(`a@${".".repeat(dots)}@`)).status).toBe(400), 64 * 1024, 16);
    expect(isLinear(g), describeGrowth(g)).toBe(true);
  });

  it.each([80_000, 1024 * 1024])("refuses %i dots between two @ while other requests are served", async (dots) => {
    const version = (await answerRow(server.dbFile, 1, "avsender-epost"))?.version ?? 0;
    const body = new URLSearchParams({ intent: "save", autosave: "1", "avsender-epost": `a@${".".repeat(dots)}@`, "v.avsender-epost": String(version) });
    const save = timed(async () => {
      // The autosave's post (autosave=1), as a document request so the reply is the page's HTML.
      const res = await fetch(server.url + section, {
        method: "POST",
        body,
        headers: { cookie },
        signal: AbortSignal.timeout(60_000),
      });
      return { status: res.status, text: await res.text() };
    });
    // A GET sent while the save is being handled must not wait for it.
    await new Promise((r) => setTimeout(r, 20));
    const other = timed(async () => (await fetch(`${server.url}/login`, { signal: AbortSignal.timeout(60_000) })).status);
    const [saved, got] = await Promise.all([save, other]);
    expect(saved.value.status).toBe(400);
    expect(saved.value.text).toContain("Teksten er for lang");
    expect(got.value).toBe(200);
    // Nothing stored.
    expect((await answerRow(server.dbFile, 1, "avsender-epost"))?.version ?? 0).toBe(version);
  });

  it.each([
    ["emphasis", "*a"],
    ["all inline marks", "![&*<[\\]_`"],
    ["nested numbered lists", "1. "],
  ])("import: 1 MB of %s is refused while other requests are served, in time linear in the upload", async (_name, unit) => {
    const secretariat = await signIn(server.url, "sekretariat@demo.no");
    const upload1 = (size: number) => {
      const form = new FormData();
      form.set("intent", "dryRun");
      form.set("file", new Blob([unit.repeat(Math.ceil(size / unit.length))], { type: "text/markdown" }), "svar.md");
      return form;
    };
    const form = upload1(1024 * 1024);
    const upload = timed(async () => {
      const res = await fetch(`${server.url}/o/nmf-demo/r/1/import`, { method: "POST", body: form, headers: { cookie: secretariat }, signal: AbortSignal.timeout(120_000) });
      return { status: res.status, text: await res.text() };
    });
    await new Promise((r) => setTimeout(r, 20));
    const other = timed(async () => (await fetch(`${server.url}/login`, { signal: AbortSignal.timeout(120_000) })).status);
    const [uploaded, got] = await Promise.all([upload, other]);
    expect(uploaded.value.text).toContain("Filen kan ikke importeres");
    expect(got.value).toBe(200);
    // Three tries a size: the import limit is 30 uploads per user in 10 minutes.
    const g = await growth(
      async (size) => {
        const res = await fetch(`${server.url}/o/nmf-demo/r/1/import`, { method: "POST", body: upload1(size), headers: { cookie: secretariat } });
        expect(res.status).toBeLessThan(500);
        await res.text();
      },
      64 * 1024,
      16,
      3,
    );
    expect(isLinear(g), describeGrowth(g)).toBe(true);
  });

  it("still refuses a malformed address and accepts a good one", async () => {
    const post = async (email: string) => {
      const version = (await answerRow(server.dbFile, 1, "avsender-epost"))?.version ?? 0;
      const res = await fetch(server.url + section, {
        method: "POST",
        body: new URLSearchParams({ intent: "save", "avsender-epost": email, "v.avsender-epost": String(version) }),
        headers: { cookie },
        redirect: "manual",
      });
      return { status: res.status, html: await res.text() };
    };
    const bad = await post("a@....@");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Skriv en gyldig e-postadresse");
    expect((await post("post@nmf.no")).status).toBe(302);
  });
});
