/**
 * ASVS finding 3: a history of 5,000 revisions was one 6.2 MB page (1.5 s, holding other requests
 * up). Now it is paginated in SQL, 50 revisions a page, with prev/next links; any page can restore.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerRow, appendRevisions } from "../support/answers-db";
import { signIn, startServer, type TestServer } from "../support/server";

describe("history of 5,000 revisions", () => {
  let server: TestServer;
  let cookie: string;
  let newest: number;
  const key = "kap3-tiltak-2.feedback";
  const path = `/o/nmf-demo/r/1/history/${key}`;

  beforeAll(async () => {
    server = await startServer();
    cookie = await signIn(server.url, "styret@demo.no");
    const first = (await answerRow(server.dbFile, 1, key))?.version ?? 0;
    newest = await appendRevisions(
      server.dbFile,
      1,
      key,
      Array.from({ length: 5_000 - first }, (_, i) => `Utkast ${first + i + 1}: ${"tekst ".repeat(40)}`),
    );
    expect(newest).toBe(5_000);
  });
  afterAll(() => server?.stop());

  const get = async (query = "") => {
    const res = await fetch(`${server.url}${path}${query}`, { headers: { cookie } });
    return { status: res.status, html: await res.text() };
  };
  const versionsOn = (html: string) => [...html.matchAll(/data-testid="revision-(\d+)"/g)].map((m) => Number(m[1]));

  it("page 1 is small: the 50 newest revisions, with a link to older ones", async () => {
    const page = await get();
    expect(page.status).toBe(200);
    expect(page.html.length).toBeLessThan(300_000);
    expect(versionsOn(page.html)).toEqual(Array.from({ length: 50 }, (_, i) => 5_000 - i));
    expect(page.html).toContain("Side 1 av 100");
    expect(/<a [^>]*rel="next"[^>]*>/.exec(page.html)?.[0]).toContain(`href="${path}?page=2"`);
    expect(page.html).not.toContain('rel="prev"');
    expect(page.html).toContain('aria-label="Sider i historikken"');
  });

  it("page 100 exists and ends with the oldest revision; page 101 does not exist", async () => {
    const last = await get("?page=100");
    expect(last.status).toBe(200);
    expect(versionsOn(last.html)).toEqual(Array.from({ length: 50 }, (_, i) => 50 - i));
    expect(last.html).toContain('rel="prev"');
    expect(last.html).not.toContain('rel="next"');
    // Each revision but the oldest is shown as a diff against the one before it, across pages too.
    const page2 = await get("?page=2");
    expect(versionsOn(page2.html).at(-1)).toBe(4_901);
    expect((await get("?page=101")).status).toBe(404);
    for (const bad of ["0", "-1", "abc", "1.5", "9".repeat(50)]) expect((await get(`?page=${encodeURIComponent(bad)}`)).status).toBe(400);
  });

  it("the work per page does not grow with the history: any page of 5,000 revisions holds 50, side by side with other pages", async () => {
    const pages = await Promise.all([get("?page=37"), get("?page=99"), get()]);
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(versionsOn(page.html)).toHaveLength(50);
      // Same work, same size: within a fifth of page 1's (each revision a diff against the one before).
      expect(Math.abs(page.html.length - pages[2]!.html.length)).toBeLessThan(pages[2]!.html.length / 5);
    }
  });

  it("restores from the last page", async () => {
    const last = await get("?page=100");
    const revisionId = /data-testid="revision-1"[\s\S]*?name="revisionId" value="(\d+)"/.exec(last.html)![1]!;
    expect(last.html).toContain(`name="baseVersion" value="${newest}"`);
    const res = await fetch(server.url + path, {
      method: "POST",
      body: new URLSearchParams({ intent: "restore", revisionId, baseVersion: String(newest) }),
      headers: { cookie },
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect((await answerRow(server.dbFile, 1, key))!.version).toBe(newest + 1);
    const first = await get();
    expect(versionsOn(first.html)[0]).toBe(newest + 1);
    expect(first.html).toContain("Gjenopprettet fra versjon 1");
  });
});
