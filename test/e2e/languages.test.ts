/**
 * The English and nynorsk test consultations (test/fixtures/consultations/) on the built server,
 * loaded through TEMPLATES_DIR next to LIS1: start a response, draft a section (yes/no posted as
 * yes/no; the conditional rule), export in the document language (labels, footer, language tag,
 * file name) and import the export back without changes.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docxPart, readDocxParagraphs } from "../support/docx-outline";
import { signIn, startServer, type TestServer } from "../support/server";
import { serverDb } from "../support/server-db";

const root = path.resolve(import.meta.dirname, "../..");
const templatesDir = mkdtempSync(path.join(tmpdir(), "hs-templates-"));
let server: TestServer;
let cookie: string;

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

async function startResponse(consultationId: string): Promise<string> {
  const db = await serverDb(server.dbFile, { readonly: true });
  const { id } = (await db.get<{ id: number }>("select id from consultation_versions where consultation_id = ?", consultationId))!;
  await db.close();
  const res = await fetch(`${server.url}/o/nmf-demo`, {
    method: "POST",
    body: new URLSearchParams({ intent: "startResponse", consultationVersionId: String(id) }),
    headers: { cookie },
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return res.headers.get("location")!;
}

async function post(url: string, fields: Record<string, string>) {
  const res = await fetch(server.url + url, { method: "POST", body: new URLSearchParams(fields), headers: { cookie }, redirect: "manual" });
  return { status: res.status, text: await res.text() };
}

async function importDryRun(base: string, markdown: string): Promise<string> {
  const form = new FormData();
  form.set("intent", "dryRun");
  form.set("file", new Blob([markdown]), "svar.md");
  const res = await fetch(`${server.url}${base}/import`, { method: "POST", body: form, headers: { cookie } });
  expect(res.status).toBe(200);
  return decode(await res.text());
}

beforeAll(async () => {
  copyFileSync(path.join(root, "templates/lis1-evaluering-2021.yaml"), path.join(templatesDir, "lis1-evaluering-2021.yaml"));
  for (const name of ["en-active-travel.yaml", "nn-kollektiv.yaml"])
    copyFileSync(path.join(root, "test/fixtures/consultations", name), path.join(templatesDir, name));
  server = await startServer({ TEMPLATES_DIR: templatesDir });
  cookie = await signIn(server.url, "sekretariat@demo.no");
});
afterAll(async () => {
  await server?.stop();
  rmSync(templatesDir, { recursive: true, force: true });
});

describe("an English consultation", () => {
  let base: string;
  it("drafts a section: yes/no radios post yes/no, feedback asked on 'no' and on 'yes'", async () => {
    base = await startResponse("test-en-active-travel");
    const page = await (await fetch(`${server.url}${base}/c/cycling`, { headers: { cookie } })).text();
    expect(page).toMatch(/name="cycling-agree"[^>]*value="yes"/);
    expect(page).toMatch(/name="cycling-agree"[^>]*value="no"/);
    const saved = await post(`${base}/c/cycling`, {
      intent: "save",
      "cycling-1__support": "yes",
      "cycling-agree": "no",
      "cycling-agree__feedback": "The counts are from 2019.",
      "cycling-pilot": "no",
      "v.cycling-1__support": "0",
      "v.cycling-agree": "0",
      "v.cycling-agree__feedback": "0",
      "v.cycling-pilot": "0",
    });
    expect(saved.status).toBe(302);
    // Feedback to 20 is asked only on "yes" to 19, which is "no".
    const refused = await post(`${base}/c/cycling`, { intent: "save", "cycling-pilot__feedback": "Leeds", "v.cycling-pilot__feedback": "0" });
    expect(refused.status).toBe(400);
    expect(decode(refused.text)).toContain("Spørsmål 20: Spørsmålet stilles bare når spørsmål 19 er besvart Ja");
    // A limit: 6 (walking-2's feedback) allows 200 characters.
    const long = await post(`${base}/c/walking`, { intent: "save", "walking-2__feedback": "x".repeat(201), "v.walking-2__feedback": "0" });
    expect(long.status).toBe(400);
  });

  it("exports with English labels, footer, language tag and file name, and imports back unchanged", async () => {
    const md = await fetch(`${server.url}${base}/export.md`, { headers: { cookie } });
    expect(md.headers.get("content-disposition")).toMatch(/filename="consultation-response-norsk-medisinstudentforening-demo-test-en-active-travel-\d{4}-\d{2}-\d{2}\.md"/);
    const markdown = await md.text();
    expect(markdown).toMatch(/^# Active travel strategy 2030\n\nIssued by: Department for Transport \(test\)\n\nCase number: DFT\/2030\/17\n\nResponse from: Norsk medisinstudentforening \(demo\)\n\nDate: \d{4}-\d{2}-\d{2}\n\n## Answers:\n/);
    expect(markdown).toContain("- 17\\. Do you agree with the chapter's analysis? Answer No to explain.\n  - No\n- 18\\. What do you disagree with?\n  - The counts are from 2019.\n");
    const docx = Buffer.from(await (await fetch(`${server.url}${base}/export.docx`, { headers: { cookie } })).arrayBuffer());
    const texts = readDocxParagraphs(docx).map((p) => p.text);
    expect(texts.slice(1, 6).map((t) => t.split(": ")[0])).toEqual(["Issued by", "Case number", "Response from", "Date", "Answers:"]);
    expect(docxPart(docx, "word/footer1.xml")).toContain(">Page </w:t>");
    expect(docxPart(docx, "word/styles.xml")).toContain('<w:lang w:val="en-GB"/>');
    // LibreOffice opens it and prints the English footer.
    const file = path.join(templatesDir, "english.docx");
    writeFileSync(file, docx);
    const profile = `file:///tmp/lo-lang-${process.pid}-${Date.now()}`;
    execFileSync("soffice", [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", "pdf", "--outdir", templatesDir, file], { timeout: 90_000 });
    const pdf = execFileSync("pdftotext", ["-layout", path.join(templatesDir, "english.pdf"), "-"], { encoding: "utf8" });
    expect(pdf).toMatch(/Page 1 of \d+/);
    expect(pdf).toMatch(/•\s+17\. Do you agree with the chapter's analysis\?/);
    expect(await importDryRun(base, markdown)).toContain("Filen endrer ingen svar.");
  });
});

describe("a nynorsk consultation", () => {
  it("exports with nynorsk labels and file name and imports back unchanged", async () => {
    const base = await startResponse("test-nn-kollektiv");
    const saved = await post(`${base}/c/ferje`, { intent: "save", "ferje-einig": "no", "ferje-einig__feedback": "Talgrunnlaget er gamalt.", "v.ferje-einig": "0", "v.ferje-einig__feedback": "0" });
    expect(saved.status).toBe(302);
    const md = await fetch(`${server.url}${base}/export.md`, { headers: { cookie } });
    expect(md.headers.get("content-disposition")).toContain('filename="hoeyringssvar-norsk-medisinstudentforening-demo-test-nn-kollektiv-');
    const markdown = await md.text();
    for (const line of ["Sendt ut av: Samferdselsdepartementet (test)", "Saksnummer: 24/1234", "Høyringssvar frå: Norsk medisinstudentforening (demo)", "## Svar:"])
      expect(markdown).toContain(line);
    expect(markdown).toContain("- 14\\. Er du/de einige i vurderinga i kapittel 5?\n  - Nei\n");
    const docx = Buffer.from(await (await fetch(`${server.url}${base}/export.docx`, { headers: { cookie } })).arrayBuffer());
    expect(docxPart(docx, "word/styles.xml")).toContain('<w:lang w:val="nn-NO"/>');
    expect(docxPart(docx, "word/footer1.xml")).toContain(">Side </w:t>");
    expect(await importDryRun(base, markdown)).toContain("Filen endrer ingen svar.");
  });
});
