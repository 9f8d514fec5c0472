/**
 * The screenshots of the user guides (docs/user-guide.nb.md, docs/user-guide.en.md), taken from
 * the demo in a real browser, in Norwegian and English: the secretariat at 1280×800, a member on
 * a phone 390 wide. Each page must answer 200, hydrate and show no untranslated key.
 *
 *   SCREENSHOTS=1 npx vitest run --project e2e test/e2e/user-guide-browser.test.ts
 *
 * writes the PNGs into docs/images/ (commit them); without SCREENSHOTS=1 they go to a temporary
 * folder, so an ordinary test run checks that the guides' pages render without touching the docs.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchContext, signInWithForm } from "../support/browser";
import { startServer, type TestServer } from "../support/server";

const WRITE_DOCS = process.env.SCREENSHOTS === "1";
const OUT = WRITE_DOCS ? path.resolve(import.meta.dirname, "../../docs/images") : mkdtempSync(path.join(tmpdir(), "hs-guide-shots-"));
/** Committed images stay small (1280×800 or 390 wide, PNG). */
const MAX_BYTES = 150 * 1024;
const R = "/o/nmf-demo/r/1";
/** A message key shown instead of its text, e.g. "summary.title". */
const MESSAGE_KEY =
  /\b(accounts|editor|consultations|voice|import|submission|discussion|drafting|references|export|history|check|work|validation|cockpit|remaining|move|account|compare|printout|notifications|live|home|consultation|response|nav|summary|error|cover|refs|section|answer|unit|lock|diff|progress)\.[a-z][a-zA-Z]+\b/;

interface Shot {
  name: string;
  path: string;
  /** Something the page shows (per language), so a screenshot is never of the wrong page. */
  expect: { nb: RegExp; en: RegExp };
}

/** The secretariat (and the board) at a desk. */
const DESKTOP: Shot[] = [
  { name: "home", path: "/o/nmf-demo", expect: { nb: /Start et høringssvar/, en: /Start a response/ } },
  { name: "overview", path: R, expect: { nb: /Klar til innsending\?/, en: /Ready to submit\?/ } },
  { name: "chapter", path: `${R}/c/kap3`, expect: { nb: /Medlemmenes syn/, en: /Members' views/ } },
  { name: "comments", path: `${R}/q/kap3-tiltak-1.feedback`, expect: { nb: /Kommentarer til punkt 6/, en: /Comments on item 6/ } },
  { name: "summary", path: `${R}/summary`, expect: { nb: /Posisjonsoversikt/, en: /Position summary/ } },
  { name: "check", path: `${R}/check`, expect: { nb: /advarsler/, en: /warnings/ } },
  { name: "preview", path: `${R}/preview`, expect: { nb: /Forhåndsvisning/, en: /Preview:/ } },
  { name: "submission", path: `${R}/submission`, expect: { nb: /Marker som sendt inn/, en: /Mark as submitted/ } },
];

/** A member on a phone. */
const PHONE: Shot[] = [
  { name: "phone-mine", path: `${R}/c/kap3/mine`, expect: { nb: /Mitt syn/, en: /My view/ } },
  { name: "phone-chapter", path: `${R}/c/kap3`, expect: { nb: /16 av 16 besvart/, en: /16 of 16 answered/ } },
];

let server: TestServer;
const written: string[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
  if (!WRITE_DOCS) rmSync(OUT, { recursive: true, force: true });
  if (WRITE_DOCS) console.log(`user guide screenshots:\n${written.map((f) => `  ${f} ${Math.round(statSync(f).size / 1024)} kB`).join("\n")}`);
});

async function switchTo(page: Page, lang: "nb" | "en") {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current === lang) return;
  await page.getByRole("button", { name: lang === "en" ? "English" : "Norsk" }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

async function take(page: Page, shot: Shot, lang: "nb" | "en") {
  const res = await page.goto(server.url + shot.path);
  expect(res?.status(), shot.path).toBe(200);
  await page.waitForSelector("html[data-hydrated=true]");
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
  const main = await page.locator("main").innerText();
  expect(main, `${lang} ${shot.path}`).toMatch(shot.expect[lang]);
  // No message key shown instead of its text (e.g. "summary.title").
  expect(main, `${lang} ${shot.path}`).not.toMatch(MESSAGE_KEY);
  // The caret and the live "saved" chip should not blink into a picture.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const file = path.join(OUT, `${lang}-${shot.name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  written.push(file);
  if (WRITE_DOCS) expect(statSync(file).size, file).toBeLessThanOrEqual(MAX_BYTES);
}

describe("user guide pages, as the secretariat at a desk and a member on a phone", () => {
  let context: BrowserContext | undefined;
  afterAll(async () => context?.close());

  for (const lang of ["nb", "en"] as const) {
    it(`${lang}: the secretariat's pages render at 1280×800`, async () => {
      context ??= await launchContext();
      const page = context.pages()[0] ?? (await context.newPage());
      await page.setViewportSize({ width: 1280, height: 800 });
      if (lang === "nb") await signInWithForm(page, server.url, "sekretariat@demo.no");
      else await page.goto(server.url + "/");
      await switchTo(page, lang);
      for (const shot of DESKTOP) await take(page, shot, lang);
    });
  }

  it("a member's pages render 390 wide, in both languages", async () => {
    await context?.close();
    context = await launchContext();
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signInWithForm(page, server.url, "medlem@demo.no");
    for (const lang of ["nb", "en"] as const) {
      await switchTo(page, lang);
      for (const shot of PHONE) await take(page, shot, lang);
    }
  });
});
