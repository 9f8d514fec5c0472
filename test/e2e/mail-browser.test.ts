/**
 * Issue 22's new pages in a real browser: invites by e-mail with the Copy button (and the
 * readonly link without JavaScript), a bad list refused in the browser with the line named and
 * the text kept, the mail settings on /account, and the unsubscribe page (valid and forged). Axe
 * on each.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { unsubscribeToken } from "~/lib/mail/notify/unsubscribe.server";
import { allowConsoleError, axeViolations, launchContext, screenshotPath, signInWithForm } from "../support/browser";
import { useServerAndBrowser } from "../support/server-and-browser";

const app = useServerAndBrowser();
let page: Page;

beforeAll(async () => {
  await app.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.server.url });
  page = await app.context.newPage();
  await signInWithForm(page, app.server.url, "admin@demo.no");
});

const violations = async (p: Page = page) => (await axeViolations(p)).map((v) => `${v.id} (${v.count})`);

describe("invites by e-mail in the browser", () => {
  it("a pasted list is invited; each pending invite has a link the Copy button copies", async () => {
    await page.goto(`${app.server.url}/o/nmf-demo/members`);
    await page.getByLabel("E-postadresser (én per linje)").fill("en.ny@eksempel.no\nto.ny@eksempel.no");
    await page.getByLabel("Rolle", { exact: true }).selectOption("editor");
    await page.getByRole("button", { name: "Send invitasjon" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "2 invitasjon(er)" }).count()).toBe(1);
    const link = page.getByLabel("Lenke til invitasjonen for en.ny@eksempel.no");
    const url = await link.inputValue();
    expect(url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(await page.getByLabel("Lenke til invitasjonen for to.ny@eksempel.no").inputValue()).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await link.locator("xpath=..").getByRole("button", { name: "Kopier" }).click();
    await expect.poll(() => link.locator("xpath=..").getByText("Kopiert.").count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await page.screenshot({ path: screenshotPath("mail-invites"), fullPage: true });
    expect(await violations()).toEqual([]);
  });

  it("a bad line is refused in the browser: the line named, the text kept, nothing sent", async () => {
    await page.goto(`${app.server.url}/o/nmf-demo/members`);
    const text = "god@eksempel.no\na@b@eksempel.no";
    await page.getByLabel("E-postadresser (én per linje)").fill(text);
    await page.getByRole("button", { name: "Send invitasjon" }).click();
    await expect.poll(() => page.getByText("Linje 2 («a@b@eksempel.no») har mer enn én @").count()).toBe(1);
    expect(await page.getByLabel("E-postadresser (én per linje)").inputValue()).toBe(text);
    expect(await page.getByText("god@eksempel.no: ").count()).toBe(0);
    expect(await violations()).toEqual([]);
  });

  it("without JavaScript the pending links are readonly inputs to copy by hand, and no Copy button", async () => {
    const noJs = await launchContext({ javaScriptEnabled: false });
    try {
      const p = await noJs.newPage();
      await p.goto(`${app.server.url}/login`);
      await p.getByLabel("E-post").fill("admin@demo.no");
      await p.getByLabel("Passord").fill("demo-passord");
      await p.locator("main").getByRole("button", { name: "Logg inn" }).click();
      await p.waitForURL(`${app.server.url}/`);
      await p.goto(`${app.server.url}/o/nmf-demo/members`);
      const link = p.getByLabel("Lenke til invitasjonen for en.ny@eksempel.no");
      expect(await link.getAttribute("readonly")).not.toBeNull();
      expect(await link.inputValue()).toMatch(/\/invite\//);
      expect(await p.getByRole("button", { name: "Kopier" }).count()).toBe(0);
    } finally {
      await noJs.close();
    }
  });
});

describe("mail settings and unsubscribe in the browser", () => {
  it("/account: per kind immediate, daily or off; saved", async () => {
    await page.goto(`${app.server.url}/account`);
    expect(await page.getByLabel("Når noen nevner deg (@navn)").inputValue()).toBe("immediate");
    expect(await page.getByLabel("Svar i tråder du deltar i").inputValue()).toBe("daily");
    await page.getByLabel("Svar i tråder du deltar i").selectOption("off");
    await page.getByRole("button", { name: "Lagre varslene" }).click();
    await expect.poll(() => page.getByText("Varslene er lagret.").count()).toBe(1);
    expect(await page.getByLabel("Svar i tråder du deltar i").inputValue()).toBe("off");
    await page.screenshot({ path: screenshotPath("mail-settings"), fullPage: true });
    expect(await violations()).toEqual([]);
  });

  it("the unsubscribe page: a button, then done; a forged link is a clear refusal", async () => {
    // The server's secret (test/support/app.server.ts), so this process can make a genuine token.
    process.env.SESSION_SECRET = "test-secret";
    const p = page;
    {
      // admin@demo.no is the demo's first user.
      const adminId = 1;
      await p.goto(`${app.server.url}/unsubscribe/${unsubscribeToken(adminId, "mention")}`);
      expect(await p.getByText("Vil du slutte å få e-post om at noen nevner deg?").count()).toBe(1);
      expect(await violations(p)).toEqual([]);
      await p.getByRole("button", { name: "Ja, slutt å sende" }).click();
      await expect.poll(() => p.getByText("du får ikke flere e-poster om at noen nevner deg").count()).toBe(1);
      allowConsoleError(/status of 400/, "the forged unsubscribe link answers 400 on purpose");
      await p.goto(`${app.server.url}/unsubscribe/${adminId}.reply.${"A".repeat(32)}`);
      expect(await p.getByText("Lenken er ugyldig").count()).toBe(1);
      expect(await violations(p)).toEqual([]);
    }
    await page.goto(`${app.server.url}/account`);
    expect(await page.getByLabel("Når noen nevner deg (@navn)").inputValue()).toBe("off");
  });
});
