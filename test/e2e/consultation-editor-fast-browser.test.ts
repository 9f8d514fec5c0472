/**
 * Fast clicks in the form editor (issue 24): add, move and remove clicked again before the page has
 * the previous answer, and typing (a live preview on its way) followed at once by a click. Each
 * click supersedes the one before it; nothing is thrown ("signal is aborted" was an uncaught error
 * here), the browser support fails the test on any console error, and the form ends up with the
 * last change applied to a consistent draft.
 */
import { describe, expect, it } from "vitest";
import { signInWithForm } from "../support/browser";
import { useServerAndBrowser } from "../support/server-and-browser";

const app = useServerAndBrowser();


describe("fast clicks in the form editor", () => {
  it("add and move clicked in quick succession, and a click while a preview is on its way: no uncaught errors", async () => {
    const page = await app.context.newPage();
    await signInWithForm(page, app.server.url, "sekretariat@demo.no");
    await page.goto(app.server.url + "/o/nmf-demo/consultations/new");
    await page.waitForSelector("html[data-hydrated]");
    await page.getByRole("button", { name: "Start fra et eksempel" }).click();
    await page.waitForURL(/\/edit$/);
    // The URL changes before the editor is rendered (a client-side redirect): wait for the editor.
    await page.waitForSelector('button[value="add:chapters:chapter"]');

    const click = (selector: string) =>
      page.evaluate((s) => {
        const button = document.querySelector<HTMLButtonElement>(s);
        if (!button) throw new Error(`no button ${s}`);
        button.click();
      }, selector);
    // Clicks in one go (before the page re-renders), then one by one without waiting for an answer.
    await page.evaluate(() => {
      for (const value of ["add:chapters:chapter", "down:chapters.0", "add:chapters.1.measures:measure", "up:chapters.1", "add:chapters:group"])
        document.querySelector<HTMLButtonElement>(`button[value="${value}"]`)?.click();
    });
    for (let round = 0; round < 3; round++) {
      await click('button[value="add:chapters:chapter"]');
      await click('button[value="down:chapters.0"]');
      await click('button[value="add:chapters.1.measures:measure"]');
      await click('button[value="up:chapters.1"]');
      await click('button[value="add:chapters:group"]');
      await page.waitForTimeout(30);
    }
    await page.waitForFunction(() => !document.querySelector("button[disabled][value^='add:']"));
    // Typing starts a live preview (held back here so it is surely on its way); clicks follow before it answers.
    let held = 0;
    let released = 0;
    await page.route(/\/edit\.data/, async (route) => {
      if (!/intent=preview/.test(route.request().postData() ?? "")) return route.continue();
      held++;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue().catch(() => {});
      released++;
    });
    await page.getByLabel("Tittel", { exact: true }).fill("Rask høring");
    await expect.poll(() => held).toBe(1);
    await click('button[value="add:chapters:chapter"]');
    await page.getByLabel("Tittel", { exact: true }).fill("Rask høring 2");
    await expect.poll(() => held).toBe(2);
    await click('button[value="down:chapters.0"]');
    await click('button[value="add:chapters:group"]');
    // Every held preview let go (counted, not a fixed wait), then the page settles.
    await expect.poll(() => released >= 2 && released === held, { timeout: 60_000 }).toBe(true);
    await page.waitForLoadState("networkidle");
    await page.waitForFunction(() => !document.querySelector("button[disabled][value^='add:']"));
    // The form is whole: the title typed last is kept, every chapter has its fields, numbering shown.
    expect(await page.getByLabel("Tittel", { exact: true }).inputValue()).toMatch(/^Rask høring/);
    expect(await page.locator('fieldset[data-path^="chapters."]').count()).toBeGreaterThan(2);
    expect(await page.locator(".live-preview .item-number").count()).toBeGreaterThan(5);
    // The clicks really did overtake each other: the browser aborted earlier posts (the server logs them as aborted, not as errors).
    const editPosts = app.server.output().split("\n").filter((l) => l.includes('"method":"POST"') && l.includes("/edit.data"));
    expect(editPosts.filter((l) => l.includes('"aborted":true')).length).toBeGreaterThan(2);
    expect(editPosts.filter((l) => /"status":5\d\d/.test(l))).toEqual([]);
  });
});
