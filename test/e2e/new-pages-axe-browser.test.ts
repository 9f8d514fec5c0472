/**
 * Every page this round added (account, security log, site admin, e-mail confirmation, adding,
 * viewing and editing a consultation, moving a response) in a real browser: it renders in
 * Norwegian, hydrates, and axe finds no serious or critical violation.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowConsoleError, axeViolations, launchContext, screenshotPath, signInWithForm } from "../support/browser";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let context: BrowserContext;
let page: Page;
let consultationPage = "";

beforeAll(async () => {
  server = await startServer({ SITE_ADMINS: "admin@demo.no" });
  context = await launchContext();
  page = await context.newPage();
  await signInWithForm(page, server.url, "admin@demo.no");
  // A draft of the organisation's own, to look at and edit.
  await page.goto(`${server.url}/o/nmf-demo/consultations/new`);
  await page.waitForSelector("html[data-hydrated=true]");
  await page.getByRole("button", { name: /Start fra et eksempel/ }).click();
  await page.waitForURL(/\/consultations\/[^/]+\/edit/);
  consultationPage = new URL(page.url()).pathname.replace(/\/edit$/, "");
});
afterAll(async () => {
  await context?.close();
  await server?.stop();
});

describe("pages added in this round", () => {
  const pages = () => [
    ["/account", "account"],
    ["/o/nmf-demo/security", "security-log"],
    ["/admin/consultations", "admin-consultations"],
    ["/confirm/ikke-en-gyldig-lenke", "confirm"], // an unknown link: its page says so (404)
    ["/o/nmf-demo/consultations/new", "consultation-new"],
    [consultationPage, "consultation-page"],
    [`${consultationPage}/edit`, "consultation-edit"],
    ["/o/nmf-demo/r/1/move", "response-move"],
    // Submission pack: position summary, cover letter, the preview with its downloads.
    ["/o/nmf-demo/r/1/summary", "position-summary"],
    ["/o/nmf-demo/r/1/cover", "cover-letter"],
    ["/o/nmf-demo/r/1/preview", "export-preview"],
    ["/o/nmf-demo/r/1/q/kap3-tiltak-1.feedback", "question-comments"],
    ["/notifications", "notifications"],
  ];
  it("render, hydrate and have no serious or critical axe violations", async () => {
    allowConsoleError(/status of 404 \(Not Found\) \(http:\/\/127\.0\.0\.1:\d+\/confirm\/ikke-en-gyldig-lenke\)/, "the unknown confirmation link is opened on purpose: its page answers 404 and says so");
    for (const [path, name] of pages()) {
      const res = await page.goto(server.url + path);
      expect(res?.status(), path).toBe(name === "confirm" ? 404 : 200);
      await page.waitForSelector("html[data-hydrated=true]");
      expect(await page.locator("main").innerText(), path).not.toMatch(/\b(accounts|editor|consultations|security|account|siteAdmin|move|summary|cover|export|discussion|notifications)\.[a-zA-Z]+\b/);
      await page.screenshot({ path: screenshotPath(`new-page-${name}`), fullPage: true });
      const serious = (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious, path).toEqual([]);
    }
  });
});
