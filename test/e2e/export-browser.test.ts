import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { screenshotPath, signInWithForm } from "../support/browser";
import { useServerAndBrowser } from "../support/server-and-browser";

const app = useServerAndBrowser();

describe("an edited Markdown file comes back in", () => {
  it("as a reviewed word diff, then as a revision", async () => {
    const page = await app.context.newPage();
    await signInWithForm(page, app.server.url, "sekretariat@demo.no");

    const exported = await (await page.request.get(`${app.server.url}/o/nmf-demo/r/1/export.md`)).text();
    const edited = exported.replace("som tidligere nevnt.", "som tidligere nevnt. Nytt tillegg fra styret.");
    expect(edited).not.toBe(exported);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "hs-import-")), "svar.md");
    writeFileSync(file, edited);

    await page.goto(`${app.server.url}/o/nmf-demo/r/1/import`);
    await page.waitForSelector("html[data-hydrated]");
    await page.setInputFiles('input[type="file"]', file);
    await page.getByRole("button", { name: "Vis endringer" }).click();
    await page.getByRole("heading", { name: "Dette endres ved import:" }).waitFor();
    expect(await page.locator(".form-items li").count()).toBe(1);
    expect(await page.locator(".form-items ins").textContent()).toContain("Nytt tillegg fra styret.");
    // The file's text travels with the confirm form but is not shown as a raw text box.
    expect(await page.locator("textarea").isVisible()).toBe(false);
    await page.screenshot({ path: screenshotPath("import-review"), fullPage: true });

    await page.getByRole("button", { name: /Importer 1 endring/ }).click();
    await page.getByRole("status").waitFor();
    await page.goto(`${app.server.url}/o/nmf-demo/r/1/history/kap3-tiltak-7.feedback`);
    expect(await page.getByTestId("revision-2").textContent()).toContain("importert");
    expect(await page.getByTestId("revision-2").textContent()).toContain("Nytt tillegg fra styret.");
  });
});

describe("the preview, for retyping into the portal", () => {
  it("copies one answer's text, paragraphs kept", async () => {
    await app.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.server.url });
    const page = await app.context.newPage();
    await page.goto(`${app.server.url}/o/nmf-demo/r/1/preview`);
    await page.waitForSelector("html[data-hydrated]");
    await page.screenshot({ path: screenshotPath("preview") });
    const copy = page.getByRole("button", { name: "Kopier svaret på punkt 6", exact: true });
    await copy.click();
    await expect.poll(() => copy.textContent(), { timeout: 5000 }).toBe("Kopiert!");
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard.split("\n\n")).toHaveLength(3);
    expect(clipboard).toMatch(/^Det må følge med insentiver/);
    expect(clipboard).toMatch(/uten å måtte ytterligere vikariater\/reststillinger\.$/);
  });

  it("selects the text instead where the browser offers no clipboard (plain http)", async () => {
    const page = await app.context.newPage();
    await page.addInitScript(() => Object.defineProperty(navigator, "clipboard", { value: undefined }));
    await page.goto(`${app.server.url}/o/nmf-demo/r/1/preview`);
    await page.waitForSelector("html[data-hydrated]");
    const copy = page.getByRole("button", { name: "Kopier svaret på punkt 12", exact: true });
    await copy.click();
    await expect.poll(() => copy.textContent(), { timeout: 5000 }).toBe("Markert – trykk Ctrl+C");
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? "");
    expect(selected).toMatch(/^LIS1 er en stilling som er omfattet/);
    expect(selected).toContain("annen LIS1.");
  });
});
