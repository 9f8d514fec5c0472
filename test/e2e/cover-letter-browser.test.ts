/**
 * The cover letter page in a browser with JavaScript: typing autosaves without a page load (the
 * field's version moves on), the text is there after a reload, and the Markdown export starts
 * with it.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { screenshotPath, signInWithForm } from "../support/browser";
import { signIn } from "../support/server";
import { useServerAndBrowser } from "../support/server-and-browser";

const app = useServerAndBrowser();
let page: Page;

beforeAll(async () => {
  page = await app.context.newPage();
  await signInWithForm(page, app.server.url, "styret@demo.no");
});

describe("cover letter with JavaScript", () => {
  it("autosaves as you type, keeps the text over a reload, and leads the Markdown export", async () => {
    await page.goto(`${app.server.url}/o/nmf-demo/r/1/cover`);
    await page.waitForSelector("html[data-hydrated=true]");
    let navigations = 0;
    page.on("framenavigated", (frame) => frame === page.mainFrame() && navigations++);
    await page.getByLabel("Kontaktperson").fill("Kari Nordmann, leder");
    await expect.poll(() => page.locator('input[name="v.cover__contact"]').inputValue(), { timeout: 10_000 }).toBe("1");
    expect(navigations).toBe(0);
    await page.reload();
    await page.waitForSelector("html[data-hydrated=true]");
    expect(await page.getByLabel("Kontaktperson").inputValue()).toBe("Kari Nordmann, leder");
    await page.screenshot({ path: screenshotPath("cover-letter-saved"), fullPage: true });
    const cookie = await signIn(app.server.url, "sekretariat@demo.no");
    const md = await (await fetch(`${app.server.url}/o/nmf-demo/r/1/export.md`, { headers: { cookie } })).text();
    expect(md).toMatch(/^# Følgebrev\n\nTil: Helsedirektoratet\n\nDeres referanse: 20\/46682\n\nDato: \d{4}-\d{2}-\d{2}\n\nFra: Norsk medisinstudentforening \(demo\)\n\nKontaktperson: Kari Nordmann, leder\n/);
  });
});
