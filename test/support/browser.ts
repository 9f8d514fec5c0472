/** Headless Debian chromium through playwright-core (never downloads a browser). */
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

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

/** A fresh browser profile (its own --user-data-dir). */
export async function launchContext(options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(tmpdir(), "hs-chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: 1280, height: 900 },
    locale: "nb-NO",
  });
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
  await page.getByLabel("E-post").fill(email);
  await page.getByLabel("Passord").fill("demo-passord");
  await page.locator("main").getByRole("button", { name: "Logg inn" }).click();
  await page.waitForURL(baseUrl + "/");
}
