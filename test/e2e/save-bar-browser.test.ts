/**
 * The chapter page's sticky save bar never covers a field (issue 20): at 390 px and 1280 px an
 * editor tabs through chapter 3, and every field that gets focus is clear of the bar (or, taller than
 * the room above it, shows its top). Screenshots of both widths with a field focused near the bar.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { screenshotPath, signInWithForm } from "../support/browser";
import { useServerAndBrowser } from "../support/server-and-browser";

const app = useServerAndBrowser();

beforeAll(async () => {
  const page = await app.context.newPage();
  await signInWithForm(page, app.server.url, "styret@demo.no");
  await page.close();
});

interface Focused {
  end?: true;
  field?: boolean;
  name?: string | null;
  overlap?: number;
  top?: number;
}

/** Where the focused element is against the bar (overlap in px; 0 when clear). */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { end: true as const };
    const bar = document.querySelector(".sticky-actions")!;
    const f = el.getBoundingClientRect();
    const b = bar.getBoundingClientRect();
    const field = /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) && !bar.contains(el);
    return { field, name: el.getAttribute("name"), overlap: Math.max(0, Math.min(f.bottom, b.bottom) - Math.max(f.top, b.top)), top: f.top };
  });
}

describe("the save bar", () => {
  it.each([
    [390, 844],
    [1280, 900],
  ])("covers no focused field at %i px", async (width, height) => {
    const page = await app.context.newPage();
    await page.setViewportSize({ width, height });
    await page.goto(`${app.server.url}/o/nmf-demo/r/1/c/kap3`);
    await page.waitForSelector("html[data-hydrated]");
    const covered: Focused[] = [];
    let fields = 0;
    for (let i = 0; i < 500; i++) {
      await page.keyboard.press("Tab");
      const at = await focused(page);
      if (at.end) break;
      if (!at.field) continue;
      fields += 1;
      // Covered: the bar overlaps it, unless the field is taller than the room and shows its top.
      if (at.overlap! > 0 && at.top! > 8 + 1) covered.push(at);
    }
    expect(fields).toBeGreaterThanOrEqual(16);
    expect(covered).toEqual([]);
    await page.locator("#input-kap3-tiltak-5__feedback").focus();
    await page.screenshot({ path: screenshotPath(`chapter-save-bar-${width}`) });
    await page.close();
  });
});
