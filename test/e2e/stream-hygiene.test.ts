/**
 * Issue 20, item 8 (session and stream hygiene, from an outside security review), against the
 * built server with a heartbeat of an hour, so that only the hub's membership check can end a stream:
 * - a member removed while their stream is open has it ended (no heartbeat could have) and receives
 *   no later event, also when the stream is held by another server process than the one that
 *   removed them (no clock: the test waits for the end, however long a busy machine takes);
 * - `…/events` is never stored by a cache;
 * - POST `…/references` with a missing or unknown intent is a 400 naming it, not a 500;
 * - in Chromium: the revalidations a page starts by itself (live updates) do not extend the idle
 *   timeout, while a person's own navigation does; no page reports a CSP violation (zod's eval
 *   probe is off: jitless).
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchContext, signInWithForm } from "../support/browser";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";
import { serverDb, type ServerDb } from "../support/server-db";
import { decodeSingleFetch, type SaveReply } from "../support/single-fetch";
import { openSse, type SseFrame, type SseStream } from "../support/sse";

const ORG = "nmf-demo";
const RESPONSE = `/o/${ORG}/r/1`;

let a: TestServer;
let b: TestServer;
let db: ServerDb;
const cookies: Record<string, string> = {};
const open: SseStream[] = [];

const userId = async (email: string) => (await db.get<{ id: number }>("select id from users where email = ?", email))!.id;
const answerVersion = async (key: string) =>
  (await db.get<{ version: number }>("select version from answers where response_id = 1 and question_key = ?", key))?.version ?? 0;
const isAnswer = (subject: string, value: string) => (f: SseFrame) =>
  f.event === "answer" && (JSON.parse(f.data) as { subject: string; payload: { value: unknown } }).subject === subject && (JSON.parse(f.data) as { payload: { value: unknown } }).payload.value === value;

async function connected(who: string, server: TestServer) {
  const stream = await openSse(`${server.url}${RESPONSE}/events`, { cookie: cookies[who]! });
  open.push(stream);
  expect(stream.status).toBe(200);
  await stream.next((f) => f.event === "presence");
  return stream;
}

async function autosave(who: string, key: string, value: string, server: TestServer) {
  const [section] = key.split("-");
  const field = key.replace(".", "__");
  const res = await fetch(`${server.url}${RESPONSE}/c/${section}.data`, {
    method: "POST",
    headers: { cookie: cookies[who]! },
    body: new URLSearchParams({ intent: "save", autosave: "1", [field]: value, [`v.${field}`]: String(await answerVersion(key)) }),
  });
  const reply = decodeSingleFetch(await res.text()) as SaveReply;
  expect(res.status, JSON.stringify(reply)).toBe(200);
}

beforeAll(async () => {
  // A heartbeat of an hour (the first one falls at a random point of it): a stream that ends in
  // this test was ended by the membership check, not by a heartbeat's recheck. Were the removal
  // left to the heartbeat, the wait for the end below would run into the test's timeout.
  a = await startServer({ LIVE_HEARTBEAT_MS: "3600000" });
  b = await startServer({ LIVE_HEARTBEAT_MS: "3600000" }, { dbFile: a.dbFile });
  db = await serverDb(a.dbFile, { readonly: true });
  for (const [name, email] of Object.entries({ admin: "admin@demo.no", editor: "styret@demo.no", removed: "thea@demo.no", removedHere: "henrik@demo.no" }))
    cookies[name] = await signIn(a.url, email);
}, 120_000);

afterAll(async () => {
  for (const stream of open) stream.close();
  await db?.close();
  await b?.stop();
  await a?.stop();
});

async function removeMember(email: string) {
  const id = await userId(email);
  const version = (await db.get<{ version: number }>("select m.version from memberships m join organisations o on o.id = m.organisation_id where o.slug = ? and m.user_id = ?", ORG, id))!.version;
  const res = await formRequest(a.url, `/o/${ORG}/members`, { body: { intent: "remove", userId: String(id), version: String(version) }, cookie: cookies.admin });
  expect(res.res.status).toBe(302);
}

describe("a member removed while their stream is open", () => {
  for (const where of ["another server process", "the same server process"] as const) {
    it(`has its stream ended by the removal and receives no later event (stream on ${where} than the removal); others' streams go on`, async () => {
      const server = where === "another server process" ? b : a;
      const who = where === "another server process" ? "removed" : "removedHere";
      const key = where === "another server process" ? "kap3-tiltak-6.feedback" : "kap3-tiltak-5.feedback";
      const removed = await connected(who, server);
      const editor = await connected("editor", server);
      // Before the removal the member's stream delivers saves.
      await autosave("editor", key, `Før fjerning (${where})`, a);
      await removed.next(isAnswer(key, `Før fjerning (${where})`), 5_000);

      await removeMember(where === "another server process" ? "thea@demo.no" : "henrik@demo.no");
      // The removal ends the stream: waited for without a time limit of our own (the test's timeout) …
      await removed.ended;
      // … a save reaches the editor but not the removed member, whose stream has ended.
      await autosave("editor", key, `Etter fjerning (${where})`, a);
      await editor.next(isAnswer(key, `Etter fjerning (${where})`), 5_000);
      expect(removed.isEnded()).toBe(true);
      expect(removed.frames.some(isAnswer(key, `Etter fjerning (${where})`))).toBe(false);
      expect(editor.isEnded()).toBe(false);
      // Reconnecting is refused.
      const again = await openSse(`${server.url}${RESPONSE}/events`, { cookie: cookies[who]! });
      open.push(again);
      expect(again.status).toBe(404);
      editor.close();
    });
  }
});

describe("the events stream's headers", () => {
  it("Cache-Control: no-store (and no transform), as an event stream", async () => {
    const stream = await connected("editor", a);
    const cacheControl = stream.res.headers.get("cache-control") ?? "";
    expect(cacheControl.split(/,\s*/)).toEqual(expect.arrayContaining(["no-store", "no-transform"]));
    expect(stream.res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    stream.close();
  });
});

describe("POST …/references without a known intent", () => {
  for (const [label, body] of [
    ["no intent", { organisationName: "Legeforeningen", text: "1. Ja" }],
    ["an unknown intent", { intent: "destroy-all", organisationName: "Legeforeningen", text: "1. Ja" }],
    ["an empty intent", { intent: "" }],
  ] as const) {
    it(`${label} → 400 naming the intent; nothing stored`, async () => {
      const before = (await db.get<{ n: number }>("select count(*) as n from reference_answers"))!.n;
      const res = await formRequest(a.url, `${RESPONSE}/references`, { body: { ...body }, cookie: cookies.editor });
      expect(res.res.status).toBe(400);
      expect(res.html).toContain("intent");
      expect(res.html).toContain("Ingenting er lagret");
      expect((await db.get<{ n: number }>("select count(*) as n from reference_answers"))!.n).toBe(before);
    });
  }
  it("as multipart (the page's own encoding) with no intent → 400 as well", async () => {
    const form = new FormData();
    form.set("organisationName", "Legeforeningen");
    form.set("text", "1. Ja");
    const res = await fetch(`${a.url}${RESPONSE}/references`, { method: "POST", body: form, headers: { cookie: cookies.editor! }, redirect: "manual" });
    expect(res.status).toBe(400);
  });
});

describe("in the browser", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await launchContext();
    // Every CSP violation a page reports, kept where the test can read it.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
  });
  afterAll(async () => context?.close());

  const violations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

  it("no page reports a CSP violation, also after its forms validate in the browser (zod runs jitless)", async () => {
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    await page.goto(a.url + "/login");
    await page.waitForSelector("html[data-hydrated]");
    // An empty submit validates the form with zod in the browser.
    await page.locator("main").getByRole("button", { name: "Logg inn" }).click();
    await page.getByLabel("E-post").fill("ikke-en-adresse");
    await page.getByLabel("Passord").focus();
    expect(await violations(page)).toEqual([]);
    await signInWithForm(page, a.url, "admin@demo.no");
    for (const path of ["/account", `/o/${ORG}/members`, `/o/${ORG}/consultations/new`, RESPONSE, `${RESPONSE}/c/kap3`, `${RESPONSE}/c/kap3/mine`, `${RESPONSE}/submission`]) {
      await page.goto(a.url + path);
      await page.waitForSelector("html[data-hydrated]");
      // Let every form on the page validate once: focus and leave each text field.
      for (const field of await page.locator("main input[type=text], main input[type=email], main input:not([type]), main textarea").all()) {
        if (!(await field.isVisible()) || !(await field.isEditable())) continue;
        await field.focus();
        await field.blur();
      }
      expect(await violations(page), path).toEqual([]);
    }
    expect(consoleErrors.filter((text) => /Content Security Policy|unsafe-eval/i.test(text))).toEqual([]);
    await page.close();
  });

  it("the live page's own revalidations do not extend the idle timeout; the person's navigation does", async () => {
    const own = await launchContext();
    try {
      const page = await own.newPage();
      await signInWithForm(page, a.url, "nora@demo.no");
      const session = (await db.get<{ id: string }>("select id from sessions where user_id = ? order by created_at desc limit 1", await userId("nora@demo.no")))!;
      const lastSeen = async () => (await db.get<{ t: number }>("select last_seen_at as t from sessions where id = ?", session.id))!.t;
      await page.goto(a.url + RESPONSE);
      await page.waitForSelector("html[data-hydrated]");
      const dataRequests: { path: string; background: string | null }[] = [];
      // Counted as they go out: the page may stop reading a data response once it has what it
      // needs, which the browser reports as an aborted request rather than a finished one.
      page.on("request", (r) => {
        const url = new URL(r.url());
        if (r.method() === "GET" && url.pathname.endsWith(".data")) dataRequests.push({ path: url.pathname + url.search, background: r.headers()["x-background-request"] ?? null });
      });
      const writable = await serverDb(a.dbFile);
      try {
        const fiveMinutesAgo = Date.now() - 5 * 60_000;
        await writable.run("update sessions set last_seen_at = ? where id = ?", fiveMinutesAgo, session.id);
        // Someone else saves: the overview's recent changes follow by themselves (a revalidation).
        await autosave("editor", "kap5-tiltak-1.feedback", "Endret mens Nora så på", a);
        await page.locator(`.recent-changes a[href$="/history/kap5-tiltak-1.feedback"]`).first().waitFor({ state: "attached", timeout: 15_000 });
        expect(dataRequests.length).toBeGreaterThan(0);
        expect(dataRequests.filter((r) => r.background !== "revalidate")).toEqual([]);
        expect(await lastSeen()).toBe(fiveMinutesAgo);
        // The person clicks to a chapter: that counts.
        await page.locator(`main a[href$="${RESPONSE}/c/kap3"]`).first().click();
        await page.waitForURL(`${a.url}${RESPONSE}/c/kap3`);
        await page.waitForSelector("h1");
        const chapterRequests = () => dataRequests.filter((r) => r.path.startsWith(`${RESPONSE}/c/kap3.data`));
        await expect.poll(() => chapterRequests().length, { timeout: 10_000 }).toBeGreaterThan(0);
        const mine = chapterRequests();
        expect(mine.every((r) => r.background === null)).toBe(true);
        expect(await lastSeen()).toBeGreaterThan(fiveMinutesAgo);
      } finally {
        await writable.close();
      }
    } finally {
      await own.close();
    }
  });
});
