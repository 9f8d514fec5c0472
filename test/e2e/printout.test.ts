/**
 * Reading published printouts against the built server: seed 003 as a PDF (the demo DOCX through
 * LibreOffice) fills an empty LIS1 response; broken inputs are refused with a message and store
 * nothing; a member adds two reference answers, and the comparison and chapter pages show who
 * agrees with whom, in a browser too (axe clean); the export never contains them.
 */
import { execFileSync } from "node:child_process";
import http from "node:http";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { axeViolations, launchContext, screenshotPath, signInWithForm } from "../support/browser";
import { signIn, startServer, type TestServer } from "../support/server";
import { addOtherOrganisation, serverDb } from "../support/server-db";
import { docxPart } from "../support/docx-outline";

let server: TestServer;
let demoBase = "";
let emptyBase = "";
let emptyResponseId = 0;
let pdf: Uint8Array;
const cookies: Record<string, string> = {};
const DEMO = parse(readFileSync("db/demo/lis1-nmf-answers.yaml", "utf8")) as Record<string, unknown>;
const fixture = (name: string) => readFileSync(path.join("test/fixtures/printouts", name), "utf8");
const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

async function query<T>(sql: string, ...args: (string | number)[]): Promise<T[]> {
  const db = await serverDb(server.dbFile, { readonly: true });
  try {
    return await db.all<T>(sql, ...args);
  } finally {
    await db.close();
  }
}
const count = async (table: string) => (await query<{ n: number }>(`select count(*) as n from ${table}`))[0]!.n;

async function post(pathname: string, form: FormData, who: string) {
  const res = await fetch(server.url + pathname, { method: "POST", body: form, headers: { Cookie: cookies[who]! }, redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}
async function get(pathname: string, who: string) {
  const res = await fetch(server.url + pathname, { headers: { Cookie: cookies[who]! }, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}
function withFile(fields: Record<string, string>, bytes?: Uint8Array | string, name = "svar.pdf") {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (bytes !== undefined) form.set("file", new Blob([bytes as BlobPart]), name);
  return form;
}

beforeAll(async () => {
  server = await startServer();
  // A second organisation whose admin starts an empty LIS1 response.
  const db = await serverDb(server.dbFile);
  const orgId = await addOtherOrganisation(db);
  const demoResponse = (await db.get<{ id: number; v: number }>("select id, consultation_version_id as v from responses"))!;
  emptyResponseId = (await db.get<{ id: number }>("INSERT INTO responses (organisation_id, consultation_version_id) VALUES (?, ?) RETURNING id", orgId, demoResponse.v))!.id;
  await db.close();
  demoBase = `/o/nmf-demo/r/${demoResponse.id}`;
  emptyBase = `/o/annen/r/${emptyResponseId}`;
  for (const email of ["sekretariat@demo.no", "styret@demo.no", "medlem@demo.no", "leser@demo.no", "admin@annen.no"]) cookies[email] = await signIn(server.url, email);

  // Seed 003 as a PDF the project makes itself: the demo's DOCX export through LibreOffice.
  const dir = mkdtempSync(path.join(tmpdir(), "hs-printout-"));
  const docx = path.join(dir, "demo.docx");
  const res = await fetch(`${server.url}${demoBase}/export.docx`, { headers: { Cookie: cookies["sekretariat@demo.no"]! } });
  expect(res.status).toBe(200);
  writeFileSync(docx, Buffer.from(await res.arrayBuffer()));
  execFileSync("soffice", [`-env:UserInstallation=file://${dir}/lo`, "--headless", "--convert-to", "pdf", "--outdir", dir, docx], { timeout: 120_000 });
  pdf = new Uint8Array(readFileSync(path.join(dir, "demo.pdf")));
}, 180_000);
afterAll(() => server?.stop());

describe("start from a printout", () => {
  it("the PDF of seed 003 fills an empty LIS1 response: dry run, then saved as revisions from a printout", async () => {
    const review = await post(`${emptyBase}/printout`, withFile({ intent: "dryRun" }, pdf), "admin@annen.no");
    expect(review.status).toBe(200);
    expect(review.html).toContain("Dette fylles ut fra utskriften:");
    expect(await count("answers where response_id = " + emptyResponseId)).toBe(0); // a dry run stores nothing
    const printout = decode(/<textarea name="printout"[^>]*>([\s\S]*?)<\/textarea>/.exec(review.html)![1]!);
    const versions = decode(/name="versions" value="([^"]*)"/.exec(review.html)![1]!);
    const confirm = new FormData();
    confirm.set("intent", "apply");
    confirm.set("versions", versions);
    confirm.set("printout", printout);
    const done = await post(`${emptyBase}/printout`, confirm, "admin@annen.no");
    expect(done.status).toBe(200);
    expect(done.html).toContain(`${Object.keys(DEMO).length} svar ble lagret fra utskriften.`);
    const stored = await query<{ key: string; value: string }>("select question_key as key, value from answers where response_id = ?", emptyResponseId);
    expect(Object.fromEntries(stored.map((a) => [a.key, JSON.parse(a.value)]))).toEqual(DEMO);
    const sources = await query<{ source: string }>(
      "select distinct source from answer_revisions r join answers a on a.id = r.answer_id where a.response_id = ?",
      emptyResponseId,
    );
    expect(sources).toEqual([{ source: "printout" }]);
  });

  it("broken inputs: a clear message each, status 400 or 413, nothing stored", async () => {
    const before = [await count("answer_revisions"), await count("reference_answers")];
    const seed = readFileSync("test/fixtures/003_82f385efaf29cb1c.txt", "utf8");
    const cases: [FormData, number, string][] = [
      // A PDF with a page and no text (a scan).
      [withFile({ intent: "dryRun" }, imageOnlyPdf()), 400, "PDF-en har ingen tekst å lese"],
      [withFile({ intent: "dryRun" }, pdf.subarray(0, 2000)), 400, "PDF-en kunne ikke leses"],
      [withFile({ intent: "dryRun" }, seed.slice(0, seed.indexOf("• 40.")), "svar.txt"), 400, "Spørsmål 40–71 mangler i utskriften"],
      [withFile({ intent: "dryRun", text: "• 1. Hva mener du om forslaget?\n\no Ja\n\n• 2. Navn\n\no Kari" }), 400, "Utskriften gjelder en annen høring"],
      [withFile({ intent: "dryRun" }), 400, "Velg en fil eller lim inn teksten fra utskriften."],
    ];
    for (const [form, status, message] of cases) {
      const res = await post(`${emptyBase}/printout`, form, "admin@annen.no");
      expect(res.status, message).toBe(status);
      expect(decode(res.html), message).toContain(message);
    }
    expect([await count("answer_revisions"), await count("reference_answers")]).toEqual(before);
  });

  it("a 50 MB file is refused before the app reads it (413, with the limit), nothing stored", async () => {
    const before = await count("reference_answers");
    const form = withFile({ intent: "add", organisationName: "Stor fil" }, new Uint8Array(50 * 1024 * 1024));
    const body = new Request("http://x/", { method: "POST", body: form });
    const type = body.headers.get("content-type")!;
    const bytes = new Uint8Array(await body.arrayBuffer());
    // Sent as a browser would; the server answers from the declared length, while the body is still arriving.
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        `${server.url}${demoBase}/references`,
        { method: "POST", headers: { Cookie: cookies["medlem@demo.no"]!, "Content-Type": type, "Content-Length": bytes.byteLength } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => {
            req.destroy();
            resolve({ status: res.statusCode!, text });
          });
        },
      );
      req.on("error", reject);
      req.write(bytes.subarray(0, 1024 * 1024));
    });
    expect(status).toBe(413);
    expect(text).toContain("Det du sendte er større enn grensen på 5 MiB. Ingenting er lagret.");
    expect(await count("reference_answers")).toBe(before);
  });

  it("members may not start from a printout (403); another organisation's response is 404", async () => {
    expect((await post(`${demoBase}/printout`, withFile({ intent: "dryRun" }, pdf), "medlem@demo.no")).status).toBe(403);
    expect((await post(`${emptyBase}/printout`, withFile({ intent: "dryRun" }, pdf), "styret@demo.no")).status).toBe(404);
  });
});

describe("reference answers", () => {
  it("a member adds two, named by their organisations, from a file and from pasted text", async () => {
    const first = await post(
      `${demoBase}/references`,
      withFile(
        { intent: "add", organisationName: "Den norske legeforening", sourceUrl: "https://www.legeforeningen.no/hoeringer/lis1", publishedOn: "2021-06-15" },
        fixture("legeforeningen.txt"),
        "legeforeningen.txt",
      ),
      "medlem@demo.no",
    );
    expect(first.status).toBe(302);
    expect(first.location).toMatch(/\/references\?added=\d+$/);
    const second = await post(`${demoBase}/references`, withFile({ intent: "add", organisationName: "Yngre legers forening", text: fixture("ylf.txt") }), "styret@demo.no");
    expect(second.status).toBe(302);
    const list = await get(`${demoBase}/references`, "leser@demo.no");
    expect(list.html).toContain("Den norske legeforening");
    expect(list.html).toContain("Yngre legers forening");
    expect(list.html).toContain("publisert 2021-06-15");
    expect(list.html).not.toContain(">Slett<"); // a viewer deletes nothing
  });

  it("a bad name or date comes back with the typed text and a message; nothing stored", async () => {
    const before = await count("reference_answers");
    const res = await post(`${demoBase}/references`, withFile({ intent: "add", organisationName: "ABC", publishedOn: "15.06.2021", text: "min tekst" }), "medlem@demo.no");
    expect(res.status).toBe(400);
    expect(res.html).toContain("Datoen må skrives ÅÅÅÅ-MM-DD.");
    expect(res.html).toContain("min tekst");
    const other = await post(`${demoBase}/references`, withFile({ intent: "add", organisationName: "NMF" }, pdf.subarray(0, 2000)), "medlem@demo.no");
    expect(other.status).toBe(400);
    expect(other.html).toContain("PDF-en kunne ikke leses");
    expect(await count("reference_answers")).toBe(before);
  });

  it("the comparison page: rows per measure, our answer and theirs, agreement counts", async () => {
    const page = await get(`${demoBase}/compare`, "leser@demo.no");
    expect(page.status).toBe(200);
    page.html = decode(page.html).replace(/<!-- -->/g, "");
    expect(page.html).toContain("<strong>Den norske legeforening</strong>: Enig med oss om 21 av 26 tiltak");
    expect(page.html).toContain("<strong>Yngre legers forening</strong>: Enig med oss om 19 av 26 tiltak");
    expect((page.html.match(/<tr id="m-/g) ?? []).length).toBe(26);
    // Measure 5 (kap3-tiltak-1): ours Ja, ranked 1; Legeforeningen Nei, ranked 2; YLF Ja, ranked 1; 1 of 2 agree.
    const row = /<tr id="m-kap3-tiltak-1.support">([\s\S]*?)<\/tr>/.exec(page.html)![1]!;
    const cells = [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!);
    expect(cells).toEqual(["Ja · rangert 1", "Nei · rangert 2", "Ja · rangert 1", "1 av 2"]);
  });

  it("the chapter page shows each reference's yes/no and rank beside the measure, and their feedback on request", async () => {
    for (const who of ["styret@demo.no", "leser@demo.no"]) {
      const page = await get(`${demoBase}/c/kap3`, who);
      expect(page.status).toBe(200);
      expect(page.html.match(/data-testid="measure-refs"/g)?.length).toBe(7);
      expect(decode(page.html).replace(/<!-- -->/g, "")).toContain("<strong>Den norske legeforening</strong>: Nei · rangert 2");
      expect(page.html).toContain("<summary>Tilbakemelding fra Den norske legeforening</summary>");
      expect(page.html).toContain("Legeforeningen mener midlertidige LIS1-stillinger ikke løser det varige behovet");
    }
  });

  it("reference answers are never part of our export", async () => {
    const md = await (await fetch(`${server.url}${demoBase}/export.md`, { headers: { Cookie: cookies["sekretariat@demo.no"]! } })).text();
    expect(md).toContain("Norsk medisinstudentforening");
    for (const leaked of ["legeforening", "Yngre legers", "Legeforeningen mener", "YLF"]) expect(md).not.toContain(leaked);
    const docx = Buffer.from(await (await fetch(`${server.url}${demoBase}/export.docx`, { headers: { Cookie: cookies["sekretariat@demo.no"]! } })).arrayBuffer());
    // The DOCX is a zip: read its main part's text (runs joined), with a positive control first.
    const docxText = decode(docxPart(docx, "word/document.xml").replace(/<[^>]+>/g, ""));
    expect(docxText).toContain("Norsk medisinstudentforening");
    for (const leaked of ["legeforening", "Yngre legers", "Legeforeningen mener", "YLF"]) expect(docxText).not.toContain(leaked);
  });

  it("deleting: a member only their own, an editor any; another organisation's reference is 404", async () => {
    const refs = await query<{ id: number; name: string; version: number }>("select id, organisation_name as name, version from reference_answers order by id");
    const ylf = refs.find((r) => r.name === "Yngre legers forening")!;
    const del = (id: number, who: string, base = demoBase) => {
      const form = new FormData();
      form.set("intent", "delete");
      form.set("id", String(id));
      form.set("version", "1");
      return post(`${base}/references`, form, who);
    };
    const notYours = await del(ylf.id, "medlem@demo.no");
    expect(notYours.status).toBe(403);
    expect(notYours.html).toContain("Du kan bare slette referansesvar du selv har lagt til.");
    expect((await del(ylf.id, "admin@annen.no", emptyBase)).status).toBe(404);
    const deleted = await del(ylf.id, "styret@demo.no");
    expect(deleted.status).toBe(302);
    expect(await query("select id from reference_answers where id = ?", ylf.id)).toEqual([]);
    // Put it back for the browser test.
    expect((await post(`${demoBase}/references`, withFile({ intent: "add", organisationName: "Yngre legers forening", text: fixture("ylf.txt") }), "medlem@demo.no")).status).toBe(302);
  });
});

describe("in a browser", () => {
  it("the comparison, references and printout pages and the chapter page render, hydrate and are axe clean; feedback opens without JavaScript", async () => {
    const context = await launchContext();
    const page = await context.newPage();
    try {
      await signInWithForm(page, server.url, "styret@demo.no");
      for (const [pathname, name] of [
        [`${demoBase}/compare`, "compare"],
        [`${demoBase}/references`, "references"],
        [`${demoBase}/printout`, "printout"],
        [`${demoBase}/c/kap3`, "chapter-references"],
      ] as const) {
        const res = await page.goto(server.url + pathname);
        expect(res?.status(), pathname).toBe(200);
        await page.waitForSelector("html[data-hydrated=true]");
        expect(await page.locator("main").innerText(), pathname).not.toMatch(/\b(printout|references|compare|refs)\.[a-zA-Z]+\b/);
        await page.screenshot({ path: screenshotPath(`printout-${name}`), fullPage: true });
        const serious = (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(serious, pathname).toEqual([]);
      }
    } finally {
      await context.close();
    }
    const noJs = await launchContext({ javaScriptEnabled: false });
    try {
      const page = await noJs.newPage();
      await signInWithForm(page, server.url, "leser@demo.no");
      await page.goto(`${server.url}${demoBase}/c/kap3`);
      const feedback = page.getByText("Legeforeningen mener midlertidige LIS1-stillinger", { exact: false });
      expect(await feedback.isVisible()).toBe(false);
      await page.getByText("Tilbakemelding fra Den norske legeforening").first().click();
      expect(await feedback.isVisible()).toBe(true);
    } finally {
      await noJs.close();
    }
  }, 120_000);
});

/** A one-page PDF that draws a square and has no text. */
function imageOnlyPdf(): Uint8Array {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
    "<< /Length 26 >>\nstream\n0.5 g 100 100 300 300 re f\nendstream",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  return new TextEncoder().encode(`${pdf}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
}
