/**
 * Scale, multiple-choice and number questions on the built server (test/fixtures/consultations/
 * en-kinds.yaml through TEMPLATES_DIR): the section page's inputs, saving each kind through the
 * section form (no JavaScript) and through autosave (`POST <section>.data`), refusals with the
 * input kept, stored shapes (option id, ids in option order, a JSON number), export and import.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDocxParagraphs } from "../support/docx-outline";
import { signIn, startServer, type TestServer } from "../support/server";
import { serverDb } from "../support/server-db";
import { decodeSingleFetch } from "../support/single-fetch";

const root = path.resolve(import.meta.dirname, "../..");
const templatesDir = mkdtempSync(path.join(tmpdir(), "hs-templates-"));
let server: TestServer;
let cookie: string;
let base: string;

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const responseId = () => Number(/\/r\/(\d+)/.exec(base)![1]);

async function stored(key: string): Promise<{ value: unknown; version: number } | undefined> {
  const db = await serverDb(server.dbFile, { readonly: true });
  try {
    const row = await db.get<{ value: string; version: number }>("select value, version from answers where response_id = ? and question_key = ?", responseId(), key);
    return row && { value: JSON.parse(row.value) as unknown, version: row.version };
  } finally {
    await db.close();
  }
}

async function startResponse(consultationId: string): Promise<string> {
  const db = await serverDb(server.dbFile, { readonly: true });
  const { id } = (await db.get<{ id: number }>("select id from consultation_versions where consultation_id = ?", consultationId))!;
  await db.close();
  const res = await fetch(`${server.url}/o/nmf-demo`, {
    method: "POST",
    body: new URLSearchParams({ intent: "startResponse", consultationVersionId: String(id) }),
    headers: { cookie },
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return res.headers.get("location")!;
}

async function post(url: string, fields: [string, string][]) {
  const res = await fetch(server.url + url, { method: "POST", body: new URLSearchParams(fields), headers: { cookie }, redirect: "manual" });
  return { status: res.status, text: await res.text() };
}
const errorsOf = (text: string) => (decodeSingleFetch(text) as { result: { error: Record<string, string[]> } }).result.error;

beforeAll(async () => {
  copyFileSync(path.join(root, "templates/lis1-evaluering-2021.yaml"), path.join(templatesDir, "lis1-evaluering-2021.yaml"));
  copyFileSync(path.join(root, "test/fixtures/consultations/en-kinds.yaml"), path.join(templatesDir, "en-kinds.yaml"));
  server = await startServer({ TEMPLATES_DIR: templatesDir });
  cookie = await signIn(server.url, "sekretariat@demo.no");
  base = await startResponse("test-en-kinds");
});
afterAll(async () => {
  await server?.stop();
  rmSync(templatesDir, { recursive: true, force: true });
});

describe("scale, multiple choice and number on the server", () => {
  it("the section page: a scale radio group with 'no answer', checkboxes, a numeric text input with its unit", async () => {
    const hours = decode(await (await fetch(`${server.url}${base}/c/hours`, { headers: { cookie } })).text());
    expect(hours).toContain('class="scale-row"');
    const radios = [...hours.matchAll(/<input type="radio" name="hours-agree"[^>]*value="([^"]*)"/g)].map((m) => m[1]);
    expect(radios).toEqual(["agree-fully", "agree", "neutral", "disagree", "disagree-fully", ""]);
    expect(hours).toContain('value=""/>Ikke besvart</label>');
    expect(hours).toMatch(/type="checkbox" name="hours-days" form="answers" value="mon"/);
    const budget = decode(await (await fetch(`${server.url}${base}/c/budget`, { headers: { cookie } })).text());
    expect(budget).toMatch(/inputMode="decimal"[^>]*name="budget-share"|name="budget-share"[^>]*inputMode="decimal"/i);
    expect(budget).toContain(`<span class="unit" id="unit-budget-share">%</span>`);
    expect(budget).toMatch(/aria-describedby="unit-budget-share"/);
  });

  it("section form (no JavaScript): each kind saved in its stored shape", async () => {
    const sender = await post(`${base}/c/sender`, [["intent", "save"], ["sender-members", "1 500"], ["v.sender-members", "0"]]);
    expect(sender.status).toBe(302);
    expect((await stored("sender-members"))!.value).toBe(1500);
    const hours = await post(`${base}/c/hours`, [
      ["intent", "save"],
      ["hours-agree", "disagree"],
      ["hours-days", "wed"],
      ["hours-days", "mon"],
      ["v.hours-agree", "0"],
      ["v.hours-days", "0"],
    ]);
    expect(hours.status).toBe(302);
    expect((await stored("hours-agree"))!.value).toBe("disagree");
    expect((await stored("hours-days"))!.value).toEqual(["mon", "wed"]);
  });

  it("section form: refusals are localized, the input is kept, nothing stored", async () => {
    const v = String((await stored("hours-days"))!.version);
    const tooMany = await post(`${base}/c/hours`, [["intent", "save"], ...["mon", "tue", "wed", "thu"].map((d): [string, string] => ["hours-days", d]), ["v.hours-days", v]]);
    expect(tooMany.status).toBe(400);
    const page = decode(tooMany.text);
    expect(page).toContain("Velg høyst 3 alternativer (du valgte 4).");
    const checked = [...page.matchAll(/<input type="checkbox" name="hours-days" form="answers"( checked="")? value="(\w+)"/g)].filter((m) => m[1]).map((m) => m[2]);
    expect(checked).toEqual(["mon", "tue", "wed", "thu"]);
    expect((await stored("hours-days"))!.value).toEqual(["mon", "wed"]);
    const whole = await post(`${base}/c/sender`, [["intent", "save"], ["sender-members", "12,5"], ["v.sender-members", String((await stored("sender-members"))!.version)]]);
    expect(whole.status).toBe(400);
    expect(decode(whole.text)).toContain("Skriv et helt tall.");
    expect(decode(whole.text)).toContain('value="12,5"');
    expect((await stored("sender-members"))!.value).toBe(1500);
  });

  it("autosave (.data): numbers with a decimal comma, checkboxes, refusals on the field", async () => {
    const saved = await post(`${base}/c/budget.data`, [["intent", "save"], ["autosave", "1"], ["budget-amount", "250 000,5"], ["v.budget-amount", "0"]]);
    expect(saved.status).toBe(200);
    expect((await stored("budget-amount"))!.value).toBe(250000.5);
    const sources = await post(`${base}/c/budget.data`, [["intent", "save"], ["autosave", "1"], ["budget-sources", "fees"], ["v.budget-sources", "0"]]);
    expect(sources.status).toBe(200);
    expect((await stored("budget-sources"))!.value).toEqual(["fees"]);
    const share = await post(`${base}/c/budget.data`, [["intent", "save"], ["autosave", "1"], ["budget-share", "120"], ["v.budget-share", "0"]]);
    expect(share.status).toBe(400);
    expect(errorsOf(share.text)["budget-share"]).toEqual(["Tallet må være høyst 100."]);
    expect(await stored("budget-share")).toBeUndefined();
    const unknown = await post(`${base}/c/budget.data`, [["intent", "save"], ["autosave", "1"], ["budget-sources", "lottery"], ["v.budget-sources", String((await stored("budget-sources"))!.version)]]);
    expect(unknown.status).toBe(400);
    expect(errorsOf(unknown.text)["budget-sources"]).toEqual(["«lottery» er ikke et av alternativene."]);
    const okShare = await post(`${base}/c/budget.data`, [["intent", "save"], ["autosave", "1"], ["budget-share", "12,5"], ["v.budget-share", "0"]]);
    expect(okShare.status).toBe(200);
    expect((await stored("budget-share"))!.value).toBe(12.5);
    const scale = await post(`${base}/c/general.data`, [["intent", "save"], ["autosave", "1"], ["general-overall", "good"], ["v.general-overall", "0"]]);
    expect(scale.status).toBe(200);
    expect((await stored("general-overall"))!.value).toBe("good");
    // Unchecking every box clears the answer (the field's version is what makes it part of the post).
    const cleared = await post(`${base}/c/budget.data`, [["intent", "save"], ["autosave", "1"], ["v.budget-sources", String((await stored("budget-sources"))!.version)]]);
    expect(cleared.status).toBe(200);
    expect((await stored("budget-sources"))!.value).toEqual([]);
  });

  it("overview shows labels and numbers; export prints them in English; the export imports back unchanged", async () => {
    const overview = decode(await (await fetch(`${server.url}${base}`, { headers: { cookie } })).text());
    expect(overview).toContain("Disagree");
    expect(overview).toContain("250\u00a0000,5 GBP");
    const markdown = await (await fetch(`${server.url}${base}/export.md`, { headers: { cookie } })).text();
    expect(markdown).toContain("- 2\\. How many members does the organisation have?\n  - 1,500\n");
    expect(markdown).toContain("- 5\\. The proposed hours meet our members' needs.\n  - Disagree\n");
    expect(markdown).toContain("- 6\\. On which days should the library open later?\n  - Monday\n  - Wednesday\n");
    expect(markdown).toContain("- 7\\. What yearly budget increase do you propose?\n  - 250,000.5 GBP\n");
    expect(markdown).toContain("- 8\\. Which share of it should go to staff?\n  - 12.5 %\n");
    expect(markdown).toContain("- 10\\. Overall, how do you rate the proposal?\n  - Good\n");
    const docx = Buffer.from(await (await fetch(`${server.url}${base}/export.docx`, { headers: { cookie } })).arrayBuffer());
    const texts = readDocxParagraphs(docx).map((p) => p.text);
    expect(texts).toEqual(expect.arrayContaining(["Disagree", "Monday", "Wednesday", "250,000.5 GBP", "12.5 %", "1,500"]));
    const form = new FormData();
    form.set("intent", "dryRun");
    form.set("file", new Blob([markdown]), "svar.md");
    const res = await fetch(`${server.url}${base}/import`, { method: "POST", body: form, headers: { cookie } });
    expect(res.status).toBe(200);
    expect(decode(await res.text())).toContain("Filen endrer ingen svar.");
  });
});
