/**
 * ASVS finding 2: answers without a template limit had no size limit (a 10 MB feedback was
 * stored). Now every free-text answer has one: the template's, or 20,000 characters. Every write
 * path refuses more with the "too long" message: section save (the text comes back in the form),
 * autosave, import and restore.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TEXT_MAX } from "../../consultation/limits";
import { answerRow, appendRevisions } from "../support/answers-db";
import { signIn, startServer, type TestServer } from "../support/server";

describe("answer size limit", () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer();
    cookie = await signIn(server.url, "styret@demo.no");
  });
  afterAll(() => server?.stop());

  const key = "kap3-tiltak-1.feedback";
  const field = "kap3-tiltak-1__feedback";
  const base = "/o/nmf-demo/r/1";
  const version = async () => (await answerRow(server.dbFile, 1, key))!.version;

  async function post(path: string, body: URLSearchParams | FormData) {
    const res = await fetch(server.url + path, { method: "POST", body, headers: { cookie }, redirect: "manual" });
    return { status: res.status, html: await res.text() };
  }

  const save = async (text: string, extra: Record<string, string> = {}) =>
    post(`${base}/c/kap3`, new URLSearchParams({ intent: "save", [field]: text, [`v.${field}`]: String(await version()), ...extra }));

  it("refuses 20,001 characters with the message and keeps the text; 20,000 are saved", async () => {
    const before = await version();
    const over = `${"ø".repeat(DEFAULT_TEXT_MAX)}!`;
    const refused = await save(over);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain(`Teksten er for lang: ${DEFAULT_TEXT_MAX + 1} tegn, maks ${DEFAULT_TEXT_MAX}.`);
    expect(refused.html).toContain(over); // the user's text is in the returned form
    expect(await version()).toBe(before);
    const autosaved = await save(over, { autosave: "1" });
    expect(autosaved.status).toBe(400);
    expect(await version()).toBe(before);
    expect((await save("ø".repeat(DEFAULT_TEXT_MAX))).status).toBe(302);
    expect(await version()).toBe(before + 1);
  });

  it("refuses a 1 MB feedback with the text kept, and a 10 MB one at the door (413), storing neither", async () => {
    const before = await version();
    // Under the 2 MiB body limit: the form comes back with the message and everything typed.
    const large = `${"x".repeat(1024 * 1024 - 5)}slutt`;
    const refused = await save(large);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain(`maks ${DEFAULT_TEXT_MAX}.`);
    expect(refused.html).toContain(large);
    // Over it: refused before the body is read (app/http/request-guards.server.ts).
    const huge = await save(`${"x".repeat(10 * 1024 * 1024 - 4)}slutt`);
    expect(huge.status).toBe(413);
    expect(huge.html).toContain("større enn grensen på 2 MiB");
    expect(await version()).toBe(before);
  });

  it("import refuses an answer over the limit", async () => {
    const markdown = await (await fetch(`${server.url}${base}/export.md`, { headers: { cookie: await signIn(server.url, "sekretariat@demo.no") } })).text();
    // Item 6 is kap3-tiltak-1's feedback; its answer is the list entry under it.
    const lines = markdown.split("\n");
    const at = lines.findIndex((l) => l.startsWith("- 6\\. "));
    lines.splice(at + 1, 0, `  - ${"y".repeat(DEFAULT_TEXT_MAX + 1)}`);
    const form = new FormData();
    form.set("intent", "dryRun");
    form.set("file", new Blob([lines.join("\n")], { type: "text/markdown" }), "svar.md");
    const result = await post(`${base}/import`, form);
    expect(result.html).toContain(`Teksten er for lang: `);
    expect(result.html).toContain(`maks ${DEFAULT_TEXT_MAX}.`);
  });

  it("restore refuses a stored revision over the limit (stored before the limit existed)", async () => {
    const current = await appendRevisions(server.dbFile, 1, key, ["z".repeat(DEFAULT_TEXT_MAX + 1), "kort"]);
    const history = await (await fetch(`${server.url}${base}/history/${key}`, { headers: { cookie } })).text();
    const revisionId = new RegExp(`data-testid="revision-${current - 1}"[\\s\\S]*?name="revisionId" value="(\\d+)"`).exec(history)![1]!;
    const restored = await post(`${base}/history/${key}`, new URLSearchParams({ intent: "restore", revisionId, baseVersion: String(current) }));
    expect(restored.status).toBe(400);
    expect(restored.html).toContain("kan ikke gjenopprettes");
    expect(restored.html).toContain(`maks ${DEFAULT_TEXT_MAX}.`);
    expect(await version()).toBe(current);
  });
});
