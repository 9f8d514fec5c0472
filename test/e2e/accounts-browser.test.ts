/** The account pages in a real browser: client-side validation, the invite link, and axe checks. */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { axeViolations, screenshotPath } from "../support/browser";
import { useServerAndBrowser } from "../support/server-and-browser";

const app = useServerAndBrowser();
let page: Page;

beforeAll(async () => {
  page = await app.context.newPage();
});

async function violations(): Promise<string[]> {
  return (await axeViolations(page)).map((v) => `${v.id} (${v.count})`);
}

describe("account pages in the browser", () => {
  it("sign-up validates in the browser and marks the invalid fields", async () => {
    await page.goto(`${app.server.url}/signup`);
    await page.getByLabel("Navn").fill("Kari Nordmann");
    await page.getByLabel("E-post").fill("kari@");
    await page.getByLabel("Passord", { exact: true }).fill("kort");
    await page.getByRole("button", { name: "Opprett konto" }).click();
    await expect.poll(() => page.getByLabel("E-post").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByText("Skriv en gyldig e-postadresse").isVisible()).toBe(true);
    expect(await page.getByText("Passordet må ha minst 12 tegn.").isVisible()).toBe(true);
    expect(await page.getByLabel("Navn").inputValue()).toBe("Kari Nordmann");
    await page.screenshot({ path: screenshotPath("accounts-signup-errors"), fullPage: true });
    expect(await violations()).toEqual([]);
  });

  it("signs in, shows the organisation in the header, and lets the admin create an invite link", async () => {
    await page.goto(`${app.server.url}/login`);
    expect(await violations()).toEqual([]);
    await page.getByLabel("E-post").fill("admin@demo.no");
    await page.getByLabel("Passord").fill("demo-passord");
    await page.getByRole("button", { name: "Logg inn" }).click();
    await page.waitForURL(`${app.server.url}/`);
    await page.getByRole("navigation").getByRole("link", { name: "Norsk medisinstudentforening (demo)" }).click();
    await page.waitForURL(`${app.server.url}/o/nmf-demo`);
    expect(await violations()).toEqual([]);
    await page.getByRole("link", { name: "Medlemmer" }).click();
    await page.waitForURL(`${app.server.url}/o/nmf-demo/members`);
    await page.getByLabel("Rolle", { exact: true }).selectOption("editor");
    await page.getByRole("button", { name: "Lag invitasjonslenke" }).click();
    const link = page.getByLabel("Invitasjonslenke");
    await expect.poll(() => link.inputValue()).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await page.screenshot({ path: screenshotPath("accounts-members"), fullPage: true });
    expect(await violations()).toEqual([]);
  });
});
