/**
 * The submission pack against the built server: the PDF/A download (headers, file name, text,
 * page 1 saved as PNG to test-output/export-pdf-page1.png), the position summary page and its
 * one-page PDF, the cover letter page (defaults, a field over its limit comes back intact with a
 * message, a save leads every format), and the personal-data warning on the preview page.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COVER_LIMITS } from "../../consultation/cover";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";

let server: TestServer;
const cookies: Record<string, string> = {};
const base = "/o/nmf-demo/r/1";
const dir = mkdtempSync(path.join(tmpdir(), "hs-pack-"));
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Oslo" }).format(new Date());
const stem = `norsk-medisinstudentforening-demo-lis1-evaluering-2021-${today}`;

beforeAll(async () => {
  server = await startServer();
  for (const email of ["sekretariat@demo.no", "styret@demo.no", "leser@demo.no"]) cookies[email] = await signIn(server.url, email);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await server?.stop();
});

const get = (pathname: string, who: string) => fetch(server.url + pathname, { headers: { Cookie: cookies[who]! }, redirect: "manual" });
function pdfText(bytes: Buffer, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

describe("submission pack", () => {
  it("the secretariat downloads the response as PDF/A with the export file-name rule", async () => {
    const res = await get(`${base}/export.pdf`, "sekretariat@demo.no");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="hoeringssvar-${stem}.pdf"; filename*=UTF-8''h%C3%B8ringssvar-${stem}.pdf`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = pdfText(bytes, "response.pdf");
    expect(text).toMatch(/^LIS1 – evaluering og tiltak/);
    expect(text).toMatch(/•\s+71\. /);
    const file = path.join(dir, "response.pdf");
    expect(execFileSync("pdfinfo", ["-meta", file], { encoding: "utf8" })).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    mkdirSync("test-output", { recursive: true });
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", file, path.resolve("test-output/export-pdf-page1")]);
  });

  it("a reader sees the position summary; the secretariat downloads it as one PDF page", async () => {
    const page = await get(`${base}/summary`, "leser@demo.no");
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const chapter of ["3 Gjennomstrømning i LIS1", "4 Søknads- og ansettelsesprosessen", "6 Rekruttering til allmennmedisin"]) expect(html).toContain(chapter);
    expect(html).not.toContain(`${base}/summary.pdf`); // readers may not export
    const pdf = await get(`${base}/summary.pdf`, "sekretariat@demo.no");
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-disposition")).toContain(`filename="posisjonsoversikt-${stem}.pdf"`);
    const file = path.join(dir, "summary.pdf");
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    expect(execFileSync("pdfinfo", [file], { encoding: "utf8" })).toMatch(/^Pages:\s+1$/m);
    const md = await (await get(`${base}/summary.md`, "sekretariat@demo.no")).text();
    expect(md).toMatch(/^# Posisjonsoversikt: LIS1/);
  });

  it("cover letter: defaults; a text over its limit comes back intact with a message; saved, it leads every format; the preview warns about an e-mail in it", async () => {
    const page = await get(`${base}/cover`, "styret@demo.no");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('value="Helsedirektoratet"');
    expect(html).toContain("«LIS1 – evaluering og tiltak» (saksnummer 20/46682)");

    const fields = (text: string) => ({
      intent: "save",
      cover__recipient: "Helsedirektoratet",
      "v.cover__recipient": "0",
      cover__reference: "20/46682",
      "v.cover__reference": "0",
      cover__contact: "Kari Nordmann",
      "v.cover__contact": "0",
      cover__text: text,
      "v.cover__text": "0",
    });
    const long = `Start ${"ø".repeat(COVER_LIMITS.text)} slutt`;
    const refused = await formRequest(server.url, `${base}/cover`, { body: fields(long), cookie: cookies["styret@demo.no"] });
    expect(refused.res.status).toBe(400);
    expect(refused.html).toContain(long);
    expect(refused.html).toContain(`Teksten er for lang: ${long.length} tegn, maks ${COVER_LIMITS.text}.`);

    const saved = await formRequest(server.url, `${base}/cover`, { body: fields("Vi sender vårt svar.\n\nSpørsmål til kari@example.no."), cookie: cookies["styret@demo.no"] });
    expect(saved.res.status).toBe(302);
    const md = await (await get(`${base}/export.md`, "sekretariat@demo.no")).text();
    expect(md.startsWith("# Følgebrev\n\nTil: Helsedirektoratet\n\nDeres referanse: 20/46682\n\n")).toBe(true);
    const pdf = pdfText(Buffer.from(await (await get(`${base}/export.pdf`, "sekretariat@demo.no")).arrayBuffer()), "with-cover.pdf");
    expect(pdf.split("\f")[0]).toMatch(/^Følgebrev[\s\S]*Kontaktperson: Kari Nordmann[\s\S]*Vi sender vårt svar\./);
    const preview = await (await get(`${base}/preview`, "styret@demo.no")).text();
    expect(preview).toContain("Ser ut som personopplysninger");
    expect(preview).toContain("e-postadresse «kari@example.no»");
    // Its history, like any answer's.
    const history = await get(`${base}/history/cover.text`, "styret@demo.no");
    expect(history.status).toBe(200);
    const historyHtml = await history.text();
    expect(historyHtml).toContain("Vi sender vårt svar.");
    expect(historyHtml).toContain("Historikk for følgebrevet");
    expect(historyHtml).toContain(`href="${base}/cover"`);
  });
});
