/**
 * Consultations added in the app, over HTTP against the built server: upload (valid → draft →
 * publish → start → export; invalid → messages), editing with versions, download, sharing by a
 * site administrator, and moving a response to a newer version.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, signIn, signUp, startServer, type TestServer } from "../support/server";
import { serverDb, type ServerDb } from "../support/server-db";

const SMALL = readFileSync("test/fixtures/consultation-small.yaml", "utf8");
const OTHER = { email: "leder@annen.no", name: "Other Admin", password: "annen-passord-123" };
let server: TestServer;
let db: ServerDb;
const cookies: Record<string, string> = {};
let otherSlug = "";

const post = (path: string, body: Record<string, string>, who: string) => formRequest(server.url, path, { body, cookie: cookies[who] });
const get = (path: string, who: string) => formRequest(server.url, path, { cookie: cookies[who] });
const decode = (html: string) => html.replace(/<!-- -->/g, "").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

beforeAll(async () => {
  server = await startServer({ SITE_ADMINS: "Admin@demo.no, someone@else.no" });
  for (const email of ["admin@demo.no", "sekretariat@demo.no", "styret@demo.no", "medlem@demo.no", "leser@demo.no"])
    cookies[email] = await signIn(server.url, email);
  cookies.other = (await signUp(server, OTHER)).cookie;
  const created = await formRequest(server.url, "/orgs/new", { body: { name: "Annen forening" }, cookie: cookies.other });
  otherSlug = created.res.headers.get("location")!.replace(/^\/o\//, "");
  db = await serverDb(server.dbFile, { readonly: true });
});
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

describe("adding a consultation by upload", () => {
  let page = "";
  let versionId = 0;

  it("a file upload (multipart) is validated and saved as a private draft with its numbering preview", async () => {
    const form = new FormData();
    form.set("intent", "upload");
    form.set("file", new Blob([SMALL], { type: "application/yaml" }), "studieplan.yaml");
    const res = await fetch(`${server.url}/o/nmf-demo/consultations/new`, {
      method: "POST",
      body: form,
      headers: { cookie: cookies["sekretariat@demo.no"]! },
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    page = res.headers.get("location")!;
    expect(page).toMatch(/^\/o\/nmf-demo\/consultations\/o\d+~studieplan-2027$/);
    const { res: shown, html: raw } = await get(page, "medlem@demo.no");
    expect(shown.status).toBe(200);
    const html = decode(raw);
    expect(html).toContain("Høring om ny studieplan");
    expect(html).toContain("Utkast");
    // The preview numbers as the form does: measures take two numbers, the priority options N.k.
    expect(html).toMatch(/<strong class="item-number">6\.<\/strong> Hvilke tiltak bør prioriteres\?/);
    expect(html).toContain("6.1.");
    expect(html).toMatch(/<strong class="item-number">10\.<\/strong> Generelle tilbakemeldinger/);
    // A member sees it but cannot edit it.
    expect(html).not.toContain('name="source"');
    versionId = (await db.get<{ id: number }>("select current_version_id as id from consultations where id like '%~studieplan-2027'"))!.id;
  });

  it("a draft cannot start a response; the organisation page lists it; another organisation never sees it", async () => {
    expect((await post("/o/nmf-demo", { intent: "startResponse", consultationVersionId: String(versionId) }, "admin@demo.no")).res.status).toBe(404);
    expect((await get("/o/nmf-demo", "leser@demo.no")).html).toContain("Høring om ny studieplan");
    expect((await get(`/o/${otherSlug}`, "other")).html).not.toContain("Høring om ny studieplan");
    expect((await get(page.replace("nmf-demo", otherSlug), "other")).res.status).toBe(404);
    expect((await get(`${page.replace("nmf-demo", otherSlug)}/template.yaml`, "other")).res.status).toBe(404);
    expect((await post(`/o/${otherSlug}`, { intent: "startResponse", consultationVersionId: String(versionId) }, "other")).res.status).toBe(404);
    // Not on the public home page either.
    expect((await formRequest(server.url, "/")).html).not.toContain("Høring om ny studieplan");
  });

  it("an invalid template lists path and message and keeps the pasted text; nothing is saved", async () => {
    const broken = SMALL.replace("deadline: 2027-01-15", "deadline: 15.01.2027").replace("      - { id: undervisning-2, text: Færre forelesninger. }\n", "      - { id: undervisning-2 }\n");
    const before = (await db.get<{ n: number }>("select count(*) as n from consultations"))!.n;
    const { res, html } = await post("/o/nmf-demo/consultations/new", { intent: "upload", source: broken }, "admin@demo.no");
    expect(res.status).toBe(400);
    const text = decode(html);
    expect(text).toContain("Malen har feil. Ingenting er lagret.");
    // In the page's language (Norwegian here); `template:check` says them in English.
    expect(text).toMatch(/<code>deadline<\/code><\/td><td>må være en dato skrevet ÅÅÅÅ-MM-DD/);
    expect(text).toMatch(/<code>chapters\[undervisning\]\.measures\[undervisning-2\]\.text<\/code><\/td><td>må fylles ut/);
    expect(text).toContain("deadline: 15.01.2027");
    const yaml = await post("/o/nmf-demo/consultations/new", { intent: "upload", source: "id: [unclosed\n" }, "admin@demo.no");
    expect(yaml.res.status).toBe(400);
    expect(decode(yaml.html)).toContain("<code>line ");
    const empty = await post("/o/nmf-demo/consultations/new", { intent: "upload", source: "  " }, "admin@demo.no");
    expect(empty.res.status).toBe(400);
    expect(empty.html).toContain("Velg en fil eller lim inn malteksten.");
    // The same template id twice in one organisation.
    const twice = await post("/o/nmf-demo/consultations/new", { intent: "upload", source: SMALL }, "admin@demo.no");
    expect(twice.res.status).toBe(409);
    expect((await db.get<{ n: number }>("select count(*) as n from consultations"))!.n).toBe(before);
  });

  it("preview (the editor's live preview, or its button without JavaScript) numbers typed text and saves nothing", async () => {
    const before = (await db.get<{ n: number }>("select count(*) as n from consultation_versions"))!.n;
    const ok = await post("/o/nmf-demo/consultations/new", { intent: "preview", source: SMALL }, "admin@demo.no");
    expect(ok.res.status).toBe(200);
    expect(decode(ok.html)).toMatch(/<strong class="item-number">10\.<\/strong> Generelle tilbakemeldinger/);
    const bad = await post(page, { intent: "preview", source: SMALL.replace("maxRanks: 2", "maxRanks: 0") }, "sekretariat@demo.no");
    expect(bad.res.status).toBe(200);
    expect(decode(bad.html)).toMatch(/<code>chapters\[undervisning\]\.priority\.maxRanks<\/code>/);
    expect((await db.get<{ n: number }>("select count(*) as n from consultation_versions"))!.n).toBe(before);
  });

  it("editors, members and viewers may not add consultations (403)", async () => {
    for (const who of ["styret@demo.no", "medlem@demo.no", "leser@demo.no"]) {
      expect((await get("/o/nmf-demo/consultations/new", who)).res.status).toBe(403);
      expect((await post("/o/nmf-demo/consultations/new", { intent: "upload", source: SMALL }, who)).res.status).toBe(403);
      expect((await post(page, { intent: "publish", status: "published", version: "1" }, who)).res.status).toBe(403);
    }
  });

  it("edits are versioned: a stale save is 409 with both texts", async () => {
    const edited = SMALL.replace("deadline: 2027-01-15", "deadline: 2027-01-20");
    expect((await post(page, { intent: "saveSource", source: edited, version: "1" }, "admin@demo.no")).res.status).toBe(302);
    const stale = await post(page, { intent: "saveSource", source: SMALL.replace("Eksamen\n", "Eksamen (mitt)\n"), version: "1" }, "sekretariat@demo.no");
    expect(stale.res.status).toBe(409);
    const text = decode(stale.html);
    expect(text).toContain("Noen andre lagret denne høringen");
    expect(text).toContain("deadline: 2027-01-20"); // theirs
    expect(text).toContain("Eksamen (mitt)"); // yours, kept in the field
    const invalid = await post(page, { intent: "saveSource", source: "id: x\n", version: "2" }, "admin@demo.no");
    expect(invalid.res.status).toBe(400);
    expect(decode(invalid.html)).toContain("<code>title</code>");
  });

  it("publish → start a response → export works", async () => {
    expect((await post(page, { intent: "publish", status: "published", version: "1" }, "admin@demo.no")).res.status).toBe(409);
    expect((await post(page, { intent: "publish", status: "published", version: "2" }, "admin@demo.no")).res.status).toBe(302);
    versionId = (await db.get<{ id: number }>("select current_version_id as id from consultations where id like '%~studieplan-2027'"))!.id;
    expect((await get("/o/nmf-demo", "admin@demo.no")).html).toContain("Start høringssvar til Høring om ny studieplan");
    const started = await post("/o/nmf-demo", { intent: "startResponse", consultationVersionId: String(versionId) }, "styret@demo.no");
    expect(started.res.status).toBe(302);
    const response = started.res.headers.get("location")!;
    const saved = await post(`${response}/c/general`, { intent: "save", generelt: "Bra forslag.", "v.generelt": "0" }, "styret@demo.no");
    expect(saved.res.status).toBe(302);
    const md = await get(`${response}/export.md`, "sekretariat@demo.no");
    expect(md.res.status).toBe(200);
    expect(md.html).toContain("# Høring om ny studieplan");
    expect(md.html).toContain("Bra forslag.");
    // Named by the template id, not the internal key.
    expect(md.res.headers.get("content-disposition")).toMatch(/-studieplan-2027-\d{4}-\d{2}-\d{2}\.md/);
    expect((await get(`${response}/export.docx`, "admin@demo.no")).res.status).toBe(200);
  });

  it("downloads as a template file that uploads again (any member; shared ones too)", async () => {
    const { res, html } = await get(`${page}/template.yaml`, "leser@demo.no");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/yaml");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="studieplan-2027.yaml"');
    expect(html).toContain("deadline: 2027-01-20");
    const lis1 = await get("/o/nmf-demo/consultations/lis1-evaluering-2021/template.yaml", "medlem@demo.no");
    expect(lis1.res.status).toBe(200);
    expect(lis1.html).toContain("id: lis1-evaluering-2021");
    const again = await post(`/o/${otherSlug}/consultations/new`, { intent: "upload", source: lis1.html }, "other");
    expect(again.res.status).toBe(302);
    // A shared consultation is read-only in an organisation.
    expect((await post("/o/nmf-demo/consultations/lis1-evaluering-2021", { intent: "publish", status: "draft", version: "1" }, "admin@demo.no")).res.status).toBe(403);
  });

  it("moving a response to a newer version lists what cannot be mapped, then moves", async () => {
    const response = (await db.get<{ id: number }>("select r.id from responses r join consultation_versions v on v.id = r.consultation_version_id where v.consultation_id like '%~studieplan-2027'"))!.id;
    const base = `/o/nmf-demo/r/${response}`;
    expect((await get(base, "styret@demo.no")).html).not.toContain("/move");
    // The secretariat removes the general question: "generelt" can no longer be mapped.
    const current = (await get(`${page}/template.yaml`, "admin@demo.no")).html;
    const next = current.replace("general:\n  - { type: text, id: generelt, text: Generelle tilbakemeldinger }\n", "general:\n  - { type: text, id: generelt-2, text: Andre innspill }\n");
    expect(next).not.toBe(current);
    const version = (await db.get<{ version: number }>("select version from consultations where id like 'o%~studieplan-2027' and organisation_id is not null order by id limit 1"))!.version;
    expect((await post(page, { intent: "saveSource", source: next, version: String(version) }, "sekretariat@demo.no")).res.status).toBe(302);
    // One response per consultation: "start" on the new version opens the existing response.
    const newVersion = (await db.get<{ id: number }>("select current_version_id as id from consultations where id = ?", decodeURIComponent(page.split("/").pop()!)))!.id;
    const again = await post("/o/nmf-demo", { intent: "startResponse", consultationVersionId: String(newVersion) }, "styret@demo.no");
    expect(again.res.headers.get("location")).toBe(base);
    // The response keeps its version; the overview offers the move.
    expect((await get(base, "styret@demo.no")).html).toContain(`${base}/move`);
    expect((await get(base, "medlem@demo.no")).html).not.toContain(`${base}/move`);
    const dry = await get(`${base}/move`, "styret@demo.no");
    expect(dry.res.status).toBe(200);
    const text = decode(dry.html);
    expect(text).toContain("Svar som ikke kan kobles (1)");
    expect(text).toMatch(/10\.<\/strong> Generelle tilbakemeldinger – spørsmålet finnes ikke i den nye versjonen/);
    expect(text).toContain("Bra forslag.");
    const target = text.match(/name="targetVersionId" value="(\d+)"/)![1]!;
    const plan = text.match(/name="plan" value="([^"]+)"/)![1]!;
    expect((await post(`${base}/move`, { intent: "move", targetVersionId: target, plan: "stale" }, "styret@demo.no")).res.status).toBe(409);
    expect((await post(`${base}/move`, { intent: "move", targetVersionId: target, plan }, "medlem@demo.no")).res.status).toBe(403);
    expect((await post(`${base}/move`, { intent: "move", targetVersionId: target, plan }, "other")).res.status).toBe(404);
    expect((await post(`${base}/move`, { intent: "move", targetVersionId: target, plan }, "styret@demo.no")).res.status).toBe(302);
    const row = (await db.get<{ v: number }>("select consultation_version_id as v from responses where id = ?", response))!;
    const events = (await db.all("select type from security_events where type like 'consultation.%' or type = 'response.moved' order by id")).map((e) => (e as { type: string }).type);
    expect(events).toEqual(expect.arrayContaining(["consultation.added", "consultation.edited", "consultation.statusChanged", "response.moved"]));
    expect(row.v).toBe(Number(target));
    // The unmapped answer keeps its history under another key; the export no longer shows it.
    const kept = await db.all("select a.question_key as key, count(r.id) as n from answers a join answer_revisions r on r.answer_id = a.id where a.response_id = ? and a.question_key like 'unmapped~%' group by a.id", response);
    expect(kept).toEqual([{ key: expect.stringMatching(/^unmapped~v\d+~generelt$/), n: 1 }]);
    expect((await get(`${base}/export.md`, "admin@demo.no")).html).toContain("Andre innspill");
    const overview = decode((await get(`${base}?moved=1`, "leser@demo.no")).html);
    expect(overview).toContain("Svaret er flyttet til den nye versjonen.");
    expect(overview).toMatch(/Svar fra en tidligere versjon som ikke kunne flyttes[\s\S]*<code>generelt<\/code><blockquote class="answer-text">Bra forslag\.<\/blockquote>/);
  });

  it("only a site administrator may make it available to all; then every organisation sees it", async () => {
    const version = async () => (await db.get<{ version: number }>("select version from consultations where id = ?", decodeURIComponent(page.split("/").pop()!)))!.version;
    expect((await get(page, "sekretariat@demo.no")).html).not.toContain('name="shared"');
    expect((await get(page, "admin@demo.no")).html).toContain('name="shared"');
    expect((await post(page, { intent: "share", shared: "true", version: String(await version()) }, "sekretariat@demo.no")).res.status).toBe(403);
    expect((await post(page, { intent: "share", shared: "true", version: String(await version()) }, "admin@demo.no")).res.status).toBe(302);
    const shown = await get(page.replace("nmf-demo", otherSlug), "other");
    expect(shown.res.status).toBe(200);
    expect(shown.html).not.toContain('name="source"');
    expect((await get(`/o/${otherSlug}`, "other")).html).toContain("Høring om ny studieplan");
    // The site administrators' page lists organisations' consultations and unshares/shares any of them.
    const list = decode((await get("/admin/consultations", "admin@demo.no")).html);
    expect(list).toContain("Høring om ny studieplan");
    expect(list).toContain("Annen forening");
    const otherId = (await db.get<{ id: string; version: number }>("select id, version from consultations where organisation_id is not null and id not like ?", `%${page.split("~")[0]!.split("/").pop()}~%`))!;
    expect((await post("/admin/consultations", { intent: "share", consultationId: otherId.id, shared: "true", version: String(otherId.version) }, "admin@demo.no")).res.status).toBe(302);
    // The column is boolean on PostgreSQL, 1/0 on SQLite.
    expect((await db.get<{ shared: number | boolean }>("select shared from consultations where id = ?", otherId.id))!.shared).toBe(db.engine === "postgres" ? true : 1);
    expect((await get("/admin/consultations", "sekretariat@demo.no")).res.status).toBe(404);
    // Still the owner's: the other organisation cannot edit it.
    expect((await post(page.replace("nmf-demo", otherSlug), { intent: "publish", status: "draft", version: String(await version()) }, "other")).res.status).toBe(403);
  });
});
