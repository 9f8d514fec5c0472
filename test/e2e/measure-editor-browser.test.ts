/**
 * The form editor says what portal forms say (headless Chromium): in the form editor alone, a
 * consultation whose measure feedback is asked only on "Ueinig", with custom yes/no labels, a
 * support-only and a feedback-only measure; saved, it is in the template as written.
 */
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { signInWithForm } from "../support/browser";
import { formRequest, signIn } from "../support/server";
import { useServerAndBrowser } from "../support/server-and-browser";
// (How previews print the condition's yes/no label is the `voice` work's: not asserted here.)

const app = useServerAndBrowser();


describe("measures in the form editor", () => {
  it("builds feedback asked only on “Ueinig”, custom yes/no labels, a support-only and a feedback-only measure", async () => {
    const page = await app.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInWithForm(page, app.server.url, "sekretariat@demo.no");
    await page.goto(app.server.url + "/o/nmf-demo/consultations/new");
    await page.waitForSelector("html[data-hydrated]");
    await page.getByLabel("Språk i høringen").selectOption("nn");
    await page.getByRole("button", { name: "Start fra et eksempel" }).click();
    await page.waitForURL(/\/edit$/);
    await page.waitForSelector("html[data-hydrated]");
    const editUrl = page.url();

    await page.getByLabel("Id (brukes i filnavn)").fill("kollektiv-2027");
    await page.getByLabel("Tekst for ja").fill("Einig");
    await page.getByLabel("Tekst for nei").fill("Ueinig");
    const chapter = page.locator('fieldset[data-path="chapters.1"]');
    const measure = (i: number) => chapter.locator(`fieldset[data-path="chapters.1.measures.${i}"]`);
    await measure(0).getByLabel("Spør om tilbakemelding").selectOption("no");
    await measure(1).getByLabel("Tilbakemeldingsfelt").selectOption("false");
    await chapter.getByRole("button", { name: "Legg til tiltak" }).click();
    await measure(2).getByLabel("Tiltaket").waitFor();
    await measure(2).getByLabel("Tiltaket").fill("Berre tilbakemelding.");
    await measure(2).getByLabel("Spørsmål om støtte").selectOption("false");
    // The labels typed above are the answers offered for the condition (after the add re-rendered the form).
    expect(await measure(0).getByLabel("Spør om tilbakemelding").locator("option").allTextContents()).toEqual(["Alltid", "Bare ved «Einig»", "Bare ved «Ueinig»"]);

    await page.getByRole("button", { name: "Kontroller og lagre" }).click();
    await page.waitForURL(/\/edit\?saved=1$/);
    const saved = page.url().replace(/\/edit\?saved=1$/, "");
    expect(page.url()).toBe(`${editUrl}?saved=1`);

    const cookie = await signIn(app.server.url, "sekretariat@demo.no");
    const yaml = parse((await formRequest(app.server.url, `${new URL(saved).pathname}/template.yaml`, { cookie })).html) as {
      id: string;
      yesNoLabels: unknown;
      chapters: { measures?: Record<string, unknown>[] }[];
    };
    // The id names the export files (hoeyringssvar-…-kollektiv-2027-….docx).
    expect(yaml.id).toBe("kollektiv-2027");
    expect(yaml.yesNoLabels).toEqual({ yes: "Einig", no: "Ueinig" });
    const measures = yaml.chapters[1]!.measures!;
    expect(measures[0]).toMatchObject({ feedbackAskedOn: "no" });
    expect(measures[1]).toMatchObject({ feedback: false });
    expect(measures[2]).toMatchObject({ text: "Berre tilbakemelding.", support: false });
  }, 120_000);
});
