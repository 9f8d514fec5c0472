/**
 * The cockpit pages in a real browser (issue 9): Gjenstår, Klar til innsending?, submission, the
 * chapter page with status and assignee, overview and home render in Norwegian, hydrate, work with
 * JavaScript (a client-side status change and a bulk assign) and axe finds no serious or critical
 * violation. Screenshots go to test-output/screenshots/cockpit-*.png.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { axeViolations, screenshotPath, signInWithForm } from "../support/browser";
import { useServerAndBrowser } from "../support/server-and-browser";

const app = useServerAndBrowser();
let page: Page;
const base = "/o/nmf-demo/r/1";
const POLL = { timeout: 10_000 };

beforeAll(async () => {
  page = await app.context.newPage();
  await signInWithForm(page, app.server.url, "sekretariat@demo.no");
});

async function open(path: string, name: string) {
  const res = await page.goto(app.server.url + path);
  expect(res?.status(), path).toBe(200);
  await page.waitForSelector("html[data-hydrated=true]");
  // No message key shows instead of its text.
  expect(await page.locator("main").innerText(), path).not.toMatch(/\b(remaining|check|submission|work|cockpit|lock)\.[a-zA-Z]+\b/);
  await page.screenshot({ path: screenshotPath(`cockpit-${name}`), fullPage: true });
  const serious = (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious, path).toEqual([]);
}

describe("cockpit pages", () => {
  it("render, hydrate and pass axe", async () => {
    await open(`${base}/remaining`, "remaining");
    await open(`${base}/check`, "check");
    await open(`${base}/submission`, "submission");
    await open(`${base}/c/kap5`, "chapter");
    await open(base, "overview");
    // The top of the overview (deadlines, links, log) on its own, to look at.
    await page.screenshot({ path: screenshotPath("cockpit-overview-top"), clip: { x: 0, y: 0, width: 1280, height: 900 } });
    await open("/", "home");
  });

  it("with JavaScript: bulk assign on Gjenstår and a status change on the chapter page", async () => {
    await page.goto(`${app.server.url}${base}/remaining?status=draft`);
    await page.waitForSelector("html[data-hydrated=true]");
    const boxes = page.locator('input[name="item"]');
    const count = await boxes.count();
    expect(count).toBeGreaterThan(2);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.selectOption("#b-status", "review");
    await page.getByRole("button", { name: "Utfør" }).click();
    await page.waitForURL(/remaining\?status=draft/);
    await expect.poll(() => page.locator('input[name="item"]').count()).toBe(count - 2);

    await page.goto(`${app.server.url}${base}/c/kap6`);
    await page.waitForSelector("html[data-hydrated=true]");
    // The controls are a disclosure: no form in the page until it is opened.
    expect(await page.locator("form.work-form").count()).toBe(0);
    await page.locator("details.work-details summary").first().click();
    const form = page.locator("form.work-form").first();
    await form.locator('select[name="status"]').selectOption("agreed");
    await form.getByRole("button", { name: "Lagre status" }).click();
    await expect.poll(() => page.locator("form.work-form").first().locator('select[name="status"]').inputValue()).toBe("agreed");
  });

  it("bulk-assign, then one question's status from its own form: after a reload every assignee is kept (issue 20)", async () => {
    await page.goto(`${app.server.url}${base}/c/kap5`);
    await page.waitForSelector("html[data-hydrated=true]");
    // One question's form is already open (as a person would leave it) when the bulk action runs.
    const number = await page.locator("details.work-details").filter({ hasNotText: "Vedtatt" }).first().getAttribute("data-number");
    const first = page.locator(`details.work-details[data-number="${number}"]`);
    await first.locator("summary").click();
    await first.locator('select[name="assignee"]').waitFor();
    await page.locator("details.work-bulk summary").click();
    const bulk = page.locator("#bulk-assignee");
    // The first member in the list (not "Ingen").
    const name = (await bulk.locator("option").nth(1).textContent())!.trim();
    await bulk.selectOption({ index: 1 });
    await page.getByRole("button", { name: "Tildel", exact: true }).click();
    // A confirmation, and the questions show the new assignee without a reload.
    await page.waitForURL(/done=assign/);
    await page.screenshot({ path: screenshotPath("cockpit-bulk-assigned"), fullPage: true });
    await expect.poll(() => page.getByRole("status").filter({ hasText: `tildelt ${name}` }).count(), POLL).toBe(1);
    const lines = page.locator("details.work-details summary");
    const pendingCount = await lines.filter({ hasNotText: "Vedtatt" }).count();
    expect(pendingCount).toBeGreaterThan(1);
    await expect.poll(() => lines.filter({ hasText: `Ansvarlig: ${name}` }).count(), POLL).toBe(pendingCount);

    // Now one question's own form: it must show, and keep, the new assignee.
    await first.locator('select[name="status"]').selectOption("review");
    await first.getByRole("button", { name: "Lagre status" }).click();
    await expect.poll(() => page.locator("details.work-details summary", { hasText: "Klar til gjennomgang" }).count(), POLL).toBeGreaterThan(0);

    await page.reload();
    await page.waitForSelector("html[data-hydrated=true]");
    const summary = page.locator(`details.work-details[data-number="${number}"] summary`);
    expect(await summary.textContent()).toContain("Klar til gjennomgang");
    expect(await summary.textContent()).toContain(`Ansvarlig: ${name}`);
    expect(await lines.filter({ hasText: `Ansvarlig: ${name}` }).count()).toBe(pendingCount);
  });
});
