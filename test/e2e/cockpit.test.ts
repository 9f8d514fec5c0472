/**
 * Issue 9, the whole path against the built server, as a browser without JavaScript:
 * assign → write → ready → agreed → check → submit → locked (every write route refused) →
 * "as submitted" download byte-identical → reopen with reason → edit → resubmit with a second snapshot.
 * Issue 20: submitting takes a confirmation step stating what is unanswered, not agreed and flagged;
 * the check groups findings by kind with one "mark all of this kind as seen"; the sender's own
 * answers are not personal-data findings; the frozen copy includes the PDF, with every file's full
 * SHA-256 and name on the submission page.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDb, type ServerDb } from "../support/server-db";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";

let server: TestServer;
let db: ServerDb;
let base: string;
const cookies: Record<string, string> = {};
const KEY = "kap5-tiltak-1.feedback";
const FIELD = "kap5-tiltak-1__feedback";
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Oslo" }).format(new Date());

const userId = async (email: string) => ((await db.get("select id from users where email = ?", email)) as { id: number }).id;
const work = async (key = KEY) =>
  (await db.get('select status, assignee_id as "assigneeId", version from question_work where question_key = ?', key)) as
    | { status: string; assigneeId: number | null; version: number }
    | undefined;
const answerVersion = async (key = KEY) => ((await db.get("select version from answers where question_key = ?", key)) as { version: number } | undefined)?.version ?? 0;

/** A POST with repeated fields (formRequest takes one value per name). */
async function post(path: string, who: string, fields: [string, string][]) {
  const res = await fetch(server.url + path, {
    method: "POST",
    headers: { cookie: cookies[who]! },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
}
const get = (path: string, who: string) => formRequest(server.url, path, { cookie: cookies[who] });
const save = async (who: string, text: string) =>
  post(`${base}/c/kap5`, who, [
    ["intent", "save"],
    [FIELD, text],
    [`v.${FIELD}`, String(await answerVersion())],
  ]);
const setWork = async (who: string, fields: Record<string, string>, key = KEY) =>
  post(`${base}/work`, who, [["item", `${key}@${(await work(key))?.version ?? 0}`], ["returnTo", `${base}/c/kap5`], ...Object.entries(fields)]);

/** The confirmation step's token (the hidden `reviewed` field) from a page. */
const reviewedToken = (html: string) => /name="reviewed" value="([0-9a-f]{32})"/.exec(html)?.[1];

/** Submits as a person does: the first post shows the confirmation step, the second confirms it. */
async function submit(who: string, fields: [string, string][]) {
  const review = await post(`${base}/submission`, who, [["intent", "submit"], ...fields]);
  if (review.status !== 200) return review;
  const token = reviewedToken(review.html);
  expect(token, "the confirmation step carries a token").toBeDefined();
  return post(`${base}/submission`, who, [["intent", "submit"], ...fields, ["reviewed", token!]]);
}

async function download(path: string, who: string) {
  const res = await fetch(server.url + path, { headers: { cookie: cookies[who]! }, redirect: "manual" });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  server = await startServer();
  db = await serverDb(server.dbFile, { readonly: true });
  const who = { admin: "admin@demo.no", secretariat: "sekretariat@demo.no", editor: "styret@demo.no", member: "medlem@demo.no" };
  for (const [role, email] of Object.entries(who)) cookies[role] = await signIn(server.url, email);
  const id = ((await db.get("select r.id from responses r join organisations o on o.id = r.organisation_id where o.slug = 'nmf-demo'")) as { id: number }).id;
  base = `/o/nmf-demo/r/${id}`;
});
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

describe("the path to submission", () => {
  it("Gjenstår lists exactly the questions not agreed (the demo's chapter 3 is agreed)", async () => {
    const { res, html } = await get(`${base}/remaining`, "secretariat");
    expect(res.status).toBe(200);
    const notAgreed = (await db.get("select count(*) as n from question_work where status != 'agreed'")) as { n: number };
    expect(html).not.toContain(`${base}/c/kap3#q-`);
    expect(html).toContain(`${base}/c/kap5#q-`);
    expect(html).toContain("Gjenstår");
    // Exactly the not-agreed questions: every agreed key is absent, the count matches the list.
    const listed = [...html.matchAll(/name="item"[^>]*? value="([^"@]+)@\d+"/g)].map((m) => m[1]!);
    const agreed = ((await db.all("select question_key as k from question_work where status = 'agreed'")) as { k: string }[]).map((r) => r.k);
    expect(agreed.length).toBeGreaterThan(0);
    for (const key of agreed) expect(listed).not.toContain(key);
    expect(html).toContain(`${listed.length} punkter gjenstår`);
    const items = ((await db.get("select count(*) as n from question_work")) as { n: number }).n;
    // The demo answers every asked question, so each has a row: listed + agreed = all rows but the not-asked ones.
    expect(listed.length + agreed.length).toBeLessThanOrEqual(items);
    // Filters: only review (the demo's chapter 4).
    const review = (await get(`${base}/remaining?status=review`, "secretariat")).html;
    expect(review).toContain(`${base}/c/kap4#q-`);
    expect(review).not.toContain(`${base}/c/kap5#q-`);
    expect(notAgreed.n).toBeGreaterThan(0);
  });

  it("assigns a question; bad assignee, unknown status and a stale version are refused with a message, nothing written", async () => {
    const editorId = await userId("styret@demo.no");
    const bad = await setWork("secretariat", { intent: "assign", assignee: String(await userId("medlem@demo.no")) });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("redaktør, sekretariat eller administrator");
    const unknown = await setWork("secretariat", { intent: "set-status", status: "done" });
    expect(unknown.status).toBe(400);
    const before = await work();
    const stale = await post(`${base}/work`, "secretariat", [["intent", "set-status"], ["status", "review"], ["item", `${KEY}@${before!.version + 5}`]]);
    expect(stale.status).toBe(409);
    expect(stale.html).toContain("Noen andre endret");
    expect(await work()).toEqual(before);
    const ok = await setWork("secretariat", { intent: "assign", assignee: String(editorId) });
    expect(ok.status).toBe(302);
    expect(ok.location?.split("?")[0]).toBe(`${base}/c/kap5`);
    expect((await work())?.assigneeId).toBe(editorId);
    // The assignee sees it under "My tasks" on the home page.
    const home = (await get("/", "editor")).html;
    expect(home).toContain("Mine oppgaver");
    expect(home).toContain(`${base}/c/kap5#q-`);
    // Malformed posts are a clear 400, never a 500, and write nothing.
    const before2 = await work();
    for (const fields of [
      [["intent", "set-status"], ["status", "draft"]],
      [["intent", "set-status"], ["status", "draft"], ["item", "no-version"]],
      [["intent", "assign"], ["assignee", "abc"], ["item", `${KEY}@1`]],
      [["intent", "nonsense"], ["item", `${KEY}@1`]],
      [["intent", "set-status"], ["status", "draft"], ["item", `unknown.key@0`]],
      [],
    ] as [string, string][][])
      expect((await post(`${base}/work`, "secretariat", fields)).status, JSON.stringify(fields)).toBe(400);
    expect(await work()).toEqual(before2);
    expect((await get(`${base}/remaining?status=zzz&assignee=-1&unanswered=yes`, "secretariat")).res.status).toBe(200);
    // A member cannot assign.
    expect((await setWork("member", { intent: "assign", assignee: String(editorId) })).status).toBe(403);
  });

  it("write (open → draft by itself) → ready for review → agreed (only by a person)", async () => {
    expect((await setWork("editor", { intent: "set-status", status: "open" })).status).toBe(302);
    expect((await work())?.status).toBe("open");
    const saved = await save("editor", "Vi støtter tiltaket. Kontakt ola.nordmann@example.no eller 912 34 567.");
    expect(saved.status).toBe(302);
    expect((await work())?.status).toBe("draft");
    expect((await setWork("editor", { intent: "set-status", status: "review" })).status).toBe(302);
    expect((await work())?.status).toBe("review");
    expect((await setWork("secretariat", { intent: "set-status", status: "agreed" })).status).toBe(302);
    expect((await work())?.status).toBe("agreed");
    // Saving again keeps it agreed.
    expect((await save("editor", "Vi støtter tiltaket. Kontakt ola.nordmann@example.no eller 912 34 567. ")).status).toBe(302);
    expect((await work())?.status).toBe("agreed");
  });

  it("the chapter page shows status and assignee at each question and the chapter's bulk actions", async () => {
    const html = (await get(`${base}/c/kap5`, "editor")).html;
    // Status and assignee are a line per question; with JavaScript it becomes a disclosure whose form
    // is built when it is opened (no form per question in the HTML); without, its "Endre" leads to Gjenstår (decision 92).
    expect(html).toContain(`<p class="work-line small"><span class="status-badge status-`);
    expect(html.match(new RegExp(`<a class="work-change" href="${base}/remaining">Endre</a></p>`, "g"))?.length).toBeGreaterThan(1);
    expect(html).not.toContain("work-details");
    expect(html).not.toContain('name="intent" value="set-work"');
    // The chapter's bulk actions are a disclosure too; without JavaScript it leads to "Gjenstår",
    // whose form changes the chapter's questions together.
    expect(html).toContain("Hele kapitlet");
    expect(html).toContain(`href="${base}/remaining">Endre status og ansvarlig på Gjenstår-siden</a>`);
    expect(html).toContain("Vedtatt");
    const remaining = (await get(`${base}/remaining`, "editor")).html;
    expect(remaining).toContain("Med de valgte punktene");
    expect(remaining).toContain('type="checkbox" name="item"');
    const member = (await get(`${base}/c/kap5`, "member")).html;
    expect(member).not.toContain('value="set-work"');
    expect(member).not.toContain("work-details");
    expect(member).not.toContain(`href="${base}/remaining"`);
    expect(member).toContain("Ansvarlig");
  });

  it("Klar til innsending? lists personal data and unanswered/not agreed items; findings can be acknowledged", async () => {
    expect((await get(`${base}/check`, "editor")).res.status).toBe(403);
    const { res, html } = await get(`${base}/check`, "secretariat");
    expect(res.status).toBe(200);
    expect(html).toContain("ola.nordmann@example.no");
    expect(html).toContain("912 34 567");
    expect(html).toContain("Punkter som ikke er vedtatt");
    // The personal-data finding's own list item (not running on from an earlier one).
    const fingerprint = /id="f-([0-9a-f]{32})"[^>]*>(?:(?!<\/li>)[^])*ola\.nordmann@example\.no/.exec(html)?.[1];
    expect(fingerprint).toBeDefined();
    const acked = await post(`${base}/check`, "secretariat", [["intent", "acknowledge"], ["fingerprint", fingerprint!]]);
    expect(acked.status).toBe(302);
    const after = (await get(`${base}/check`, "secretariat")).html;
    expect(after).toMatch(new RegExp(`id="f-${fingerprint}" class="finding seen"`));
    expect(after.match(/class="finding seen"/g)).toHaveLength(1);
    expect((await post(`${base}/check`, "secretariat", [["intent", "acknowledge"], ["fingerprint", "zz"]])).status).toBe(400);
  });

  it("the check groups findings by kind; 'mark all of this kind as seen' marks exactly the ones the page showed", async () => {
    const html = (await get(`${base}/check`, "secretariat")).html;
    // One form per kind with findings, carrying the fingerprints it shows.
    const kindForm = /name="kind" value="notAgreed"\/><input type="hidden" name="fingerprints" value="([0-9a-f ]+)"\/>/.exec(html);
    expect(kindForm).not.toBeNull();
    const shown = kindForm![1]!.split(" ");
    expect(shown.length).toBeGreaterThan(1);
    const ackCount = async () => ((await db.get("select count(*) as n from check_acknowledgements")) as { n: number }).n;
    const before = await ackCount();
    // A fingerprint that is not a finding of this kind (made up, or of another kind) is not stored.
    const made = "f".repeat(32);
    expect((await post(`${base}/check`, "secretariat", [["intent", "acknowledge-kind"], ["kind", "notAgreed"], ["fingerprints", [...shown, made].join(" ")]])).status).toBe(302);
    expect(await ackCount()).toBe(before + shown.length);
    expect(await db.get("select 1 from check_acknowledgements where fingerprint = ?", made)).toBeUndefined();
    const after = (await get(`${base}/check`, "secretariat")).html;
    expect(after).not.toContain('name="kind" value="notAgreed"');
    expect(after).toContain("Alle er merket som sett.");
    // Bad input: 400, nothing stored.
    for (const bad of [
      [["intent", "acknowledge-kind"], ["kind", "everything"], ["fingerprints", shown[0]!]],
      [["intent", "acknowledge-kind"], ["kind", "notAgreed"], ["fingerprints", "not-a-fingerprint"]],
      [["intent", "acknowledge-kind"], ["kind", "notAgreed"]],
    ] as [string, string][][])
      expect((await post(`${base}/check`, "secretariat", bad)).status).toBe(400);
    expect(await ackCount()).toBe(before + shown.length);
    expect((await post(`${base}/check`, "editor", [["intent", "acknowledge-kind"], ["kind", "notAgreed"], ["fingerprints", shown[0]!]])).status).toBe(403);
  });

  it("the sender's own answers (the contact's name and e-mail the form asks for) are not personal-data findings; the same kinds in a chapter are", async () => {
    const kari = ((await db.get("select name from users where email = 'kari@demo.no'")) as { name: string }).name;
    const senderSave = await post(`${base}/c/sender`, "editor", [
      ["intent", "save"],
      ["utfyller-navn", kari],
      ["v.utfyller-navn", String(await answerVersion("utfyller-navn"))],
      ["avsender-epost", "leder@medisinstudent.example.no"],
      ["v.avsender-epost", String(await answerVersion("avsender-epost"))],
    ]);
    expect(senderSave.status).toBe(302);
    expect(JSON.parse(((await db.get("select value from answers where question_key = 'avsender-epost'")) as { value: string }).value)).toBe("leder@medisinstudent.example.no");
    const html = (await get(`${base}/check`, "secretariat")).html;
    const personal = html.slice(html.indexOf('id="k-personal"'));
    expect(personal).toContain("ola.nordmann@example.no");
    expect(personal).not.toContain("leder@medisinstudent.example.no");
    expect(personal).not.toContain(kari);
  });

  let firstDocx: Buffer;
  let firstMd: Buffer;
  let firstPdf: Buffer;
  let firstId: number;

  it("the internal deadline refuses a date in the past or after the official deadline", async () => {
    const version = String(((await db.get("select version from responses")) as { version: number }).version);
    const past = await post(`${base}/submission`, "secretariat", [["intent", "deadline"], ["internalDeadline", "2000-01-01"], ["version", version]]);
    expect(past.status).toBe(400);
    const after = await post(`${base}/submission`, "secretariat", [["intent", "deadline"], ["internalDeadline", "2099-01-01"], ["version", version]]);
    expect(after.status).toBe(400);
    expect(after.html).toContain("før høringsfristen");
    expect((await post(`${base}/submission`, "editor", [["intent", "deadline"], ["internalDeadline", ""], ["version", version]])).status).toBe(403);
    const bad = await post(`${base}/submission`, "secretariat", [["intent", "deadline"], ["internalDeadline", "2021-13-45"], ["version", version]]);
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("2021-13-45"); // the user's input comes back
    expect((await post(`${base}/submission`, "secretariat", [["intent", "deadline"], ["internalDeadline", ""], ["version", "x"]])).status).toBe(400);
    expect(((await db.get("select version, internal_deadline as d from responses")) as { version: number }).version).toBe(Number(version));
  });

  it("submits: the files are frozen, a second submit is refused", async () => {
    expect((await post(`${base}/submission`, "editor", [["intent", "submit"], ["submittedOn", today], ["channel", "email"]])).status).toBe(403);
    expect((await post(`${base}/submission`, "secretariat", [["intent", "submit"], ["submittedOn", today], ["channel", "fax"]])).status).toBe(400);
    expect((await post(`${base}/submission`, "secretariat", [["intent", "submit"], ["submittedOn", "2999-01-01"], ["channel", "email"]])).status).toBe(400);
    // The first post stores nothing: it states what is unanswered, not agreed and flagged.
    const fields: [string, string][] = [["submittedOn", today], ["channel", "regjeringen"], ["receipt", "REF-123"]];
    const review = await post(`${base}/submission`, "secretariat", [["intent", "submit"], ...fields]);
    expect(review.status).toBe(200);
    expect(await db.get("select count(*) as n from submissions")).toEqual({ n: 0 });
    expect(review.html).toContain('data-testid="submit-confirm"');
    // The same counts as the check: not agreed (the demo answers every question), and open warnings.
    const checkPage = (await get(`${base}/check`, "secretariat")).html;
    const notAgreed = /Punkter som ikke er vedtatt<!-- --> \(<!-- -->(\d+)<!-- -->\)/.exec(checkPage)?.[1];
    expect(notAgreed).toBeDefined();
    expect(review.html).toContain(`${notAgreed} spørsmål er ikke vedtatt`);
    expect(review.html).not.toContain("spørsmål er ikke besvart");
    expect(review.html).toMatch(/\d+ advarsler er ikke merket som sett/);
    expect(review.html).toContain("Personopplysninger i svarene (");
    expect(review.html).toContain('value="REF-123"'); // what was typed comes along
    const token = reviewedToken(review.html)!;
    // A token that does not describe the response as it is (made up, or anything changed since) → 409, a fresh step.
    const made = await post(`${base}/submission`, "secretariat", [["intent", "submit"], ...fields, ["reviewed", "0".repeat(32)]]);
    expect(made.status).toBe(409);
    expect(made.html).toContain("Noe er endret siden du så oversikten");
    expect(reviewedToken(made.html)).toBe(token);
    expect((await post(`${base}/submission`, "secretariat", [["intent", "submit"], ...fields, ["reviewed", "x"]])).status).toBe(400);
    const fingerprint = /name="fingerprint" value="([0-9a-f]{32})"\/><button type="submit" name="intent" value="acknowledge"/.exec((await get(`${base}/check`, "secretariat")).html)?.[1];
    expect((await post(`${base}/check`, "secretariat", [["intent", "acknowledge"], ["fingerprint", fingerprint!]])).status).toBe(302);
    const stale = await post(`${base}/submission`, "secretariat", [["intent", "submit"], ...fields, ["reviewed", token]]);
    expect(stale.status).toBe(409);
    expect(await db.get("select count(*) as n from submissions")).toEqual({ n: 0 });
    const done = await post(`${base}/submission`, "secretariat", [["intent", "submit"], ...fields, ["reviewed", reviewedToken(stale.html)!]]);
    expect(done.status).toBe(302);
    const again = await submit("secretariat", [["submittedOn", today], ["channel", "email"]]);
    expect(again.status).toBe(409);
    expect(again.html).toContain("allerede sendt inn");
    const row = (await db.get("select id, docx, markdown, docx_sha256 as sha from submissions")) as { id: number; docx: Buffer; markdown: Buffer; sha: string };
    firstId = row.id;
    const docx = await download(`${base}/submissions/${row.id}/docx`, "secretariat");
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(docx.headers.get("content-disposition")).toContain(`-${today}.docx`);
    expect(docx.bytes.equals(row.docx)).toBe(true);
    expect(createHash("sha256").update(docx.bytes).digest("hex")).toBe(row.sha);
    expect(docx.headers.get("etag")).toBe(`"sha256-${row.sha}"`);
    // RFC 9530: the digest of the bytes sent, computed here from the body, not read from the row.
    expect(docx.headers.get("repr-digest")).toBe(`sha-256=:${createHash("sha256").update(docx.bytes).digest("base64")}:`);
    firstDocx = docx.bytes;
    const md = await download(`${base}/submissions/${row.id}/md`, "secretariat");
    expect(md.bytes.equals(row.markdown)).toBe(true);
    expect(md.headers.get("repr-digest")).toBe(`sha-256=:${createHash("sha256").update(md.bytes).digest("base64")}:`);
    expect(md.bytes.toString("utf8")).toContain("ola.nordmann@example.no");
    firstMd = md.bytes;
    // The PDF is frozen too: the stored bytes, the same on every download.
    const stored = (await db.get("select pdf, pdf_sha256 as sha, pdf_name as name from submissions where id = ?", row.id)) as { pdf: Buffer; sha: string; name: string };
    const pdf = await download(`${base}/submissions/${row.id}/pdf`, "secretariat");
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toContain(`-${today}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.bytes.equals(stored.pdf)).toBe(true);
    expect(createHash("sha256").update(pdf.bytes).digest("hex")).toBe(stored.sha);
    expect((await download(`${base}/submissions/${row.id}/pdf`, "secretariat")).bytes.equals(pdf.bytes)).toBe(true);
    firstPdf = pdf.bytes;
    // The submission page names every file with its full SHA-256.
    const page = (await get(`${base}/submission`, "secretariat")).html;
    for (const [format, sha] of [["docx", row.sha], ["md", createHash("sha256").update(row.markdown).digest("hex")], ["pdf", stored.sha]] as const) {
      expect(page).toContain(`data-testid="sha256-${row.id}-${format}">${sha}</code>`);
      expect(page).toContain(`href="${base}/submissions/${row.id}/${format}"`);
    }
    expect(page).toContain((JSON.parse(stored.name) as { utf8: string }).utf8);
    // Members cannot export; unknown format or id → 404.
    expect((await download(`${base}/submissions/${row.id}/docx`, "member")).status).toBe(403);
    expect((await download(`${base}/submissions/${row.id}/pdf`, "member")).status).toBe(403);
    expect((await download(`${base}/submissions/${row.id}/odt`, "secretariat")).status).toBe(404);
    expect((await download(`${base}/submissions/99999/docx`, "secretariat")).status).toBe(404);
  });

  it("locked: every write route is refused with 423 and an explanation; reading and exporting still work", async () => {
    const refused = [
      await save("editor", "Etter innsending"),
      await post(`${base}/c/kap5`, "editor", [["intent", "save"], ["autosave", "1"], [FIELD, "x"], [`v.${FIELD}`, String(await answerVersion())]]),
      await setWork("secretariat", { intent: "set-status", status: "draft" }),
      await setWork("secretariat", { intent: "assign", assignee: "none" }),
      await post(`${base}/import`, "secretariat", [["intent", "apply"], ["markdown", "# x"]]),
      await post(`${base}/history/${encodeURIComponent(KEY)}`, "editor", [["intent", "restore"], ["revisionId", "1"], ["baseVersion", String(await answerVersion())]]),
      await post(`${base}/move`, "editor", [["intent", "move"], ["targetVersionId", "1"], ["plan", "x"]]),
      await post(`${base}/submission`, "secretariat", [["intent", "deadline"], ["internalDeadline", ""], ["version", "1"]]),
      // Members' voice and comments are writes too.
      await post(`${base}/q/${encodeURIComponent(KEY)}`, "editor", [["intent", "comment"], ["body", "Etter innsending"]]),
      await post(`${base}/c/kap3/mine`, "editor", [["intent", "position"], ["measure", "kap3-tiltak-1"], ["view", "no"]]),
      await post(`${base}/c/kap3/mine`, "editor", [["intent", "adopt-ranking"], ["version", "1"]]),
      await post(`${base}/cover`, "editor", [["intent", "save"], ["cover__contact", "Kari"], ["v.cover__contact", "0"]]),
    ];
    for (const r of refused) {
      expect(r.status).toBe(423);
      expect(r.html).toContain("sendt inn og låst");
    }
    expect((await get(`${base}/import`, "secretariat")).res.status).toBe(423);
    expect(await answerVersion()).toBeGreaterThan(0);
    expect((await work())?.status).toBe("agreed");
    const chapter = await get(`${base}/c/kap5`, "editor");
    expect(chapter.res.status).toBe(200);
    expect(chapter.html).toContain("Svaret er låst");
    expect(chapter.html).not.toContain('id="answers"');
    expect(chapter.html).not.toContain('value="set-work"');
    const overview = (await get(base, "member")).html;
    expect(overview).toContain("Svaret er låst");
    expect(overview).toContain("REF-123");
    expect((await download(`${base}/export.docx`, "secretariat")).status).toBe(200);
  });

  it("reopen needs an admin and a reason; then edits work, the first snapshot stays byte-identical, a resubmit stores a second", async () => {
    expect((await post(`${base}/submission`, "secretariat", [["intent", "reopen"], ["reason", "Feil i punkt 20"]])).status).toBe(403);
    const noReason = await post(`${base}/submission`, "admin", [["intent", "reopen"], ["reason", " "]]);
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain("begrunnelse");
    expect((await post(`${base}/submission`, "admin", [["intent", "reopen"], ["reason", "Feil i punkt 20"]])).status).toBe(302);
    expect((await post(`${base}/submission`, "admin", [["intent", "reopen"], ["reason", "Igjen"]])).status).toBe(409);
    expect((await save("editor", "Ny tekst etter gjenåpning.")).status).toBe(302);
    const again = await download(`${base}/submissions/${firstId}/docx`, "secretariat");
    expect(again.bytes.equals(firstDocx)).toBe(true);
    expect((await download(`${base}/submissions/${firstId}/md`, "secretariat")).bytes.equals(firstMd)).toBe(true);
    expect((await download(`${base}/submissions/${firstId}/pdf`, "secretariat")).bytes.equals(firstPdf)).toBe(true);
    expect((await submit("secretariat", [["submittedOn", today], ["channel", "email"]])).status).toBe(302);
    const rows = (await db.all("select id, markdown, reopen_reason as reason from submissions order by id")) as { id: number; markdown: Buffer; reason: string | null }[];
    expect(rows).toHaveLength(2);
    expect(rows[0]!.reason).toBe("Feil i punkt 20");
    expect(rows[1]!.markdown.toString("utf8")).toContain("Ny tekst etter gjenåpning.");
    expect(rows[0]!.markdown.toString("utf8")).not.toContain("Ny tekst etter gjenåpning.");
    const second = await download(`${base}/submissions/${rows[1]!.id}/md`, "secretariat");
    expect(second.bytes.equals(rows[1]!.markdown)).toBe(true);
    const overview = (await get(base, "member")).html;
    expect(overview).toContain("Feil i punkt 20");
    expect((await save("editor", "Låst igjen")).status).toBe(423);
  });
});
