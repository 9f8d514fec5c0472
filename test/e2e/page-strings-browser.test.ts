/**
 * The Norwegian strings of the account, organisation and consultation pages are a chunk of their
 * own (app/lib/i18n): a page that needs them must show words, never keys, whether it is the first
 * page loaded or reached by a client-side navigation from a drafting page that did not load them.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { useServerAndBrowser } from "../support/server-and-browser";

const app = useServerAndBrowser();
let page: Page;
const KEY = /\b(accounts|editor|consultations|import|move|security|password|account|siteAdmin|home|consultation|cockpit|history|export)\.[a-zA-Z]+\b/;

beforeAll(async () => {
  page = await app.context.newPage();
});

const hydrated = () => page.waitForSelector("html[data-hydrated=true]");
const bodyText = () => page.locator("main").innerText();
/** A client-side navigation changes the URL before React commits the new page (a transition): wait for the page itself. */
const shows = (text: string) => expect.poll(bodyText, { timeout: 15_000 }).toContain(text);

describe("strings of other pages", () => {
  it("are there on a first load (sign-in page) and after navigating from a chapter page", async () => {
    await page.goto(`${app.server.url}/login`);
    await hydrated();
    expect(await bodyText()).not.toMatch(KEY);
    await page.locator("#login input[name=email]").fill("admin@demo.no");
    await page.locator("#login input[name=password]").fill("demo-passord");
    await page.locator("#login button[type=submit]").click();
    await page.waitForURL(`${app.server.url}/`);

    // A drafting page loads only the core strings; then navigate client-side to pages that need the rest.
    await page.goto(`${app.server.url}/o/nmf-demo/r/1/c/kap3`);
    await hydrated();
    await page.locator(".site-header").getByRole("link", { name: "Norsk medisinstudentforening (demo)" }).click();
    await page.waitForURL(`${app.server.url}/o/nmf-demo`);
    await shows("Medlemmer");
    expect(await bodyText()).not.toMatch(KEY);

    // The overview's, history's and home page's strings are not core either (the chapter page's JS budget).
    await page.goto(`${app.server.url}/o/nmf-demo/r/1/c/kap3`);
    await hydrated();
    await page.locator(".pager").getByRole("link", { name: "Oversikt" }).click();
    await page.waitForURL(`${app.server.url}/o/nmf-demo/r/1`);
    await shows("Gjenstår");
    expect(await bodyText()).not.toMatch(KEY);
    await page.goto(`${app.server.url}/o/nmf-demo/r/1/c/kap3`);
    await hydrated();
    await page.locator("#q-5").getByRole("link", { name: "Historikk" }).click();
    await page.waitForURL(/\/history\//);
    await shows("Historikk for punkt");
    expect(await bodyText()).not.toMatch(KEY);

    await page.goto(`${app.server.url}/o/nmf-demo/r/1`);
    await hydrated();
    await page.getByRole("link", { name: "Importer fra Markdown" }).first().click();
    await page.waitForURL(`${app.server.url}/o/nmf-demo/r/1/import`);
    await shows("Importer svar fra Markdown");
    expect(await bodyText()).not.toMatch(KEY);
  });
});
