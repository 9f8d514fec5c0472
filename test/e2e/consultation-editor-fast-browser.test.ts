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


/** Every post of the editor answered and its answer shown (the form names the last post it shows). */
const settled = (page: import("playwright-core").Page) =>
  page.waitForFunction(() => {
    const form = document.querySelector<HTMLFormElement>("form.template-editor");
    const sent = form?.querySelector<HTMLInputElement>('input[name="sent"]')?.value ?? "";
    return form && !form.hasAttribute("aria-busy") && (form.dataset.answered ?? "") === sent;
  });

async function newFromExample(page: import("playwright-core").Page) {
  await app.context.clearCookies();
  await signInWithForm(page, app.server.url, "sekretariat@demo.no");
  await page.goto(app.server.url + "/o/nmf-demo/consultations/new");
  await page.waitForSelector("html[data-hydrated]");
  await page.getByRole("button", { name: "Start fra et eksempel" }).click();
  await page.waitForURL(/\/edit$/);
  // The URL changes before the editor is rendered (a client-side redirect): wait for the editor.
  await page.waitForSelector('button[value="add:chapters:chapter"]');
}

describe("fast clicks in the form editor", () => {
  it("typing while a move is on its way is kept, in the field that moved, and the typist keeps their place", async () => {
    const page = await app.context.newPage();
    await newFromExample(page);
    const idle = () => settled(page);
    const chapters = () => page.evaluate(() => [...document.querySelectorAll("input")].filter((i) => /^t\.chapters\.\d+\.id$/.test(i.name)).length);
    const answerTo = (intent: string) => page.waitForResponse((r) => r.url().includes("/edit.data") && (r.request().postData() ?? "").includes(`intent=${intent}`));
    const before = await chapters();
    const added = answerTo("add");
    await page.locator('button[value="add:chapters:chapter"]').click();
    expect((await added).status()).toBe(200);
    await idle();
    expect(await chapters()).toBe(before + 1);
    const value = (field: string) => page.locator(`[name="${field}"]`).inputValue();
    const secondTitle = await value("t.chapters.1.title");
    // The move's answer is held until the typing is done.
    let held = 0;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/edit\.data/, async (route) => {
      if (!/intent=down/.test(route.request().postData() ?? "")) return route.continue();
      held++;
      await released;
      await route.continue();
    });
    await page.locator('button[value="down:chapters.0"]').click();
    await expect.poll(() => held).toBe(1);
    await page.locator('[name="t.chapters.0.title"]').fill("Kapittelet som flyttes");
    await page.getByLabel("Tittel", { exact: true }).fill("Skrevet mens flyttingen var på vei");
    const moved = answerTo("down");
    release();
    expect((await moved).status()).toBe(200);
    await idle();
    // The answer put the chapter second; what was typed into it went with it, the title stayed.
    expect(await value("t.chapters.1.title")).toBe("Kapittelet som flyttes");
    expect(await value("t.chapters.0.title")).toBe(secondTitle);
    expect(await page.getByLabel("Tittel", { exact: true }).inputValue()).toBe("Skrevet mens flyttingen var på vei");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("t.title");
    // The next post carries it: a refresh answers with the same form.
    await page.unroute(/\/edit\.data/);
    const answered = answerTo("refresh");
    await page.getByRole("button", { name: "Oppdater skjemaet" }).click();
    expect((await answered).status()).toBe(200);
    await idle();
    expect(await value("t.title")).toBe("Skrevet mens flyttingen var på vei");
    expect(await value("t.chapters.1.title")).toBe("Kapittelet som flyttes");
  });

  it("add and move clicked in quick succession, and a click while a preview is on its way: no uncaught errors", async () => {
    const page = await app.context.newPage();
    await newFromExample(page);


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
    await settled(page);
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
    await settled(page);
    // The form is whole: the title typed last is kept (typed while a click was on its way: put back
    // into the answer's form), every chapter has its fields, numbering shown.
    expect(await page.getByLabel("Tittel", { exact: true }).inputValue()).toBe("Rask høring 2");
    expect(await page.locator('fieldset[data-path^="chapters."]').count()).toBeGreaterThan(2);
    expect(await page.locator(".live-preview .item-number").count()).toBeGreaterThan(5);
    // The clicks really did overtake each other: the browser aborted earlier posts (the server logs them as aborted, not as errors).
    const editPosts = app.server.output().split("\n").filter((l) => l.includes('"method":"POST"') && l.includes("/edit.data"));
    expect(editPosts.filter((l) => l.includes('"aborted":true')).length).toBeGreaterThan(2);
    expect(editPosts.filter((l) => /"status":5\d\d/.test(l))).toEqual([]);
  });
});
