/**
 * "Start fra en utskrift av skjemaet" on "Ny høring", over HTTP against the built server: seed 003
 * becomes a private draft opened in the form editor with its review notes; it cannot be published
 * until they are checked; text that is not a printout is refused with the reader's message. The
 * round trip of the English, nynorsk and question-kind fixtures through the app's PDF and the CLI.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { AnswerValue } from "../../consultation/answers";
import { parseTemplateText } from "../../consultation/file.server";
import { formItems } from "../../consultation/form";
import { itemShape } from "../support/item-shape";
import { closeDatabase, openDatabase } from "../../db/client";
import { saveAnswer } from "../../db/queries/responses";
import { parseDocument, type YAMLSeq } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";
import { seed003Path } from "../support/seed-003";
import { serverDb } from "../support/server-db";

let server: TestServer;
let cookie = "";
const decode = (html: string) => html.replace(/<!-- -->/g, "").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

beforeAll(async () => {
  server = await startServer();
  cookie = await signIn(server.url, "sekretariat@demo.no");
});
afterAll(async () => {
  await server?.stop();
});

describe("a consultation from a printout of the form", () => {
  let edit = "";

  it("an uploaded printout becomes a draft that opens in the form editor with what to check", async () => {
    const form = new FormData();
    form.set("intent", "fromPrintout");
    form.set("printout", new Blob([readFileSync(seed003Path())], { type: "text/plain" }), "003.txt");
    const res = await fetch(`${server.url}/o/nmf-demo/consultations/new`, { method: "POST", body: form, headers: { cookie }, redirect: "manual" });
    expect(res.status).toBe(302);
    edit = res.headers.get("location")!;
    expect(edit).toMatch(/^\/o\/nmf-demo\/consultations\/o\d+~hoering-fra-utskrift\/edit$/);
    const html = decode((await formRequest(server.url, edit, { cookie })).html);
    expect(html).toContain("Sjekk før publisering");
    expect(html).toContain("chapters[kap3].title");
    expect(html).toContain("only the chosen option is printed");
    // The numbering beside it: 71 items, the last one general feedback.
    expect(html).toMatch(/71\.<\/strong> Generelle tilbakemeldinger/);
  });

  it("after an edit the numbering shows the printout's number beside the draft's where they differ", async () => {
    const page = edit.replace(/\/edit$/, "");
    const before = decode((await formRequest(server.url, edit, { cookie })).html);
    expect(before).not.toContain('data-testid="printout-number"');
    // A sender question added first: every item moves one number down.
    const source = (await formRequest(server.url, `${page}/template.yaml`, { cookie })).html;
    const doc = parseDocument(source);
    (doc.get("sender") as YAMLSeq).items.unshift(doc.createNode({ type: "text", id: "ny-foerst", text: "Et nytt spørsmål først" }) as never);
    const saved = await formRequest(server.url, page, { body: { intent: "saveSource", source: doc.toString(), version: "1" }, cookie });
    expect(saved.res.status).toBe(302);
    const html = decode((await formRequest(server.url, edit, { cookie })).html);
    expect(html).toMatch(/1\.<\/strong> <span class="printout-number" data-testid="printout-number">\(ikke i utskriften\) <\/span>Et nytt spørsmål først/);
    expect(html).toMatch(/72\.<\/strong> <span class="printout-number" data-testid="printout-number">\(71 i utskriften\) <\/span>Generelle tilbakemeldinger/);
  });

  it("is not published while review notes remain", async () => {
    const page = edit.replace(/\/edit$/, "");
    const { res, html } = await formRequest(server.url, page, { body: { intent: "publish", status: "published", version: "2" }, cookie });
    expect(res.status).toBe(400);
    expect(decode(html)).toMatch(/Ikke publisert: \d+ punkt\(er\) lest fra utskriften/);
  });

  it("text that is not a printout is refused with the reader's message; nothing is made", async () => {
    const { res, html } = await formRequest(server.url, "/o/nmf-demo/consultations/new", { body: { intent: "fromPrintout", printoutText: "Bare litt tekst." }, cookie });
    expect(res.status).toBe(400);
    expect(decode(html)).toContain("Fant ingen nummererte spørsmål");
  });
});

describe("past and current consultations", () => {
  it("the organisation page puts the LIS1 demo (2021) under closed consultations and points at “Ny høring”", async () => {
    const html = decode((await formRequest(server.url, "/o/nmf-demo", { cookie })).html);
    const closed = html.indexOf("Avsluttede høringer");
    expect(closed).toBeGreaterThan(-1);
    expect(html.indexOf("LIS1 – evaluering og tiltak", closed)).toBeGreaterThan(closed);
    expect(html).not.toContain("Åpne høringer");
    expect(html).toContain('data-testid="newcomer-hint"');
    expect(html).toContain("(avsluttet)");
    expect(html).not.toContain("Fristen gikk ut for");
  });

  it("a response to a closed consultation says so and offers no internal deadline", async () => {
    const home = (await formRequest(server.url, "/o/nmf-demo", { cookie })).html;
    const responseId = /\/o\/nmf-demo\/r\/(\d+)/.exec(home)![1];
    const html = decode((await formRequest(server.url, `/o/nmf-demo/r/${responseId}/submission`, { cookie })).html);
    expect(html).toContain("Høringsfristen er ute: høringen er avsluttet");
    expect(html).not.toContain('name="internalDeadline"');
  });
});

/**
 * The round trip of issue 24 through the app and the CLI: a template uploaded and published, a
 * response filled (answers saved through the app's own save query), its PDF exported by the app,
 * then `npm run template:from-printout` on that PDF: the draft asks the same items (number, text,
 * kind, ranking options, rank limit, condition), and where a printout cannot show something the
 * draft carries a review note for that item.
 */
const ROUND_TRIP: { name: string; file: string; answers: Record<string, AnswerValue> }[] = [
  {
    name: "English",
    file: "test/fixtures/consultations/en-active-travel.yaml",
    answers: {
      "sender-name": "Cycling Campaign (test)",
      "sender-email": "post@example.org",
      "walking-1.support": "yes",
      "walking-1.feedback": "Yes, and wider still.\n\nSecond paragraph.",
      "walking-2.support": "no",
      "walking.priority": ["walking-2", "walking-1"],
      "walking.justification": "Children first.",
      "cycling-1.support": "yes",
      "cycling.priority": ["cycling-1"],
      "cycling-agree": "no",
      "cycling-agree.feedback": "The counts are from 2019.",
      "cycling-pilot": "yes",
      "general-comments": "Thank you. Walking/cycling/public transport.",
    },
  },
  {
    name: "nynorsk",
    file: "test/fixtures/consultations/nn-kollektiv.yaml",
    answers: {
      "avsendar-namn": "Bygdelaget (test)",
      "buss-1.support": "yes",
      "buss-1.feedback": "Viktig for ungdommen.",
      "buss-2.support": "no",
      "buss.priority": ["buss-1"],
      "ferje-1.support": "yes",
      "ferje-einig": "no",
      "ferje-einig.feedback": "Talgrunnlaget er gamalt.",
    },
  },
  {
    name: "question kinds",
    file: "test/fixtures/consultations/en-kinds.yaml",
    answers: {
      "sender-name": "Friends of the Library (test)",
      "sender-members": 1500,
      "hours-1.support": "yes",
      "hours-agree": "disagree",
      "hours-days": ["mon", "wed", "fri"],
      "budget-amount": 250000.5,
      "budget-sources": ["fees"],
      "general-overall": "good",
    },
  },
];


describe("round trip: template → the app's PDF of a filled response → template:from-printout → the same items", () => {
  it.each(ROUND_TRIP)("$name", async ({ file, answers }) => {
    const source = readFileSync(file, "utf8");
    const original = parseTemplateText(source, file);
    if (!original.ok) throw new Error(JSON.stringify(original.problems));
    const uploaded = await formRequest(server.url, "/o/nmf-demo/consultations/new", { body: { intent: "upload", source }, cookie });
    expect(uploaded.res.status).toBe(302);
    const page = uploaded.res.headers.get("location")!;
    expect((await formRequest(server.url, page, { body: { intent: "publish", status: "published", version: "1" }, cookie })).res.status).toBe(302);

    const db = openDatabase(server.dbFile);
    const look = await serverDb(server.dbFile, { readonly: true });
    try {
      const consultationId = decodeURIComponent(page.split("/").pop()!);
      const { id: versionId } = (await look.get<{ id: number }>("select current_version_id as id from consultations where id = ?", consultationId))!;
      const started = await formRequest(server.url, "/o/nmf-demo", { body: { intent: "startResponse", consultationVersionId: String(versionId) }, cookie });
      expect(started.res.status).toBe(302);
      const response = /^\/o\/nmf-demo\/r\/\d+/.exec(started.res.headers.get("location")!)![0];
      const responseId = Number(response.split("/").pop());
      const { organisation_id: organisationId } = (await look.get<{ organisation_id: number }>("select organisation_id from responses where id = ?", responseId))!;
      for (const [key, value] of Object.entries(answers))
        expect((await saveAnswer(db, { organisationId, responseId, key, value, baseVersion: 0, userId: null, source: "import" })).status, key).toBe("saved");

      const pdf = await fetch(`${server.url}${response}/export.pdf`, { headers: { cookie } });
      expect(pdf.status).toBe(200);
      const dir = mkdtempSync(path.join(tmpdir(), "hs-round-trip-"));
      writeFileSync(path.join(dir, "svar.pdf"), Buffer.from(await pdf.arrayBuffer()));
      await promisify(execFile)(process.execPath, ["--import", "tsx", "cli/template-from-printout.ts", "--in", path.join(dir, "svar.pdf"), "--out", path.join(dir, "t.yaml")]);
      const draft = parseTemplateText(readFileSync(path.join(dir, "t.yaml"), "utf8"), "t.yaml");
      if (!draft.ok) throw new Error(JSON.stringify(draft.problems));

      expect(draft.template.title).toBe(original.template.title);
      const want = formItems(original.template);
      const got = formItems(draft.template);
      expect(got.map((i) => i.number)).toEqual(want.map((i) => i.number));
      const reviewed = new Set((draft.template.review ?? []).flatMap((r) => (r.number ? [r.number] : [])));
      for (const [k, item] of want.entries()) {
        const expected = itemShape(want, item);
        const actual = itemShape(got, got[k]!);
        expect(actual.text, `item ${item.number}`).toBe(expected.text);
        if (JSON.stringify(actual) !== JSON.stringify(expected))
          expect(reviewed.has(String(item.number)), `item ${item.number} differs without a review note: ${JSON.stringify([actual, expected])}`).toBe(true);
      }
    } finally {
      await look.close();
      await closeDatabase(db);
    }
  }, 120_000);
});
