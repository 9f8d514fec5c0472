import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowConsoleErrorOn, axeViolations, launchContext, screenshotPath, signInWithForm } from "../support/browser";
import { signIn, startServer, type TestServer } from "../support/server";

const RESPONSE = "/o/nmf-demo/r/1";
let server: TestServer;
const contexts: BrowserContext[] = [];

async function signedInPage(email: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await launchContext(options);
  contexts.push(context);
  const page = await context.newPage();
  await signInWithForm(page, server.url, email);
  return page;
}

const POLL = { timeout: 10_000 };

/**
 * Cuts the page off from live updates (test/e2e/live-browser.test.ts): with the stream a colleague's
 * save arrives before one's own, so the tests of the 409 path itself (a stream down or a save that
 * races it) need it gone.
 */
async function withoutLiveUpdates(page: Page) {
  await page.route(/\/events(\?|$)/, (route) => route.abort());
  allowConsoleErrorOn(page, /Failed to load resource: net::ERR_FAILED \(http:\/\/[^)]*\/events(\?|\))/, "this test aborts the live stream on purpose");
}

/** Navigates and waits until React has hydrated (autosave handlers attached). */
async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector("html[data-hydrated]");
}
const stateOf = (page: Page, field: string) => page.getByTestId(`state-${field}`);

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await server?.stop();
});

describe("drafting with JavaScript", () => {
  it("answers a measure, ranks three, shows a rank error with the input kept, and keeps it all after reload", async () => {
    const page = await signedInPage("styret@demo.no");
    await page.screenshot({ path: screenshotPath("home"), fullPage: true });
    await page.getByRole("link", { name: "Norsk medisinstudentforening (demo)" }).first().waitFor();
    await open(page, server.url + RESPONSE);
    await page.screenshot({ path: screenshotPath("response-overview") });
    await page.getByRole("link", { name: "Søknads- og ansettelsesprosessen" }).first().click();
    await page.waitForURL(`${server.url}${RESPONSE}/c/kap4`);

    // Measure 21: change to Ja and write feedback; autosave shows "Lagret".
    const q21 = page.locator("#q-21");
    await q21.getByLabel("Ja").check();
    await expect.poll(() => stateOf(page, "kap4-tiltak-1__support").textContent(), POLL).toBe("Lagret");
    const feedback = page.getByLabel("22. Dine/deres tilbakemeldinger");
    await feedback.fill("Kommuner bør kunne lyse ut egne stillinger i en prøveperiode.");
    await expect.poll(() => stateOf(page, "kap4-tiltak-1__feedback").textContent(), POLL).toBe("Ikke lagret");
    await expect.poll(() => stateOf(page, "kap4-tiltak-1__feedback").textContent(), POLL).toBe("Lagret");

    // Rank three measures of question 37.
    const rank = (option: string) => page.getByLabel(new RegExp(`^${option.replace(".", "\\.")}\\. `));
    await rank("37.2").selectOption("");
    await rank("37.3").selectOption("");
    await rank("37.5").selectOption("1");
    await rank("37.1").selectOption("2");
    await rank("37.8").selectOption("3");
    await expect.poll(() => stateOf(page, "kap4__priority").textContent(), POLL).toBe("Lagret");

    // A rank used twice: the message is next to the field, the selects keep what the user chose.
    await rank("37.4").selectOption("1");
    const error = page.locator("#q-37 .field-error");
    await expect.poll(() => error.textContent(), POLL).toContain("Rangering 1 er brukt mer enn én gang.");
    expect(await rank("37.4").inputValue()).toBe("1");
    expect(await stateOf(page, "kap4__priority").textContent()).toBe("Ikke lagret – rett feilen");
    await page.locator("#q-37").screenshot({ path: screenshotPath("rank-error") });
    await rank("37.4").selectOption("");
    await expect.poll(() => stateOf(page, "kap4__priority").textContent(), POLL).toBe("Lagret");

    await page.reload();
    await page.waitForSelector("html[data-hydrated]");
    expect(await page.locator("#q-21").getByLabel("Ja").isChecked()).toBe(true);
    expect(await page.getByLabel("22. Dine/deres tilbakemeldinger").inputValue()).toBe(
      "Kommuner bør kunne lyse ut egne stillinger i en prøveperiode.",
    );
    expect(await rank("37.5").inputValue()).toBe("1");
    expect(await rank("37.1").inputValue()).toBe("2");
    expect(await rank("37.8").inputValue()).toBe("3");
    expect(await rank("37.4").inputValue()).toBe("");
    await page.screenshot({ path: screenshotPath("chapter-kap4"), fullPage: true });

    // History: the demo text is version 1; restore it as a new version.
    await page.locator("#q-22").getByRole("link", { name: "Historikk" }).click();
    await page.waitForURL(/history/);
    await expect.poll(() => page.getByTestId("revision-2").textContent(), POLL).toContain("prøveperiode");
    await page.screenshot({ path: screenshotPath("history"), fullPage: true });
    await page.getByTestId("revision-1").getByRole("button", { name: "Gjenopprett denne versjonen" }).click();
    await expect.poll(() => page.getByRole("status").textContent(), POLL).toContain("Versjon 1 er gjenopprettet");
    expect(await page.getByTestId("revision-3").textContent()).toContain("Gjenopprettet fra versjon 1");
    await page.getByRole("link", { name: /Tilbake til spørsmålet/ }).click();
    expect(await page.getByLabel("22. Dine/deres tilbakemeldinger").inputValue()).toMatch(/^Dette kan ikke bli normen\./);

    // The overview's recent changes lead with this session's saves.
    await open(page, server.url + RESPONSE);
    const recent = page.locator(".recent-changes li");
    expect(await recent.first().textContent()).toMatch(/^Punkt 22 \(Søknads- og ansettelsesprosessen\) – Emil Styremedlem, .* · Versjon 3$/);
    await page.screenshot({ path: screenshotPath("response-overview-activity") });
  });

  it("shows two colleagues' simultaneous edits side by side and loses neither (no live stream)", async () => {
    const alice = await signedInPage("styret@demo.no");
    const bob = await signedInPage("sekretariat@demo.no");
    await withoutLiveUpdates(bob);
    const section = `${server.url}${RESPONSE}/c/kap5`;
    await Promise.all([open(alice, section), open(bob, section)]);
    const field = "kap5-tiltak-1__feedback";
    const label = "40. Dine/deres tilbakemeldinger";

    await alice.getByLabel(label).fill("Alices tekst om egne ordninger.");
    await expect.poll(() => stateOf(alice, field).textContent(), POLL).toBe("Lagret");
    await bob.getByLabel(label).fill("Bobs tekst om egne ordninger.");
    await expect.poll(() => stateOf(bob, field).textContent(), POLL).toBe("Ikke lagret – noen andre har endret svaret");

    const merge = bob.locator("#q-40 .merge");
    expect(await merge.getByTestId("theirs").textContent()).toBe("Alices tekst om egne ordninger.");
    expect(await merge.getByTestId("mine").textContent()).toBe("Bobs tekst om egne ordninger.");
    expect(await bob.getByLabel(label).inputValue()).toBe("Bobs tekst om egne ordninger.");
    await bob.locator("#q-40").screenshot({ path: screenshotPath("conflict") });

    await bob.getByLabel(label).fill("Alices tekst om egne ordninger. Bobs tillegg.");
    await merge.getByRole("button", { name: "Lagre min versjon" }).click();
    await expect.poll(() => stateOf(bob, field).textContent(), POLL).toBe("Lagret");

    await alice.goto(`${server.url}${RESPONSE}/history/kap5-tiltak-1.feedback`);
    const history = await alice.locator(".revisions").textContent();
    expect(history).toContain("Alices tekst om egne ordninger.");
    expect(history).toContain("Bobs tillegg.");
  });

  it("keeps building on the right version after the Save button, and refreshes untouched fields", async () => {
    const page = await signedInPage("styret@demo.no");
    const section = `${server.url}${RESPONSE}/c/sender`;
    await open(page, section);
    const name = page.getByLabel("3. Navn på den som har fylt ut skjemaet", { exact: false });
    await name.fill("Ola Nordmann");
    // The demo's e-mail is redacted ("----------"): the whole-form save refuses it until fixed.
    await page.getByRole("button", { name: "Lagre", exact: true }).click();
    await expect.poll(() => page.locator("#q-4 .field-error").textContent(), POLL).toContain("gyldig e-postadresse");
    expect(await name.inputValue()).toBe("Ola Nordmann");
    expect(await stateOf(page, "utfyller-navn").textContent()).toBe("Ikke lagret");
    await page.getByLabel("4. E-postadresse til avsender av høringsinnspill").fill("styret@medisinstudent.no");
    await page.getByRole("button", { name: "Lagre", exact: true }).click();
    await page.waitForURL(/saved=2/);
    await expect.poll(() => stateOf(page, "utfyller-navn").textContent(), POLL).toBe("Lagret");
    // An autosave after the whole-form save must not conflict with the user's own save.
    await name.fill("Ola Nordmann (styreleder)");
    await expect.poll(() => stateOf(page, "utfyller-navn").textContent(), POLL).toBe("Lagret");

    // A colleague changes the sender name; the next save on this page brings it in, untouched field.
    const other = await signIn(server.url, "sekretariat@demo.no");
    const body = new URLSearchParams({ intent: "save", autosave: "1", "avsender-navn": "Norsk medisinstudentforening (NMF)", "v.avsender-navn": "1" });
    expect((await fetch(`${section}.data`, { method: "POST", body, headers: { cookie: other } })).status).toBe(200);
    await name.fill("Ola Nordmann (leder)");
    await expect.poll(() => stateOf(page, "utfyller-navn").textContent(), POLL).toBe("Lagret");
    await expect.poll(() => page.getByLabel("2. Navn på avsender", { exact: false }).inputValue(), POLL).toBe("Norsk medisinstudentforening (NMF)");
  });

  it("shows the merge view when the Save button meets a colleague's newer answer (no live stream)", async () => {
    const page = await signedInPage("styret@demo.no");
    await withoutLiveUpdates(page);
    const section = `${server.url}${RESPONSE}/c/general`;
    await open(page, section);
    const other = await signIn(server.url, "sekretariat@demo.no");
    const body = new URLSearchParams({ intent: "save", autosave: "1", "generelle-tilbakemeldinger": "Sekretariatets utkast.", "v.generelle-tilbakemeldinger": "1" });
    expect((await fetch(`${section}.data`, { method: "POST", body, headers: { cookie: other } })).status).toBe(200);
    const field = page.getByLabel("71. Generelle tilbakemeldinger");
    // Type without waiting for autosave, then press Save at once.
    await field.fill("Styrets utkast.");
    await page.getByRole("button", { name: "Lagre", exact: true }).click();
    await expect.poll(() => page.locator("#q-71 [data-testid=theirs]").textContent(), POLL).toBe("Sekretariatets utkast.");
    expect(await field.inputValue()).toBe("Styrets utkast.");
    await field.fill("Sekretariatets utkast. Styrets utkast.");
    await page.locator("#q-71").getByRole("button", { name: "Lagre min versjon" }).click();
    await expect.poll(() => stateOf(page, "generelle-tilbakemeldinger").textContent(), POLL).toBe("Lagret");
  });

  it("hides conditional feedback until its answer is chosen", async () => {
    const page = await signedInPage("styret@demo.no");
    await open(page, `${server.url}${RESPONSE}/c/kap2`);
    const feedback66 = page.locator("#q-66");
    await expect.poll(() => feedback66.isHidden(), POLL).toBe(true); // hidden once hydrated
    await page.locator("#q-65").getByLabel("Nei").check();
    await expect.poll(() => feedback66.isVisible(), POLL).toBe(true);
    await page.screenshot({ path: screenshotPath("chapter-kap2"), fullPage: true });
  });

  it("sends a stored text answer once, in its text area, and builds on it after hydration (decision 76)", async () => {
    const page = await signedInPage("styret@demo.no");
    await open(page, `${server.url}${RESPONSE}/c/kap3`);
    const feedback = page.locator("#input-kap3-tiltak-3__feedback");
    const stored = await feedback.inputValue();
    expect(stored.length).toBeGreaterThan(100);
    // The document: the text is in its text area, not again in the loader data.
    const html = await (await page.request.get(`${server.url}${RESPONSE}/c/kap3`)).text();
    expect(html.split(stored.slice(0, 60)).length - 1).toBe(1);
    // Shown (it holds text), and its save builds on the stored version.
    await expect.poll(() => page.locator("#q-10").isVisible(), POLL).toBe(true);
    await feedback.press("Control+End");
    await feedback.pressSequentially(" Tillegg.");
    await expect.poll(() => stateOf(page, "kap3-tiltak-3__feedback").textContent(), POLL).toBe("Lagret");
    await open(page, `${server.url}${RESPONSE}/c/kap3`);
    await expect.poll(() => page.locator("#input-kap3-tiltak-3__feedback").inputValue(), POLL).toBe(`${stored} Tillegg.`);
  });

  it.each(["/c/kap3", "/c/sender", "/", "/history/kap3.priority", "/preview", "/import"])(
    "has no serious or critical axe violations on %s",
    async (subpath) => {
      const page = await signedInPage("sekretariat@demo.no");
      await open(page, `${server.url}${RESPONSE}${subpath === "/" ? "" : subpath}`);
      const violations = await axeViolations(page);
      expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
    },
  );
});

describe("language", () => {
  it("switches the whole page to English and back", async () => {
    const page = await signedInPage("medlem@demo.no");
    await open(page, `${server.url}${RESPONSE}/c/kap3`);
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "Norsk" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("main").textContent()).toContain("16 of 16 answered");
    await page.screenshot({ path: screenshotPath("chapter-kap3-english-member") });
    await page.getByRole("button", { name: "Norsk" }).click();
    await page.getByRole("button", { name: "English" }).waitFor();
    expect(await page.locator("main").textContent()).toContain("16 av 16 besvart");
  });
});

describe("drafting without JavaScript", () => {
  it("saves with plain form posts, shows errors with the input kept, and refuses a stale save", async () => {
    const page = await signedInPage("styret@demo.no", { javaScriptEnabled: false });
    const section = `${server.url}${RESPONSE}/c/kap6`;
    await page.goto(section);
    // Without JS the conditional hint and every field are visible; one Save button posts all.
    await page.getByLabel("50. Dine/deres tilbakemeldinger").fill("Uten JavaScript: lagret med ett klikk.");
    await page.getByRole("button", { name: "Lagre", exact: true }).click();
    await page.waitForURL(/saved=1/);
    expect(await page.getByLabel("50. Dine/deres tilbakemeldinger").inputValue()).toBe("Uten JavaScript: lagret med ett klikk.");

    // Rank three measures and answer a measure; reload shows them saved.
    const rank = (option: string) => page.getByLabel(new RegExp(`^${option.replace(".", "\\.")}\\. `));
    await page.locator("#q-59").getByLabel("Ja").check();
    for (const [option, value] of [["63.1", ""], ["63.2", ""], ["63.5", ""], ["63.4", "1"], ["63.2", "2"], ["63.7", "3"]] as const)
      await rank(option).selectOption(value);
    await page.getByRole("button", { name: "Lagre", exact: true }).click();
    await page.waitForURL(/saved=2/);
    await page.reload();
    expect(await page.locator("#q-59").getByLabel("Ja").isChecked()).toBe(true);
    expect([await rank("63.4").inputValue(), await rank("63.2").inputValue(), await rank("63.7").inputValue(), await rank("63.5").inputValue()]).toEqual(["1", "2", "3", ""]);

    // History and restore work as plain form posts too.
    await page.locator("#q-63").getByRole("link", { name: "Historikk" }).click();
    await page.getByTestId("revision-1").getByRole("button", { name: "Gjenopprett denne versjonen" }).click();
    await page.waitForURL(/restored=1/);
    await page.goto(section);
    expect([await rank("63.5").inputValue(), await rank("63.2").inputValue(), await rank("63.1").inputValue(), await rank("63.4").inputValue()]).toEqual(["1", "2", "3", ""]);

    // A gap in the ranking: rank 2 and 3 without rank 1.
    await rank("63.5").selectOption("");
    await page.getByLabel("64. Her kan du/dere legge inn en begrunnelse for prioriteringen").fill("Min begrunnelse som ikke må forsvinne.");
    await page.getByRole("button", { name: "Lagre", exact: true }).click();
    await page.waitForLoadState();
    expect(await page.locator("#q-63 .field-error").textContent()).toContain("Rangering 2 er brukt uten rangering 1.");
    expect(await rank("63.5").inputValue()).toBe("");
    expect(await rank("63.2").inputValue()).toBe("2");
    expect(await page.getByLabel("64. Her kan du/dere legge inn en begrunnelse for prioriteringen").inputValue()).toBe(
      "Min begrunnelse som ikke må forsvinne.",
    );
    await page.screenshot({ path: screenshotPath("nojs-rank-error"), fullPage: true });

    // Someone else saves item 52 while this page is open; this user's edit comes back as a conflict.
    await page.goto(section);
    const other = await signIn(server.url, "sekretariat@demo.no");
    const body = new URLSearchParams({ intent: "save", autosave: "1", "kap6-tiltak-2__feedback": "Sekretariatet var først.", "v.kap6-tiltak-2__feedback": "1" });
    expect((await fetch(`${section}.data`, { method: "POST", body, headers: { cookie: other } })).status).toBe(200);
    await page.getByLabel("52. Dine/deres tilbakemeldinger").fill("Styret skrev samtidig.");
    await page.getByLabel("54. Dine/deres tilbakemeldinger").fill("Også endret, men ikke lagret.");
    await page.getByRole("button", { name: "Lagre", exact: true }).click();
    await page.waitForLoadState();
    // Nothing was saved: the other edited field says so and keeps its text.
    expect(await stateOf(page, "kap6-tiltak-3__feedback").textContent()).toBe("Ikke lagret");
    expect(await page.getByLabel("54. Dine/deres tilbakemeldinger").inputValue()).toBe("Også endret, men ikke lagret.");
    // Untouched: no save state to report (issue 20: "Lagret" only after a save), so no live region is
    // sent for it either (decision 92: with JavaScript it is added, empty, when the page hydrates).
    expect(await stateOf(page, "kap6-tiltak-4__feedback").count()).toBe(0);
    expect(await page.locator('[data-key="kap6-tiltak-4.feedback"] .question-meta').getByRole("link", { name: "Historikk" }).count()).toBe(1);
    expect(await page.getByRole("alert").first().textContent()).toContain("Ingenting ble lagret");
    expect(await page.locator("#q-52 [data-testid=theirs]").textContent()).toBe("Sekretariatet var først.");
    expect(await page.getByLabel("52. Dine/deres tilbakemeldinger").inputValue()).toBe("Styret skrev samtidig.");
    await page.screenshot({ path: screenshotPath("nojs-conflict"), fullPage: true });
    // Merge by hand and save again: now it goes through.
    await page.getByLabel("52. Dine/deres tilbakemeldinger").fill("Sekretariatet var først. Styret skrev samtidig.");
    await page.getByRole("button", { name: "Lagre", exact: true }).click();
    await page.waitForURL(/saved=2/);
    expect(await page.getByLabel("54. Dine/deres tilbakemeldinger").inputValue()).toBe("Også endret, men ikke lagret.");
    expect(await page.getByLabel("52. Dine/deres tilbakemeldinger").inputValue()).toBe("Sekretariatet var først. Styret skrev samtidig.");
  });
});
