/**
 * Issue 10 in real Chromium: two board members on the same chapter see each other, see each
 * other's saves appear without a reload, and are warned of a newer version before saving instead
 * of getting a 409 after. A and B are served by two server processes on one SQLite file, as
 * several workers or machines would serve them. (The stream's protocol, reconnects and
 * permissions are covered over HTTP in live-events.test.ts.)
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchContext, screenshotPath, signInWithForm } from "../support/browser";
import { queryRows } from "../support/answers-db";
import { startServer, type TestServer } from "../support/server";

const CHAPTER = "/o/nmf-demo/r/1/c/kap3";
const POLL = { timeout: 10_000 };
let server: TestServer;
/** A second process on the same database file: B's. */
let other: TestServer;
const contexts: BrowserContext[] = [];

async function openChapter(email: string, base: string): Promise<Page> {
  const context = await launchContext();
  contexts.push(context);
  const page = await context.newPage();
  await signInWithForm(page, base, email);
  await page.goto(base + CHAPTER);
  await page.waitForSelector("html[data-hydrated]");
  return page;
}

const text = (page: Page, number: number) => page.locator(`#q-${number} textarea`);
const stateOf = (page: Page, number: number) => page.locator(`#q-${number} .save-state`);
const stored = async (key: string) => (await queryRows<{ value: string; version: number }>(server.dbFile, "select value, version from answers where response_id = 1 and question_key = ?", key))[0]!;

beforeAll(async () => {
  // A hidden tab lets its stream go after HIDDEN_CLOSE_MS (30 s by default): 1.5 s here, so the
  // test waits for the stream to close instead of sleeping 31 s.
  server = await startServer({ HIDDEN_CLOSE_MS: "1500" });
  other = await startServer({ HIDDEN_CLOSE_MS: "1500" }, { dbFile: server.dbFile });
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await other?.stop();
  await server?.stop();
});

describe("live drafting", () => {
  let a: Page; // Emil Styremedlem (editor)
  let b: Page; // Maja Sekretariat
  const refused: string[] = [];

  beforeAll(async () => {
    a = await openChapter("styret@demo.no", server.url);
    b = await openChapter("sekretariat@demo.no", other.url);
    a.on("response", (response) => {
      if (response.status() === 409) refused.push(response.url());
    });
  });

  it("shows who else is on the chapter, and who is in which question", async () => {
    await expect.poll(() => a.getByTestId("presence").textContent(), POLL).toContain("Maja Sekretariat");
    await expect.poll(() => b.getByTestId("presence").textContent(), POLL).toContain("Emil Styremedlem");
    await text(b, 8).focus();
    await expect.poll(() => a.getByTestId("typing-kap3-tiltak-2.feedback").textContent(), POLL).toBe("Maja Sekretariat skriver …");
    await a.locator("article > header").screenshot({ path: screenshotPath("live-presence") });
    await text(b, 8).blur();
    await expect.poll(() => a.getByTestId("typing-kap3-tiltak-2.feedback").count(), POLL).toBe(0);
    expect(await axeViolations(a)).toEqual([]);
  });

  it("A types in 6 while B saves 8: 8 changes on A's page, A's typing and cursor are untouched", async () => {
    const field6 = text(a, 6);
    await field6.click();
    await field6.press("Control+End");
    await a.keyboard.type(" Og mer fra A");
    const typed = await field6.inputValue();

    await text(b, 8).fill("Ny tekst fra sekretariatet til 8.");
    await expect.poll(() => stateOf(b, 8).textContent(), POLL).toBe("Lagret");
    await expect.poll(() => text(a, 8).inputValue(), POLL).toBe("Ny tekst fra sekretariatet til 8.");

    expect(await field6.inputValue()).toBe(typed);
    expect(await a.evaluate(() => document.activeElement?.closest("[data-key]")?.getAttribute("data-key"))).toBe("kap3-tiltak-1.feedback");
    await expect.poll(() => a.getByTestId("live-announcer").textContent(), POLL).toBe("Maja Sekretariat oppdaterte spørsmål 8.");
    // A's own edit is saved as usual afterwards.
    await expect.poll(() => stateOf(a, 6).textContent(), POLL).toBe("Lagret");
    expect((await stored("kap3-tiltak-1.feedback")).value).toBe(JSON.stringify(typed));
  });

  it("B saves 6 while A is typing in it: A is told of the newer version, merges, and saves without a 409", async () => {
    const before = (await stored("kap3-tiltak-1.feedback")).version;
    await text(b, 6).fill("Sekretariatets versjon av 6.");
    // A starts typing in 6 before B's autosave goes out, and keeps typing while it lands.
    const field6 = text(a, 6);
    await field6.click();
    await field6.press("Control+End");
    await a.keyboard.type(" A skriver videre her mens B lagrer.", { delay: 90 });

    const merge = a.locator("#q-6 .merge");
    await expect.poll(() => merge.locator("h3").textContent(), POLL).toBe("Maja Sekretariat lagret en nyere versjon");
    expect(await merge.getByTestId("theirs").textContent()).toBe("Sekretariatets versjon av 6.");
    expect(await stateOf(a, 6).textContent()).not.toBe("Lagret");
    await a.locator("#q-6").screenshot({ path: screenshotPath("live-newer-version") });
    expect(await stored("kap3-tiltak-1.feedback")).toEqual({ value: JSON.stringify("Sekretariatets versjon av 6."), version: before + 1 });

    // A merges in the field (keeps both) and saves: built on B's version, so it is not refused.
    const merged = `Sekretariatets versjon av 6. ${(await field6.inputValue()).trim()}`;
    await field6.fill(merged);
    // "Your version" follows what A types while the merge view is open.
    await expect.poll(() => merge.getByTestId("mine").textContent(), POLL).toBe(merged);
    await merge.getByRole("button", { name: "Lagre min versjon" }).click();
    await expect.poll(() => stateOf(a, 6).textContent(), POLL).toBe("Lagret");
    expect(await stored("kap3-tiltak-1.feedback")).toEqual({ value: JSON.stringify(merged), version: before + 2 });
    expect(refused).toEqual([]);
    // And B, who is not editing 6, sees A's merge appear.
    await expect.poll(() => text(b, 6).inputValue(), POLL).toBe(merged);
  });

  it("says it in English too", async () => {
    await b.getByRole("button", { name: "English" }).click();
    await b.getByRole("button", { name: "Norsk" }).waitFor();
    await a.locator("#q-7 input[type=radio]").first().focus();
    await expect.poll(() => b.getByTestId("typing-kap3-tiltak-2.support").textContent(), POLL).toBe("Emil Styremedlem is typing …");
    await expect.poll(() => b.getByTestId("presence").textContent(), POLL).toContain("Also here now");
    expect(await axeViolations(b)).toEqual([]);
  });

  it("the overview follows others' work without a reload: recent activity, Gjenstår's count", async () => {
    await a.goto(server.url + "/o/nmf-demo/r/1");
    await a.waitForSelector("html[data-hydrated]");
    await a.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const remaining = async () => Number((await a.getByRole("link", { name: /^Gjenstår/ }).textContent())?.match(/\((\d+)\)/)?.[1]);
    const before = await remaining();

    // B (in English now) answers 10, then reopens it (chapter 3 is agreed in the demo).
    await text(b, 10).fill("Sekretariatet svarer på 10.");
    await expect.poll(() => stateOf(b, 10).textContent(), POLL).toBe("Saved");
    await expect.poll(() => a.locator(".recent-changes li").first().textContent(), POLL).toContain("Maja Sekretariat");
    expect(await a.locator(".recent-changes li").first().getByRole("link").first().textContent()).toBe("Punkt 10");
    // Status and assignee are a disclosure whose form is rendered once opened (issue 20).
    await b.locator('details.work-details[data-number="10"] summary').click();
    const work = b.getByRole("form", { name: "Status and assignee of item 10" });
    await work.getByLabel("Status").selectOption("open");
    await work.getByRole("button", { name: "Save status" }).click();
    await expect.poll(remaining, POLL).toBe(before + 1);
    expect(await a.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it("a tab hidden for HIDDEN_CLOSE_MS lets its stream go, and shown again catches up on what it missed", async () => {
    const streams: string[] = [];
    const opened = new Set<unknown>();
    let closed = 0;
    a.on("request", (request) => {
      if (!/\/events\?/.test(request.url())) return;
      streams.push(request.url());
      opened.add(request);
    });
    // The page closing its EventSource ends the request (aborted: "failed", or "finished"). Only
    // streams this page opened count: the previous page's stream ends as the page navigates.
    const onEnd = (request: { url(): string }) => {
      if (opened.has(request)) closed += 1;
    };
    a.on("requestfailed", onEnd);
    a.on("requestfinished", onEnd);
    await a.goto(server.url + CHAPTER);
    await a.waitForSelector("html[data-hydrated]");
    await expect.poll(() => streams.length, POLL).toBe(1);
    await text(b, 12).fill("Før A gikk.");
    await expect.poll(() => text(a, 12).inputValue(), POLL).toBe("Før A gikk.");
    const setVisibility = (state: "hidden" | "visible") =>
      a.evaluate((value) => {
        Object.defineProperty(document, "visibilityState", { value, configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
      }, state);
    await setVisibility("hidden");
    // Hidden, the tab leaves the others' chips at once.
    await expect.poll(() => b.getByTestId("presence").count(), POLL).toBe(0);
    await expect.poll(() => closed, POLL).toBe(1);
    await text(b, 12).fill("Skrevet mens A var borte.");
    await expect.poll(() => stateOf(b, 12).textContent(), POLL).toBe("Saved");
    expect(await text(a, 12).inputValue()).not.toBe("Skrevet mens A var borte.");
    await setVisibility("visible");
    await expect.poll(() => text(a, 12).inputValue(), POLL).toBe("Skrevet mens A var borte.");
    // One stream reopened, after the last event the tab had (not from the page's first cursor).
    expect(streams).toHaveLength(2);
    const after = streams.map((url) => Number(new URL(url).searchParams.get("after")));
    expect(after[1]).toBeGreaterThan(after[0]!);
  }, 60_000);

  it("a tab that closes disappears from the others' chips", async () => {
    await b.close();
    await expect.poll(() => a.getByTestId("presence").count(), POLL).toBe(0);
  });
});
