/** Headless Debian chromium through playwright-core (never downloads a browser). */
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterEach } from "vitest";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = path.resolve("test-output/screenshots");

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

/**
 * Console errors and uncaught page errors seen since the last test ended. Every browser test fails
 * on any of them (the afterEach below), so a React hydration error (#418, #421, …), a CSP
 * violation or a failed chunk load is a red test, not a line nobody reads.
 */
const consoleErrors: string[] = [];
/** Errors the current test expects, each with its reason (cleared after every test). */
const allowed: { pattern: RegExp; reason: string }[] = [];

/** The allow-list for every test: each entry says why it is not a fault. */
const ALWAYS_ALLOWED: { pattern: RegExp; reason: string }[] = [
  {
    pattern: /Failed to load resource: the server responded with a status of (400 \(Bad Request\)|409 \(Conflict\)) \(http:\/\/127\.0\.0\.1:\d+\//,
    reason:
      "The app answers a refused write with 400 (invalid input, shown beside the field) or 409 (stale version, the merge view) " +
      "and the page handles it; Chromium logs every non-2xx fetch as a console error. Tests assert what the page shows.",
  },
];

/** Errors one page is expected to produce for its whole life (say why), e.g. a route a test aborts. */
const pageAllowed = new WeakMap<Page, { pattern: RegExp; reason: string }[]>();
export function allowConsoleErrorOn(page: Page, pattern: RegExp, reason: string): void {
  if (!reason.trim()) throw new Error("allowConsoleErrorOn needs a reason");
  pageAllowed.set(page, [...(pageAllowed.get(page) ?? []), { pattern, reason }]);
}

/**
 * Lets the current test produce console errors matching `pattern` (say why: the entry is the
 * allow-list the team reviews). Example: a test that opens a 404 page on purpose.
 */
export function allowConsoleError(pattern: RegExp, reason: string): void {
  if (!reason.trim()) throw new Error("allowConsoleError needs a reason");
  allowed.push({ pattern, reason });
}

function watch(page: Page) {
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = message.location()?.url ? ` (${message.location().url})` : "";
    const entry = `console.error on ${page.url()}: ${message.text()}${where}`;
    if (!pageAllowed.get(page)?.some((a) => a.pattern.test(entry))) consoleErrors.push(entry);
  });
  page.on("pageerror", (error) => consoleErrors.push(`pageerror on ${page.url()}: ${error.message}`));
}

afterEach(() => {
  const unexpected = consoleErrors.filter((e) => ![...ALWAYS_ALLOWED, ...allowed].some((a) => a.pattern.test(e)));
  consoleErrors.length = 0;
  allowed.length = 0;
  if (unexpected.length) throw new Error(`The browser reported ${unexpected.length} error(s):\n  ${unexpected.join("\n  ")}`);
});

/** A fresh browser profile (its own --user-data-dir); its pages' console errors fail the test. */
/** `ignoreHTTPSErrors` is for a throwaway self-signed certificate (the nginx test). */
export async function launchContext(options: { javaScriptEnabled?: boolean; ignoreHTTPSErrors?: boolean } = {}): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(tmpdir(), "hs-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: 1280, height: 900 },
    locale: "nb-NO",
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
  });
  context.pages().forEach(watch);
  context.on("page", watch);
  return context;
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  count: number;
}

/**
 * Runs axe-core on the page. The script is evaluated by the driver, not injected as a <script>
 * tag, because the page's CSP (rightly) refuses inline scripts without its nonce.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8"));
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; nodes: unknown[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<Result> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, count: v.nodes.length }));
  });
}

/** Signs in through the real sign-in form (demo password) and waits for the home page. */
export async function signInWithForm(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(baseUrl + "/login");
  // Typed after hydration: once in a full run, typing during hydration made React 18 throw its
  // internal error #345 (left for a later look); the form itself works either way.
  // (A page without JavaScript has no hydration to wait for: its inline data script never ran.)
  if (await page.evaluate(() => "__remixContext" in window)) await page.waitForSelector("html[data-hydrated]");
  await page.getByLabel("E-post").fill(email);
  await page.getByLabel("Passord").fill("demo-passord");
  await page.locator("main").getByRole("button", { name: "Logg inn" }).click();
  await page.waitForURL(baseUrl + "/");
}
