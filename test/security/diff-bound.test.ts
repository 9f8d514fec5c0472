/**
 * ASVS finding 2, the diff half: the history page word-diffed a 10 MB answer during server
 * rendering (35 s, then a 500). Diffs are now bounded in work: large texts get a line diff, and
 * past the line bounds "too large to compare" — in the history, the 409 merge view and the
 * import review alike. The work is shown by which diff each page says it made, not by a clock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerRow, appendRevisions } from "../support/answers-db";
import { signIn, startServer, type TestServer } from "../support/server";

/** Two unrelated texts of ~`chars` characters each: every word differs. */
const prose = (word: string, chars: number) => Array.from({ length: Math.ceil(chars / (word.length + 6)) }, (_, i) => `${word}${i}`).join(" ").slice(0, chars);

const LINE_NOTE = "forskjellen vises linje for linje";
const TOO_LARGE = "For stor til å sammenligne";

describe("bounded diffs", () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer();
    cookie = await signIn(server.url, "styret@demo.no");
  });
  afterAll(() => server?.stop());

  const base = "/o/nmf-demo/r/1";
  async function request(path: string, body?: URLSearchParams | FormData, who = cookie) {
    const res = await fetch(server.url + path, { method: body ? "POST" : "GET", body, headers: { cookie: who }, redirect: "manual", signal: AbortSignal.timeout(30_000) });
    return { status: res.status, html: await res.text() };
  }

  it("history: 1 MB revisions (stored before the limit) are 'too large to compare' (no diff computed)", async () => {
    const key = "kap3-tiltak-3.feedback";
    await appendRevisions(server.dbFile, 1, key, [prose("alfa", 1024 * 1024), prose("beta", 1024 * 1024)]);
    const page = await request(`${base}/history/${key}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(TOO_LARGE);
  });

  it("history: two unrelated 15,000-character answers get a line diff", async () => {
    const key = "kap3-tiltak-4.feedback";
    await appendRevisions(server.dbFile, 1, key, [prose("gamma", 15_000), prose("delta", 15_000)]);
    const page = await request(`${base}/history/${key}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(LINE_NOTE);
  });

  it("409 merge view: a conflict between two long texts shows a line diff", async () => {
    const field = "kap3-tiltak-5__feedback";
    const key = "kap3-tiltak-5.feedback";
    const started = (await answerRow(server.dbFile, 1, key))?.version ?? 0;
    const save = (text: string, version: number) =>
      request(`${base}/c/kap3`, new URLSearchParams({ intent: "save", [field]: text, [`v.${field}`]: String(version) }));
    expect((await save(prose("epsilon", 15_000), started)).status).toBe(302);
    const conflict = await save(prose("zeta", 15_000), started);
    expect(conflict.status).toBe(409);
    expect(conflict.html).toContain(LINE_NOTE);
  });

  it("import review: a long answer replaced by another shows a line diff", async () => {
    const key = "kap3-tiltak-6.feedback";
    await appendRevisions(server.dbFile, 1, key, [prose("eta", 15_000)]);
    const secretariat = await signIn(server.url, "sekretariat@demo.no");
    const markdown = (await request(`${base}/export.md`, undefined, secretariat)).html;
    const replaced = markdown.replace(prose("eta", 15_000), prose("theta", 15_000));
    expect(replaced).not.toBe(markdown);
    const form = new FormData();
    form.set("intent", "dryRun");
    form.set("file", new Blob([replaced], { type: "text/markdown" }), "svar.md");
    const review = await request(`${base}/import`, form, secretariat);
    expect(review.status).toBe(200);
    expect(review.html).toContain(LINE_NOTE);
  });
});
