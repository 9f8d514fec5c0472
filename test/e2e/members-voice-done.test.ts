/**
 * Issue 8's "done when", end to end on the built server without JavaScript: a member comments on
 * question 5, records Nei on measure 11 and ranks three measures of chapter 3; an editor sees the
 * thread count, the tallies and the suggested ranking, adopts it and resolves the thread; the
 * export is unchanged apart from the adopted ranking (and the comment is in no export).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bordaTop } from "../support/borda-oracle";
import { signIn, startServer, type TestServer } from "../support/server";
import { queryRows } from "../support/answers-db";
import type { Params } from "../support/server-db";

const RESPONSE = "/o/nmf-demo/r/1";
const KAP3 = `${RESPONSE}/c/kap3`;
const MINE = `${KAP3}/mine`;
const QUESTION_5 = "kap3-tiltak-1.support"; // form item 5
const MEASURE_11 = "kap3-tiltak-4"; // its Ja/Nei is form item 11
const KAP3_MEASURES = [1, 2, 3, 4, 5, 6, 7].map((i) => `kap3-tiltak-${i}`);
const MARKER = "KOMMENTAR-MARKOR-8c1f";

let server: TestServer;
const cookies: Record<string, string> = {};

const query = <T>(sql: string, ...args: Params): Promise<T[]> => queryRows<T>(server.dbFile, sql, ...args);
const userId = async (email: string) => (await query<{ id: number }>("select id from users where email = ?", email))[0]!.id;
const decode = (s: string) => s.replace(/<!-- -->/g, "").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

async function post(path: string, fields: Record<string, string>, who: string) {
  const res = await fetch(server.url + path, { method: "POST", body: new URLSearchParams(fields), headers: { cookie: cookies[who]! }, redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), text: decode(await res.text()) };
}
const get = async (path: string, who: string) => {
  const res = await fetch(server.url + path, { headers: { cookie: cookies[who]! } });
  return { status: res.status, text: decode(await res.text()) };
};
const exportMarkdown = async () => {
  const res = await get(`${RESPONSE}/export.md`, "sekretariat@demo.no");
  expect(res.status).toBe(200);
  return res.text;
};

beforeAll(async () => {
  server = await startServer();
  for (const email of ["henrik@demo.no", "styret@demo.no", "sekretariat@demo.no"]) cookies[email] = await signIn(server.url, email);
});
afterAll(() => server?.stop());

describe("issue 8, done when", () => {
  it("a member's voice reaches the official answer through an editor, and nothing else in the export changes", async () => {
    const before = await exportMarkdown();

    // A member (Henrik, who said Ja on measure 11 in the demo) comments on question 5 ...
    const comment = await post(`${RESPONSE}/q/${QUESTION_5}`, { intent: "comment", body: `Bør vi nevne finansieringen? ${MARKER}`, returnTo: `${KAP3}#q-5` }, "henrik@demo.no");
    expect(comment.status).toBe(302);
    expect(comment.location).toBe(`${KAP3}#q-5`);
    const [thread] = await query<{ id: number; version: number }>("select t.id, t.version from comment_threads t join comments c on c.thread_id = t.id where c.body like ?", `%${MARKER}%`);
    expect(thread).toBeDefined();

    // ... records Nei on measure 11 ...
    const [own] = await query<{ version: number }>("select version from member_positions where response_id = 1 and user_id = ? and measure_id = ?", await userId("henrik@demo.no"), MEASURE_11);
    const nei = await post(MINE, { intent: "position", measure: MEASURE_11, view: "no", version: String(own?.version ?? 0), back: "chapter" }, "henrik@demo.no");
    expect(nei.status).toBe(302);

    // ... and ranks three measures of chapter 3 (the whole "my view" form, as the page posts it).
    const form: Record<string, string> = { intent: "save-mine" };
    for (const id of KAP3_MEASURES) {
      const [p] = await query<{ view: string; reason: string; version: number }>("select view, reason, version from member_positions where user_id = ? and measure_id = ?", await userId("henrik@demo.no"), id);
      Object.assign(form, { [`view.${id}`]: p?.view ?? "", [`reason.${id}`]: p?.reason ?? "", [`v.${id}`]: String(p?.version ?? 0), [`rank.${id}`]: "" });
    }
    const [rv] = await query<{ version: number }>("select version from member_rankings where user_id = ? and chapter_id = 'kap3'", await userId("henrik@demo.no"));
    form.rv = String(rv?.version ?? 0);
    Object.assign(form, { "rank.kap3-tiltak-2": "1", "rank.kap3-tiltak-3": "2", "rank.kap3-tiltak-5": "3" });
    const ranked = await post(MINE, form, "henrik@demo.no");
    expect(ranked.status).toBe(302);
    const [ranking] = await query<{ ranking: string }>("select ranking from member_rankings where user_id = ? and chapter_id = 'kap3'", await userId("henrik@demo.no"));
    expect(JSON.parse(ranking!.ranking)).toEqual(["kap3-tiltak-2", "kap3-tiltak-3", "kap3-tiltak-5"]);
    expect((await query<{ view: string }>("select view from member_positions where user_id = ? and measure_id = ?", await userId("henrik@demo.no"), MEASURE_11))[0]!.view).toBe("no");

    // The editor's chapter page: the thread on question 5, the tallies as the rows are, the suggestion.
    const page = (await get(KAP3, "styret@demo.no")).text;
    // The thread's text is on question 5's page (the chapter page loads it when its block is opened).
    expect((await get(`${RESPONSE}/q/${QUESTION_5}`, "styret@demo.no")).text).toContain(MARKER);
    const openInKap3 = (await query<{ n: number }>("select count(*) as n from comment_threads where response_id = 1 and status = 'open' and question_key like 'kap3%'"))[0]!.n;
    expect(page).toContain(`Åpne kommentarer: ${openInKap3}`);
    expect(page).toContain("Kommentarer til punkt 5");
    const tally = async (view: string) => (await query<{ n: number }>("select count(*) as n from member_positions where response_id = 1 and measure_id = ? and view = ?", MEASURE_11, view))[0]!.n;
    expect(page).toContain(`Medlemmenes syn:</strong> Ja ${await tally("yes")} · Nei ${await tally("no")}`);
    const ballots = (await query<{ ranking: string }>("select ranking from member_rankings where response_id = 1 and chapter_id = 'kap3'")).map((r) => JSON.parse(r.ranking) as string[]);
    const suggested = bordaTop(KAP3_MEASURES, ballots, 3);
    expect(page).toContain("Medlemmenes prioritering");

    // The editor adopts the suggestion (an ordinary save with its own revision) ...
    const [official] = await query<{ version: number; value: string }>("select version, value from answers where response_id = 1 and question_key = 'kap3.priority'");
    expect(JSON.parse(official!.value)).not.toEqual(suggested);
    const adopt = await post(MINE, { intent: "adopt-ranking", version: String(official!.version), suggestion: suggested.join(",") }, "styret@demo.no");
    expect(adopt.status).toBe(302);
    const [adopted] = await query<{ version: number; value: string }>("select version, value from answers where response_id = 1 and question_key = 'kap3.priority'");
    expect(JSON.parse(adopted!.value)).toEqual(suggested);
    expect(adopted!.version).toBe(official!.version + 1);

    // ... and resolves the thread.
    const resolve = await post(`${RESPONSE}/q/${QUESTION_5}`, { intent: "resolve", threadId: String(thread!.id), version: String(thread!.version), note: "tatt inn i svaret" }, "styret@demo.no");
    expect(resolve.status).toBe(302);
    expect((await query<{ status: string }>("select status from comment_threads where id = ?", thread!.id))[0]!.status).toBe("resolved");

    // The export: only question 19's ranking differs, and the comment is nowhere.
    const after = await exportMarkdown();
    expect(after).not.toContain(MARKER);
    const split = (md: string) => {
      const start = md.indexOf("- 19\\. Hvilke av tiltakene");
      const end = md.indexOf("- 20\\. ", start);
      expect(start).toBeGreaterThan(0);
      expect(end).toBeGreaterThan(start);
      return { head: md.slice(0, start), ranking: md.slice(start, end), tail: md.slice(end) };
    };
    const [was, is] = [split(before), split(after)];
    expect(is.head).toBe(was.head);
    expect(is.tail).toBe(was.tail);
    expect(is.ranking).not.toBe(was.ranking);
  });
});
