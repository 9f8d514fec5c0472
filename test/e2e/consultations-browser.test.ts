/** A board secretary adds a small two-chapter consultation in a real browser, sees its numbering, publishes it and starts a response. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { axeViolations, screenshotPath, signInWithForm } from "../support/browser";
import { useServerAndBrowser } from "../support/server-and-browser";

const app = useServerAndBrowser();


describe("adding a consultation in the browser", () => {
  it("uploads, sees the numbering preview, publishes and starts a response", async () => {
    const page = await app.context.newPage();
    await signInWithForm(page, app.server.url, "sekretariat@demo.no");

    await page.goto(app.server.url + "/o/nmf-demo");
    await page.waitForSelector("html[data-hydrated]");
    await page.getByRole("link", { name: "Legg til høring" }).click();
    await page.waitForURL(`${app.server.url}/o/nmf-demo/consultations/new`);

    // An invalid paste first: the problems are listed, the text stays in the field.
    await page.getByLabel("eller lim inn malteksten").fill("id: studieplan-2027\ntitle: Uten resten\n");
    await page.getByRole("button", { name: "Kontroller og lagre utkast" }).click();
    await page.getByText("Malen har feil. Ingenting er lagret.").waitFor();
    expect(await page.locator(".template-problems").textContent()).toContain("issuer");
    expect(await page.getByLabel("eller lim inn malteksten").inputValue()).toContain("title: Uten resten");
    await page.screenshot({ path: screenshotPath("consultation-upload-problems"), fullPage: true });

    // The live preview follows the typing (nothing saved).
    await page.getByLabel("eller lim inn malteksten").fill(readFileSync("test/fixtures/consultation-small.yaml", "utf8").replace("maxRanks: 2", "maxRanks: 0"));
    await page.locator("#live-problems").getByText("chapters[undervisning].priority.maxRanks").waitFor();
    await page.getByLabel("eller lim inn malteksten").fill(readFileSync("test/fixtures/consultation-small.yaml", "utf8"));
    await page.locator("#live-numbering").waitFor();
    expect(await page.locator(".live-preview .item-number").allTextContents()).toHaveLength(10);
    await page.screenshot({ path: screenshotPath("consultation-live-preview"), fullPage: true });

    // Then the file.
    await page.getByLabel("eller lim inn malteksten").fill("");
    await page.getByLabel("Malfil (YAML eller JSON)").setInputFiles("test/fixtures/consultation-small.yaml");
    await page.getByRole("button", { name: "Kontroller og lagre utkast" }).click();
    await page.waitForURL(/\/o\/nmf-demo\/consultations\/o\d+~studieplan-2027$/);
    await page.getByRole("heading", { name: "Nummerering (slik skjemaet viser den)" }).waitFor();
    const numbers = await page.locator(".numbering-preview .item-number").allTextContents();
    expect(numbers).toEqual(["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "9.", "10."]);
    expect(await page.locator('[data-key="undervisning.priority"]').textContent()).toContain("6.2. Færre forelesninger.");
    expect(await page.getByText("Utkast").first().isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath("consultation-preview"), fullPage: true });
    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.impact === "critical" || v.impact === "serious")).toEqual([]);

    const consultationUrl = page.url();
    await page.getByRole("button", { name: "Publiser" }).click();
    await page.getByText("Publisert. Organisasjonen kan nå starte et høringssvar.").waitFor();

    await page.getByRole("link", { name: "Tilbake til organisasjonen" }).click();
    await page.waitForURL(`${app.server.url}/o/nmf-demo`);
    await page.screenshot({ path: screenshotPath("organisation-consultations"), fullPage: true });
    await page.getByRole("button", { name: "Start høringssvar til Høring om ny studieplan" }).click();
    await page.waitForURL(/\/o\/nmf-demo\/r\/\d+$/);
    await page.getByRole("heading", { name: "Høring om ny studieplan" }).waitFor();
    const responseUrl = page.url();
    await page.getByRole("link", { name: "Eksamen" }).first().click();
    await page.getByText("Hvilken eksamensform foretrekker dere?").waitFor();
    await page.waitForSelector("html[data-hydrated]");
    await page.getByLabel("9. Kommentarer til eksamen").fill("Vi ønsker flere muntlige eksamener.");
    await expect.poll(() => page.getByTestId("state-eksamen-kommentar").textContent(), { timeout: 10_000 }).toBe("Lagret");

    // The secretariat removes question 9 in the template text: a new version; the response keeps its own.
    await page.goto(consultationUrl);
    await page.waitForSelector("html[data-hydrated]");
    const source = page.getByLabel("Maltekst (YAML eller JSON)");
    const text = await source.inputValue();
    await source.fill(text.replace(/ {6}- \{ type: text, id: eksamen-kommentar.*\n/, ""));
    await page.locator("#live-numbering").waitFor();
    expect(await page.locator(".live-preview .item-number").allTextContents()).toHaveLength(9);
    await page.getByRole("button", { name: "Kontroller og lagre" }).click();
    await page.getByText("Lagret.").waitFor();

    await page.goto(responseUrl);
    await page.getByRole("link", { name: "Flytt svaret til den nye versjonen" }).click();
    await page.getByRole("heading", { name: "Svar som ikke kan kobles (1)" }).waitFor();
    expect(await page.locator('[data-key="eksamen-kommentar"]').textContent()).toContain("Vi ønsker flere muntlige eksamener.");
    await page.screenshot({ path: screenshotPath("response-move-dry-run"), fullPage: true });
    await page.getByRole("button", { name: "Flytt svaret" }).click();
    await page.getByText("Svaret er flyttet til den nye versjonen.").waitFor();
    expect(await page.getByRole("region", { name: "Svar fra en tidligere versjon som ikke kunne flyttes" }).textContent()).toContain(
      "Vi ønsker flere muntlige eksamener.",
    );
  });
});
