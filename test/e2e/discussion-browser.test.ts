/**
 * Comment threads in Chromium: a member replies on the chapter page with JavaScript (no full
 * reload, the thread updates in place) and uses the @mention autocomplete; an editor resolves a
 * thread from inside the section form's page; axe on the page with threads open; a screenshot;
 * and the same post without JavaScript (plain form post and redirect).
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchContext, screenshotPath, signInWithForm } from "../support/browser";
import { startServer, type TestServer } from "../support/server";

const RESPONSE = "/o/nmf-demo/r/1";
const POLL = { timeout: 10_000 };
let server: TestServer;
const contexts: BrowserContext[] = [];

async function signedInPage(email: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await launchContext(options);
  contexts.push(context);
  const page = await context.newPage();
  await signInWithForm(page, server.url, email);
  return page;
}

const serious = async (page: Page) => (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical");

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await server?.stop();
});

describe("comment threads with JavaScript", () => {
  it("a member replies without a full reload, mentions with autocomplete; axe finds nothing serious", async () => {
    const page = await signedInPage("amina@demo.no");
    await page.goto(`${server.url}${RESPONSE}/c/kap3`);
    await page.waitForSelector("html[data-hydrated]");
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));

    const threads = page.locator('details[data-question="kap3.priority"]');
    await threads.locator("summary").first().click();
    const thread = threads.locator("article.thread").first();
    await expect.poll(() => thread.textContent(), POLL).toContain("medlemsundersøkelsen");
    await thread.getByLabel("Svar i tråden").fill("Takk, Maja! Da foreslår jeg at vi bytter rekkefølge.");
    await thread.getByRole("button", { name: "Svar", exact: true }).click();
    await expect.poll(() => thread.locator(".comment").count(), POLL).toBe(3);
    expect(await thread.locator(".comment").last().textContent()).toContain("Da foreslår jeg at vi bytter rekkefølge.");
    expect(await thread.getByLabel("Svar i tråden").inputValue()).toBe("");

    // @mention: typing "@Kar" offers Kari Nordmann; choosing writes the full name.
    const box = threads.getByLabel("Ny kommentar");
    await box.click();
    await box.pressSequentially("Hva mener du, @Kar");
    const suggestion = threads.getByRole("button", { name: "@Kari Nordmann" });
    await suggestion.waitFor(POLL);
    // By keyboard: Arrow Down reaches the suggestion (right after the field), Enter chooses it.
    await box.press("ArrowDown");
    expect(await suggestion.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    expect(await box.inputValue()).toBe("Hva mener du, @Kari Nordmann ");
    await box.pressSequentially("?");
    await threads.getByRole("button", { name: "Kommenter" }).click();
    await expect.poll(() => threads.locator("article.thread").count(), POLL).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);

    // An empty comment: the message, no post stored, the page stays.
    await threads.getByRole("button", { name: "Kommenter" }).click();
    await expect.poll(() => threads.locator(".field-error").first().textContent(), POLL).toBe("Skriv en kommentar før du sender.");

    await threads.screenshot({ path: screenshotPath("comment-thread") });
    // Every thread block and every fold on the page open for axe (edit boxes, resolved threads).
    await page.evaluate(() => document.querySelectorAll("details.discussion, details.discussion details").forEach((d) => ((d as HTMLDetailsElement).open = true)));
    expect(await serious(page)).toEqual([]);
  });

  it("an editor resolves a thread from the editors' chapter page; the section form is untouched", async () => {
    const page = await signedInPage("styret@demo.no");
    await page.goto(`${server.url}${RESPONSE}/c/kap4`);
    await page.waitForSelector("html[data-hydrated]");
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
    // No form inside another: the comment fields belong to their own forms, not the answer form.
    expect(await page.evaluate(() => document.querySelectorAll("form form").length)).toBe(0);
    const threads = page.locator('details[data-question="kap4-tiltak-1.feedback"]');
    await threads.locator("summary").first().click();
    const field = threads.getByLabel("Svar i tråden").first();
    expect(await field.evaluate((el) => (el as HTMLTextAreaElement).form?.id)).toMatch(/^cf-reply-\d+$/);

    const thread = threads.locator("article.thread").first();
    await thread.getByLabel(/Merknad/).fill("Kortet ned i svaret");
    await thread.getByRole("button", { name: "Marker som løst" }).click();
    await expect.poll(() => threads.locator("article.thread-resolved").count(), POLL).toBe(1);
    expect(await threads.locator("article.thread-resolved summary").first().textContent()).toContain("Løst av Emil Styremedlem: «Kortet ned i svaret»");
    // The section form is untouched: no save state is claimed for a field nobody edited (honest save states).
    expect(await page.getByTestId("state-kap4-tiltak-1__feedback").textContent()).toBe("");
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);

    // Reopen from the folded thread.
    await threads.locator("article.thread-resolved summary").first().click();
    await threads.getByRole("button", { name: "Åpne igjen" }).click();
    await expect.poll(() => threads.locator("article.thread-resolved").count(), POLL).toBe(0);
    await page.locator("#q-21").scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath("chapter-editor-with-threads") });
    await page.evaluate(() => document.querySelectorAll("details.discussion, details.discussion details").forEach((d) => ((d as HTMLDetailsElement).open = true)));
    expect(await serious(page)).toEqual([]);
  });
});

describe("comment threads without JavaScript", () => {
  it("the chapter's folded block links to the question's page; a plain form post adds the comment there", async () => {
    const page = await signedInPage("ola@demo.no", { javaScriptEnabled: false });
    await page.goto(`${server.url}${RESPONSE}/c/kap3`);
    // Issue 20: no comment form per question in the chapter's HTML; without JavaScript the folded
    // block is a link to the question's page (decision 92), named by its summary line.
    expect(await page.locator("details.discussion").count()).toBe(0);
    await page.getByRole("link", { name: /^Kommentarer til punkt 11( |$)/ }).click();
    await page.waitForURL(new RegExp(`${RESPONSE}/q/kap3-tiltak-4\\.support$`));
    const block = page.locator('details[data-question="kap3-tiltak-4.support"]');
    await block.getByLabel("Ny kommentar").fill("Uten JavaScript: kommentar via vanlig skjema.");
    await block.getByRole("button", { name: "Kommenter" }).click();
    await page.waitForURL(new RegExp(`${RESPONSE}/q/kap3-tiltak-4\\.support#t-\\d+$`));
    expect(await page.content()).toContain("Uten JavaScript: kommentar via vanlig skjema.");
  });
});
