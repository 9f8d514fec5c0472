/**
 * A consultation with question groups and measure variants (test/fixtures/templates/) in the real
 * server: the overview and section pages show the parts in the form's order, untitled parts under
 * the UI's own words (Norwegian and English), and each measure only with the questions it asks.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchContext, screenshotPath, signInWithForm } from "../support/browser";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";
import { serverDb } from "../support/server-db";

let server: TestServer;
let context: BrowserContext;
let response: string;
const POLL = { timeout: 10_000 };

async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector("html[data-hydrated]");
}

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hs-templates-"));
  copyFileSync("templates/lis1-evaluering-2021.yaml", path.join(dir, "lis1-evaluering-2021.yaml"));
  copyFileSync("test/fixtures/templates/groups-and-variants.yaml", path.join(dir, "groups-and-variants.yaml"));
  server = await startServer({ TEMPLATES_DIR: dir });
  const db = await serverDb(server.dbFile, { readonly: true });
  const { id: versionId } = (await db.get<{ id: number }>("select id from consultation_versions where consultation_id = ?", "groups-and-variants"))!;
  await db.close();
  const cookie = await signIn(server.url, "styret@demo.no");
  const started = await formRequest(server.url, "/o/nmf-demo", { body: { intent: "startResponse", consultationVersionId: String(versionId) }, cookie });
  expect(started.res.status).toBe(302);
  response = server.url + started.res.headers.get("location")!;

  context = await launchContext();
  const page = await context.newPage();
  await signInWithForm(page, server.url, "styret@demo.no");
  await page.close();
});
afterAll(async () => {
  await context?.close();
  await server?.stop();
});

// The parts' cards (the members' voice charts have a card of their own, not a part of the form).
const headings = async (page: Page) => (await page.locator("main section.card h2").allTextContents()).filter((h) => h !== "Medlemmenes syn i tall");

describe("a consultation with question groups and measure variants", () => {
  it("lists the parts in the form's order; untitled ones named by the UI", async () => {
    const page = await context.newPage();
    await open(page, response);
    expect(await headings(page)).toEqual([
      "Avsender",
      "Spørsmål 2–3",
      "Chapter 1",
      "Costs",
      "Chapter 2",
      "Chapter 3",
      "Generelle tilbakemeldinger",
    ]);
    const numbers = await page.locator("ol.form-items > li .item-number").allTextContents();
    expect(numbers).toEqual(Array.from({ length: 16 }, (_, i) => `${i + 1}.`));
    await page.screenshot({ path: screenshotPath("groups-overview"), fullPage: true });
    await page.close();
  });

  it("shows an untitled group under its numbers, its feedback asked on the answer it names", async () => {
    const page = await context.newPage();
    await open(page, `${response}/c/about-the-proposal`);
    expect(await page.locator("h1").textContent()).toBe("Spørsmål 2–3");
    expect(await page.title()).toMatch(/^Spørsmål 2–3 – /);
    const feedback = page.getByLabel("3. Why not?");
    // Hidden by the page's script once it runs (the lazy parts of the page may finish hydrating later).
    await expect.poll(() => feedback.isVisible(), POLL).toBe(false);
    await page.locator("#q-2").getByLabel("Nei").check();
    await expect.poll(() => feedback.isVisible(), POLL).toBe(true);
    expect(await page.getByRole("link", { name: /Chapter 1 →/ }).count()).toBe(1);
    expect(await page.getByRole("link", { name: /← Avsender/ }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("groups-untitled-group"), fullPage: true });
    await page.close();
  });

  it("asks each measure only the questions it has, and ranks every measure", async () => {
    const page = await context.newPage();
    await open(page, `${response}/c/ch1`);
    expect(await page.locator("h1").textContent()).toBe("Chapter 1");
    // Each measure is one unit: its numbers, text and reference head it; its questions keep their numbers.
    const units = await page.locator(".unit-head").allTextContents();
    expect(units.map((u) => u.replace(/\s+/g, " ").trim())).toEqual([
      "Spørsmål 4–5 Measure one.",
      "Spørsmål 6 Measure two.See 1.2.",
      "Spørsmål 7 Measure three.",
    ]);
    const legends = await page.locator(".question legend").allTextContents();
    const labels = await page.locator(".question > label").allTextContents();
    expect(legends.map((l) => l.replace(/\s+/g, " ").trim())).toEqual([
      "4. Do you support this measure?",
      "7. Do you support this measure?",
      "8. Which of the measures should be prioritised? You can choose up to two measures. Rank the most important as number 1.",
    ]);
    expect(labels.map((l) => l.replace(/\s+/g, " ").trim())).toEqual([
      "5. Your feedback",
      "6. Your feedback",
      "9. Here you can give the reasons for your priorities",
    ]);
    const options = page.locator("#q-8 .rank-label");
    expect((await options.allTextContents()).map((o) => o.replace(/\s+/g, " ").trim())).toEqual([
      "8.1. Measure one.",
      "8.2. Measure two.",
      "8.3. Measure three.",
      "8.4. Measure four.",
    ]);
    // Rank limit 2: "not ranked" and two ranks per select.
    expect(await page.locator("#q-8 select").first().locator("option").count()).toBe(3);
    await page.screenshot({ path: screenshotPath("groups-chapter-variants"), fullPage: true });
    await page.close();
  });

  it("names the untitled parts in English in the English UI", async () => {
    const page = await context.newPage();
    await open(page, response);
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => headings(page), POLL).toContain("Questions 2–3");
    const shown = await headings(page);
    expect(shown).toContain("Sender");
    expect(shown).toContain("General feedback");
    expect(shown).not.toContain("Avsender");
    await page.screenshot({ path: screenshotPath("groups-overview-en"), fullPage: true });
    await page.close();
  });
});
