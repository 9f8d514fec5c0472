/**
 * "Start fra en utskrift av skjemaet" on "Ny høring", over HTTP against the built server: seed 003
 * becomes a private draft opened in the form editor with its review notes; it cannot be published
 * until they are checked; text that is not a printout is refused with the reader's message.
 */
import { readFileSync } from "node:fs";
import { parseDocument, type YAMLSeq } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";
import { seed003Path } from "../support/seed-003";

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
