/**
 * A board secretary who has never seen YAML builds a two-chapter consultation from scratch in the
 * form editor (headless Chromium): adds a chapter with two measures and a priority question and a
 * question group with a yes/no question whose feedback is asked on "No", sees the numbering follow
 * the typing and a message next to an emptied required field, saves, publishes, starts a response.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations, launchContext, screenshotPath, signInWithForm } from "../support/browser";
import { useServerAndBrowser } from "../support/server-and-browser";

const app = useServerAndBrowser();


const numbers = (page: Page) => page.locator(".live-preview .item-number").allTextContents();
const previewText = (page: Page) => page.locator(".live-preview").textContent();

describe("the consultation form editor in the browser", () => {
  it("builds a consultation from scratch, with live numbering and messages by the field, then publishes and starts a response", async () => {
    const page = await app.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInWithForm(page, app.server.url, "sekretariat@demo.no");

    await page.goto(app.server.url + "/o/nmf-demo/consultations/new");
    await page.waitForSelector("html[data-hydrated]");
    await page.getByLabel("Språk i høringen").selectOption("nb");
    await page.screenshot({ path: screenshotPath("consultation-new"), fullPage: true });
    await page.getByRole("button", { name: "Start fra et eksempel" }).click();
    await page.waitForURL(/\/o\/nmf-demo\/consultations\/o\d+~draft-[\w-]+\/edit$/);
    await page.waitForSelector("html[data-hydrated]");
    const editUrl = page.url();
    // The numbering comes from the server's preview a moment after the form hydrates.
    await expect.poll(async () => (await numbers(page)).length).toBeGreaterThan(5);
    const startCount = (await numbers(page)).length;
    await page.screenshot({ path: screenshotPath("consultation-editor-top") });

    // Metadata.
    await page.getByLabel("Tittel", { exact: true }).fill("Høring om eksamensordningen");
    await page.getByLabel("Utsendt av").fill("Studentparlamentet");
    await page.getByLabel("Saksnummer").fill("26/4321");

    // The starter's chapter becomes "Undervisning"; a second chapter is added.
    const chapter1 = page.locator('fieldset[data-path="chapters.1"]');
    await chapter1.getByLabel("Kapitteltittel").fill("Undervisning");
    await page.getByRole("button", { name: "Legg til kapittel" }).click();
    const chapter2 = page.locator('fieldset[data-path="chapters.2"]');
    await chapter2.getByLabel("Kapitteltittel").waitFor();
    // The keyboard focus goes to the new chapter.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("f-chapters-2-title");
    await chapter2.getByLabel("Kapitteltittel").fill("Eksamen");
    await chapter2.locator('fieldset[data-path="chapters.2.measures.0"]').getByLabel("Tiltaket").fill("Flere muntlige eksamener.");
    await chapter2.getByRole("button", { name: "Legg til tiltak" }).click();
    await chapter2.locator('fieldset[data-path="chapters.2.measures.1"]').getByLabel("Tiltaket").waitFor();
    // Typed text survives the add (the whole form went to the server and came back).
    expect(await chapter2.locator('fieldset[data-path="chapters.2.measures.0"]').getByLabel("Tiltaket").inputValue()).toBe("Flere muntlige eksamener.");
    await chapter2.locator('fieldset[data-path="chapters.2.measures.1"]').getByLabel("Tiltaket").fill("Kortere ventetid på sensur.");
    await chapter2.locator('fieldset[data-path="chapters.2.measures.1"]').getByLabel(/Henvisning/).fill("Se kapittel 4.2.");
    await chapter2.getByRole("button", { name: "Legg til prioriteringsspørsmål" }).click();
    await chapter2.getByLabel("Hvor mange tiltak kan rangeres").waitFor();
    await chapter2.getByLabel("Hvor mange tiltak kan rangeres").fill("2");

    // A question group with a yes/no question whose feedback is asked on "No".
    await page.getByRole("button", { name: "Legg til spørsmålsgruppe" }).click();
    const group = page.locator('fieldset[data-path="chapters.3"]');
    await group.getByLabel("Spørsmålet").waitFor();
    await group.getByLabel("Overskrift for gruppen").fill("Om høringen");
    await group.getByLabel("Spørsmålet").fill("Støtter dere forslaget som helhet?");
    await group.getByRole("button", { name: "Legg til tilbakemeldingsfelt ved ja eller nei" }).click();
    await group.getByLabel("Tekst til tilbakemeldingsfeltet").waitFor();
    await group.getByLabel("Spørres når svaret er").selectOption("no");
    await group.getByLabel("Tekst til tilbakemeldingsfeltet").fill("Hva bør endres?");

    // The numbering follows the typing: the new items are numbered in the form's order.
    await expect.poll(() => previewText(page), { timeout: 10_000 }).toContain("Hva bør endres?");
    const shown = await numbers(page);
    expect(shown).toEqual(shown.map((_, i) => `${i + 1}.`));
    expect(shown.length).toBe(startCount + 2 + 2 + 1 + 1 + 2); // two measures (2 items each), priority + justification, yes/no + feedback
    expect(await previewText(page)).toContain("Eksamen");
    const feedbackItem = page.locator(".live-preview .form-items > li", { hasText: "Hva bør endres?" });
    expect(await feedbackItem.textContent()).toMatch(/stilles når \d+ er «Nei»/);
    await page.screenshot({ path: screenshotPath("consultation-editor"), fullPage: true });
    await group.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath("consultation-editor-group") });

    // An emptied required field gets its message next to it, live.
    await chapter2.getByLabel("Kapitteltittel").fill("");
    await page.locator("#f-chapters-2-title-problem").waitFor();
    expect(await page.locator("#f-chapters-2-title-problem").textContent()).toBe("må fylles ut");
    expect(await chapter2.getByLabel("Kapitteltittel").getAttribute("aria-invalid")).toBe("true");
    await page.locator('fieldset[data-path="chapters.2"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath("consultation-editor-problem") });
    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.impact === "critical" || v.impact === "serious")).toEqual([]);
    await chapter2.getByLabel("Kapitteltittel").fill("Eksamen");
    await expect.poll(() => page.locator("#f-chapters-2-title-problem").count(), { timeout: 10_000 }).toBe(0);

    // Save, then publish and start a response.
    await page.getByRole("button", { name: "Kontroller og lagre" }).click();
    await page.waitForURL(`${editUrl}?saved=1`);
    await page.getByText("Lagret.").waitFor();
    await page.getByRole("link", { name: "Tilbake til høringen" }).click();
    await page.getByRole("heading", { name: "Høring om eksamensordningen" }).waitFor();
    const pageNumbers = await page.locator(".numbering-preview .item-number").allTextContents();
    expect(pageNumbers).toEqual(shown);
    await page.getByRole("button", { name: "Publiser" }).click();
    await page.getByText("Publisert. Organisasjonen kan nå starte et høringssvar.").waitFor();
    await page.getByRole("link", { name: "Tilbake til organisasjonen" }).click();
    await page.getByRole("button", { name: "Start høringssvar til Høring om eksamensordningen" }).click();
    await page.waitForURL(/\/o\/nmf-demo\/r\/\d+$/);
    await page.getByRole("heading", { name: "Høring om eksamensordningen" }).waitFor();
    await page.getByRole("link", { name: "Eksamen" }).first().click();
    await page.getByText("Kortere ventetid på sensur. Se kapittel 4.2.", { exact: false }).first().waitFor();
  });

  it("works without JavaScript: add, remove and save are plain form posts with messages by the field", async () => {
    const noJs = await launchContext({ javaScriptEnabled: false });
    try {
      const page = await noJs.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      await signInWithForm(page, app.server.url, "sekretariat@demo.no");
      await page.goto(app.server.url + "/o/nmf-demo/consultations/new");
      await page.getByLabel("Språk i høringen").selectOption("en");
      await page.getByRole("button", { name: "Start fra et eksempel" }).click();
      await page.waitForURL(/\/edit$/);
      await page.getByLabel("Tittel", { exact: true }).fill("Consultation on exams");
      await page.getByRole("button", { name: "Legg til kapittel" }).click();
      const added = page.locator('fieldset[data-path="chapters.2"]');
      await added.getByLabel("Kapitteltittel").waitFor();
      expect(await page.getByLabel("Tittel", { exact: true }).inputValue()).toBe("Consultation on exams");
      await added.getByRole("button", { name: /^Fjern: Kapittel 3/ }).click();
      await page.getByLabel("Tittel", { exact: true }).waitFor();
      expect(await page.locator('fieldset[data-path="chapters.2"]').count()).toBe(0);
      await page.getByLabel("Utsendt av").fill("");
      await page.getByRole("button", { name: "Kontroller og lagre" }).click();
      await page.locator("#f-issuer-problem").waitFor();
      expect(await page.locator("#f-issuer-problem").textContent()).toBe("må fylles ut");
      await page.screenshot({ path: screenshotPath("consultation-editor-nojs-problem") });
      await page.getByLabel("Utsendt av").fill("Ministry of Education");
      await page.getByRole("button", { name: "Kontroller og lagre" }).click();
      await page.waitForURL(/\/edit\?saved=1$/);
      expect(await page.getByLabel("Tittel", { exact: true }).inputValue()).toBe("Consultation on exams");
    } finally {
      await noJs.close();
    }
  });
});
