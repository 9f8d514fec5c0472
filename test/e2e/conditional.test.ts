/**
 * The conditional-feedback rule on every write path of the built server: the no-JS section form,
 * autosave (`POST <section>.data`), Markdown import and restore from history. Each refuses
 * feedback to LIS1's question 66 (asked only when 65 is answered "Nei"; the demo answers "Ja") with
 * the import's message, in the reader's language, and stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { launchContext, signInWithForm } from "../support/browser";
import { signIn, startServer, type TestServer } from "../support/server";
import { serverDb } from "../support/server-db";
import { decodeSingleFetch } from "../support/single-fetch";

const RESPONSE = "/o/nmf-demo/r/1";
const SECTION = `${RESPONSE}/c/kap2`;
const TRIGGER = "kap2-enig";
const FEEDBACK = "kap2-enig__feedback";
const FEEDBACK_KEY = "kap2-enig.feedback";
const NB = "Spørsmål 66: Spørsmålet stilles bare når spørsmål 65 er besvart Nei; fjern svaret eller endre spørsmål 65.";
const EN = "Question 66: This question is asked only when question 65 is answered No; remove the answer or change question 65.";
/** The `lang` cookie as the language switch sets it (Remix cookie: base64 of the JSON value). */
const ENGLISH = `lang=${encodeURIComponent(Buffer.from(JSON.stringify("en")).toString("base64"))}`;

let server: TestServer;
let cookie: string;

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
async function stored(key: string): Promise<{ value: string; version: number } | undefined> {
  const db = await serverDb(server.dbFile, { readonly: true });
  try {
    const row = await db.get<{ value: string; version: number }>("select value, version from answers where response_id = 1 and question_key = ?", key);
    return row && { value: JSON.parse(row.value) as string, version: row.version };
  } finally {
    await db.close();
  }
}
async function revisionCount(key: string): Promise<number> {
  const db = await serverDb(server.dbFile, { readonly: true });
  try {
    return (await db.get<{ n: number }>("select count(*) as n from answer_revisions r join answers a on a.id = r.answer_id where a.response_id = 1 and a.question_key = ?", key))!.n;
  } finally {
    await db.close();
  }
}
async function post(url: string, fields: Record<string, string>, extraCookie = "") {
  const res = await fetch(server.url + url, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { cookie: [cookie, extraCookie].filter(Boolean).join("; ") },
    redirect: "manual",
  });
  return { status: res.status, text: await res.text(), location: res.headers.get("location") };
}

beforeAll(async () => {
  server = await startServer();
  cookie = await signIn(server.url, "styret@demo.no");
});
afterAll(() => server?.stop());

describe("feedback to a question not asked is refused on every path", () => {
  it("section form (no JavaScript): 'Ja' plus feedback, and the feedback alone", async () => {
    const v = String((await stored(TRIGGER))!.version);
    expect((await stored(TRIGGER))!.value).toBe("yes");
    const both = await post(SECTION, { intent: "save", [TRIGGER]: "yes", [FEEDBACK]: "Vi er uenige", [`v.${TRIGGER}`]: v, [`v.${FEEDBACK}`]: "0" });
    expect(both.status).toBe(400);
    expect(decode(both.text)).toContain(NB);
    const alone = await post(SECTION, { intent: "save", [FEEDBACK]: "Vi er uenige", [`v.${FEEDBACK}`]: "0" }, ENGLISH);
    expect(alone.status).toBe(400);
    expect(decode(alone.text)).toContain(EN);
    expect(await stored(FEEDBACK_KEY)).toBeUndefined();
  });

  it("autosave (.data): the message on the field, nothing stored", async () => {
    const res = await post(`${SECTION}.data`, { intent: "save", autosave: "1", [FEEDBACK]: "Vi er uenige", [`v.${FEEDBACK}`]: "0" });
    expect(res.status).toBe(400);
    const reply = decodeSingleFetch(res.text) as { result: { error: Record<string, string[]> } };
    expect(reply.result.error[FEEDBACK]).toEqual([NB]);
    expect(await stored(FEEDBACK_KEY)).toBeUndefined();
  });

  it("Markdown import: the same message, nothing stored", async () => {
    const markdown = await (await fetch(`${server.url}${RESPONSE}/export.md`, { headers: { cookie: await signIn(server.url, "sekretariat@demo.no") } })).text();
    const edited = markdown.replace("- 66\\. Dine/deres tilbakemeldinger\n", "- 66\\. Dine/deres tilbakemeldinger\n  - Vi er uenige\n");
    expect(edited).not.toBe(markdown);
    const form = new FormData();
    form.set("intent", "dryRun");
    form.set("file", new Blob([edited]), "svar.md");
    const res = await fetch(`${server.url}${RESPONSE}/import`, { method: "POST", body: form, headers: { cookie: `${cookie}; ${ENGLISH}` } });
    expect(res.status).toBe(200);
    expect(decode(await res.text())).toContain(EN);
    expect(await stored(FEEDBACK_KEY)).toBeUndefined();
  });

  it("restore: feedback given while 65 was 'Nei' cannot come back once 65 is 'Ja'; switching 65 while it has text is refused", async () => {
    const v = (await stored(TRIGGER))!.version;
    // Allowed: 65 "Nei" with feedback (one save), then feedback emptied and 65 back to "Ja" (one save).
    const asked = await post(SECTION, { intent: "save", [TRIGGER]: "no", [FEEDBACK]: "Vi er uenige", [`v.${TRIGGER}`]: String(v), [`v.${FEEDBACK}`]: "0" });
    expect(asked.status).toBe(302);
    // Choosing "Ja" while the feedback still has text: refused, with the message on the trigger (autosave posts one question).
    const switched = await post(`${SECTION}.data`, { intent: "save", autosave: "1", [TRIGGER]: "yes", [`v.${TRIGGER}`]: String(v + 1) });
    expect(switched.status).toBe(400);
    expect((decodeSingleFetch(switched.text) as { result: { error: Record<string, string[]> } }).result.error[TRIGGER]).toEqual([NB]);
    expect((await stored(TRIGGER))!.value).toBe("no");
    const cleared = await post(SECTION, { intent: "save", [TRIGGER]: "yes", [FEEDBACK]: "", [`v.${TRIGGER}`]: String(v + 1), [`v.${FEEDBACK}`]: "1" });
    expect(cleared.status).toBe(302);
    expect(await stored(FEEDBACK_KEY)).toEqual({ value: "", version: 2 });

    const db = await serverDb(server.dbFile, { readonly: true });
    const revision = (await db.get<{ id: number }>(
      "select r.id from answer_revisions r join answers a on a.id = r.answer_id where a.response_id = 1 and a.question_key = ? and r.version = 1",
      FEEDBACK_KEY,
    ))!;
    await db.close();
    const restore = await post(`${RESPONSE}/history/${FEEDBACK_KEY}`, { intent: "restore", revisionId: String(revision.id), baseVersion: "2" }, ENGLISH);
    expect(restore.status).toBe(400);
    expect(decode(restore.text)).toContain(EN);
    expect(await stored(FEEDBACK_KEY)).toEqual({ value: "", version: 2 });
    expect(await revisionCount(FEEDBACK_KEY)).toBe(2);
  });
});

describe("with JavaScript", () => {
  let context: BrowserContext | undefined;
  afterAll(() => context?.close());

  it("choosing the other answer while the feedback has text shows the message; emptying the feedback lets it through", async () => {
    expect([(await stored(TRIGGER))!.value, (await stored(FEEDBACK_KEY))!.value]).toEqual(["yes", ""]); // where the restore test left it
    context = await launchContext();
    const page = await context.newPage();
    await signInWithForm(page, server.url, "styret@demo.no");
    await page.goto(server.url + SECTION);
    await page.waitForSelector("html[data-hydrated]");
    const poll = { timeout: 10_000 };
    const state = (field: string) => page.getByTestId(`state-${field}`).textContent();

    await page.locator("#q-65").getByLabel("Nei").check();
    await expect.poll(() => state(TRIGGER), poll).toBe("Lagret");
    await page.locator("#q-66 textarea").fill("Vi er uenige");
    await expect.poll(async () => (await stored(FEEDBACK_KEY))?.value, poll).toBe("Vi er uenige");

    await page.locator("#q-65").getByLabel("Ja").check();
    await expect.poll(() => page.locator("#q-65 .field-error").textContent(), poll).toBe(NB);
    expect((await stored(TRIGGER))!.value).toBe("no");
    // The feedback stays on the page while it holds text, so it can be emptied.
    expect(await page.locator("#q-66").isVisible()).toBe(true);
    await page.locator("#q-66 textarea").fill("");
    await expect.poll(async () => (await stored(FEEDBACK_KEY))?.value, poll).toBe("");
    await page.locator("#q-65").getByLabel("Nei").check();
    await page.locator("#q-65").getByLabel("Ja").check();
    await expect.poll(async () => (await stored(TRIGGER))?.value, poll).toBe("yes");
    await expect.poll(() => page.locator("#q-66").isHidden(), poll).toBe(true);
  });
});
