/**
 * Route × role × own/foreign organisation → status, against the built server.
 * The demo org (nmf-demo) has one user per role; a second organisation is created through the
 * real sign-up and organisation forms. Every row runs: a route that disappears fails its rows.
 */
import Database from "better-sqlite3";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, signIn, signUp, startServer, type TestServer } from "../support/server";

type Role = "admin" | "secretariat" | "editor" | "member" | "viewer";
const ROLES: Role[] = ["admin", "secretariat", "editor", "member", "viewer"];
const DEMO_EMAIL: Record<Role, string> = {
  admin: "admin@demo.no",
  secretariat: "sekretariat@demo.no",
  editor: "styret@demo.no",
  member: "medlem@demo.no",
  viewer: "leser@demo.no",
};
const OTHER = { email: "leder@annen.no", name: "Other Admin", password: "annen-passord-123", orgName: "Annen forening" };

// Expected status for each role of the route's own organisation (written out, not derived from can()).
const OK_ALL = { admin: 200, secretariat: 200, editor: 200, member: 200, viewer: 200 };
const MANAGERS_ONLY = { admin: 200, secretariat: 200, editor: 403, member: 403, viewer: 403 };
const EDITORS = { admin: 200, secretariat: 200, editor: 200, member: 403, viewer: 403 };
const MANAGERS_ONLY_302 = { admin: 302, secretariat: 302, editor: 403, member: 403, viewer: 403 };
/** Members' voice: everyone but the viewer records their own view. */
const POSITION = { admin: 200, secretariat: 200, editor: 200, member: 200, viewer: 403 };
/** Each organisation's own private consultation (added through the upload form in beforeAll). */
const SMALL_TEMPLATE = readFileSync("test/fixtures/consultation-small.yaml", "utf8");
interface GetRow {
  path: string;
  own: Record<Role, number>;
  /** Signed out: a redirect to /login unless given (an EventSource cannot follow one: 401). */
  signedOut?: number;
}
const GETS: GetRow[] = [
  { path: "/o/:org", own: OK_ALL },
  { path: "/o/:org/members", own: { admin: 200, secretariat: 403, editor: 403, member: 403, viewer: 403 } },
  { path: "/o/:org/security", own: { admin: 200, secretariat: 403, editor: 403, member: 403, viewer: 403 } },
  { path: "/o/:org/r/:id", own: OK_ALL },
  { path: "/o/:org/r/:id/preview", own: OK_ALL },
  { path: "/o/:org/r/:id/export.docx", own: MANAGERS_ONLY },
  { path: "/o/:org/r/:id/export.md", own: MANAGERS_ONLY },
  { path: "/o/:org/r/:id/import", own: EDITORS },
  { path: "/o/:org/r/:id/history/kap3-tiltak-1.feedback", own: OK_ALL },
  { path: "/o/:org/r/:id/move", own: EDITORS },
  { path: "/o/:org/r/:id/printout", own: EDITORS },
  { path: "/o/:org/r/:id/references", own: OK_ALL },
  { path: "/o/:org/r/:id/compare", own: OK_ALL },
  // Submission pack: PDF, position summary (page and downloads), cover letter.
  { path: "/o/:org/r/:id/export.pdf", own: MANAGERS_ONLY },
  { path: "/o/:org/r/:id/summary", own: OK_ALL },
  { path: "/o/:org/r/:id/summary.pdf", own: MANAGERS_ONLY },
  { path: "/o/:org/r/:id/summary.docx", own: MANAGERS_ONLY },
  { path: "/o/:org/r/:id/summary.md", own: MANAGERS_ONLY },
  { path: "/o/:org/r/:id/cover", own: EDITORS },
  { path: "/o/:org/r/:id/history/cover.text", own: OK_ALL },
  { path: "/o/:org/r/:id/c/kap3", own: OK_ALL },
  { path: "/o/:org/r/:id/c/kap3/mine", own: POSITION },
  { path: "/o/:org/consultations/new", own: MANAGERS_ONLY },
  { path: "/o/:org/consultations/:cid", own: OK_ALL },
  { path: "/o/:org/consultations/:cid/template.yaml", own: OK_ALL },
  { path: "/o/:org/consultations/:cid/edit", own: MANAGERS_ONLY },
  // --- cockpit (issue 9) ---
  { path: "/o/:org/r/:id/remaining", own: OK_ALL },
  { path: "/o/:org/r/:id/remaining?status=draft&assignee=none&unanswered=1", own: OK_ALL },
  { path: "/o/:org/r/:id/check", own: MANAGERS_ONLY },
  { path: "/o/:org/r/:id/submission", own: OK_ALL },
  { path: "/o/:org/r/:id/work", own: OK_ALL },
  // A question's comment threads (the no-JS target of the comment forms).
  { path: "/o/:org/r/:id/q/kap3-tiltak-1.support", own: OK_ALL },
  // --- live (issue 10): the response's event stream (the row reads the status and drops the stream) ---
  { path: "/o/:org/r/:id/events", own: OK_ALL, signedOut: 401 },
];

interface PostRow {
  name: string;
  path: string;
  body: (ctx: Ctx) => Record<string, string>;
  own: Record<Role, number>;
}
// Successful POSTs: redirects (302) or the invite link page (200).
const POSTS: PostRow[] = [
  {
    name: "change role",
    path: "/o/:org/members",
    // Sets the org's "member" user to the role they already have: exercises the whole path, changes nothing.
    body: (ctx) => ({ intent: "changeRole", userId: String(ctx.memberUserId[ctx.org]), role: "member", version: "1" }),
    own: { admin: 302, secretariat: 403, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "create invite",
    path: "/o/:org/members",
    body: () => ({ intent: "invite", role: "editor" }),
    own: { admin: 200, secretariat: 403, editor: 403, member: 403, viewer: 403 },
  },
  {
    // Issue 22: one mailed invite per address (queued in the outbox; no SMTP_URL here).
    name: "invite by e-mail",
    path: "/o/:org/members",
    body: (ctx) => ({ intent: "invite", role: "viewer", emails: `ny.${ctx.org}@eksempel.no\nto.${ctx.org}@eksempel.no` }),
    own: { admin: 200, secretariat: 403, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "upload consultation (invalid template)",
    path: "/o/:org/consultations/new",
    body: () => ({ intent: "upload", source: "id: x\n" }),
    own: { admin: 400, secretariat: 400, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "preview template text (upload page)",
    path: "/o/:org/consultations/new",
    body: () => ({ intent: "preview", source: "id: x\n" }),
    own: { admin: 200, secretariat: 200, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "preview template text (consultation page)",
    path: "/o/:org/consultations/:cid",
    body: () => ({ intent: "preview", source: "id: x\n" }),
    own: { admin: 200, secretariat: 200, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "save consultation source (invalid template)",
    path: "/o/:org/consultations/:cid",
    body: () => ({ intent: "saveSource", source: "id: x\n", version: "1" }),
    own: { admin: 400, secretariat: 400, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "start a consultation from a printout (not a printout: nothing stored)",
    path: "/o/:org/consultations/new",
    body: () => ({ intent: "fromPrintout", printoutText: "no numbered questions here" }),
    own: { admin: 400, secretariat: 400, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "start a consultation from an example (form editor)",
    path: "/o/:org/consultations/new",
    body: () => ({ intent: "scratch", language: "en" }),
    own: { admin: 302, secretariat: 302, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "start an empty consultation (metadata only, form editor)",
    path: "/o/:org/consultations/new",
    body: () => ({ intent: "empty", language: "nb" }),
    own: { admin: 302, secretariat: 302, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "form editor: add a chapter (nothing stored)",
    path: "/o/:org/consultations/:cid/edit",
    body: () => ({ intent: "add:chapters:chapter", version: "1", "t.id": "x" }),
    own: { admin: 200, secretariat: 200, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "form editor: live preview",
    path: "/o/:org/consultations/:cid/edit",
    body: () => ({ intent: "preview", version: "1", "t.id": "x" }),
    own: { admin: 200, secretariat: 200, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "form editor: save (invalid template)",
    path: "/o/:org/consultations/:cid/edit",
    body: () => ({ intent: "save", version: "1", "t.id": "x" }),
    own: { admin: 400, secretariat: 400, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "publish consultation (stale version)",
    path: "/o/:org/consultations/:cid",
    body: () => ({ intent: "publish", status: "published", version: "999" }),
    own: { admin: 409, secretariat: 409, editor: 403, member: 403, viewer: 403 },
  },
  {
    // SITE_ADMINS=admin@demo.no: only the site administrator may share; the secretariat may not.
    name: "share consultation (stale version)",
    path: "/o/:org/consultations/:cid",
    body: () => ({ intent: "share", shared: "true", version: "999" }),
    own: { admin: 409, secretariat: 403, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "move response (no newer version)",
    path: "/o/:org/r/:id/move",
    body: (ctx) => ({ intent: "move", targetVersionId: String(ctx.versionId), plan: "x" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  // --- cockpit (issue 9): stale versions and refused input write nothing, so rows do not disturb each other ---
  {
    name: "set status (stale version)",
    path: "/o/:org/r/:id/work",
    body: () => ({ intent: "set-status", status: "draft", item: "kap3-tiltak-1.feedback@999" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  {
    name: "assign (stale version)",
    path: "/o/:org/r/:id/work",
    body: () => ({ intent: "assign", assignee: "none", item: "kap3-tiltak-1.feedback@999" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  {
    name: "set status and assignee (stale version)",
    path: "/o/:org/r/:id/work",
    body: () => ({ intent: "set-work", status: "review", assignee: "none", item: "kap3-tiltak-1.feedback@999" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  {
    name: "acknowledge a check finding",
    path: "/o/:org/r/:id/check",
    body: () => ({ intent: "acknowledge", fingerprint: "0".repeat(32) }),
    own: MANAGERS_ONLY_302,
  },
  {
    name: "mark all findings of a kind as seen",
    path: "/o/:org/r/:id/check",
    body: () => ({ intent: "acknowledge-kind", kind: "notAgreed", fingerprints: "0".repeat(32) }),
    own: MANAGERS_ONLY_302,
  },
  {
    name: "submit without confirming (the confirmation step: nothing stored)",
    path: "/o/:org/r/:id/submission",
    body: () => ({ intent: "submit", submittedOn: "2021-02-26", channel: "email" }),
    own: { admin: 200, secretariat: 200, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "set internal deadline (stale version)",
    path: "/o/:org/r/:id/submission",
    body: () => ({ intent: "deadline", internalDeadline: "", version: "999" }),
    own: { admin: 409, secretariat: 409, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "submit (unknown channel)",
    path: "/o/:org/r/:id/submission",
    body: () => ({ intent: "submit", submittedOn: "2021-02-26", channel: "fax" }),
    own: { admin: 400, secretariat: 400, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "reopen (not submitted)",
    path: "/o/:org/r/:id/submission",
    body: () => ({ intent: "reopen", reason: "Feil i teksten" }),
    own: { admin: 409, secretariat: 403, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "submission page, unknown intent",
    path: "/o/:org/r/:id/submission",
    body: () => ({ intent: "nonsense" }),
    own: { admin: 400, secretariat: 400, editor: 400, member: 400, viewer: 400 },
  },
  {
    // Nothing to read: 400 with a message for those allowed, nothing stored.
    name: "start from a printout (no file)",
    path: "/o/:org/r/:id/printout",
    body: () => ({ intent: "dryRun" }),
    own: { admin: 400, secretariat: 400, editor: 400, member: 403, viewer: 403 },
  },
  {
    name: "add a reference answer (no file)",
    path: "/o/:org/r/:id/references",
    body: () => ({ intent: "add", organisationName: "Den norske legeforening" }),
    own: { admin: 400, secretariat: 400, editor: 400, member: 400, viewer: 403 },
  },
  {
    // The reference (added by nobody in beforeAll) is not the member's own: editors+ get as far as the version check.
    name: "delete a reference answer (stale version)",
    path: "/o/:org/r/:id/references",
    body: (ctx) => ({ intent: "delete", id: String(ctx.referenceId[ctx.org]), version: "999" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  {
    // A version the answer never had: a conflict (409), nothing stored.
    name: "save cover letter (stale version)",
    path: "/o/:org/r/:id/cover",
    body: () => ({ intent: "save", cover__contact: "Kari", "v.cover__contact": "999" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  // Comments: members and above comment and reply; editors, secretariat and admin resolve and reopen.
  {
    name: "comment (new thread)",
    path: "/o/:org/r/:id/q/kap3-tiltak-1.support",
    body: () => ({ intent: "comment", body: "Kommentar fra tilgangstesten" }),
    own: { admin: 302, secretariat: 302, editor: 302, member: 302, viewer: 403 },
  },
  {
    name: "reply in a thread",
    path: "/o/:org/r/:id/q/kap3-tiltak-1.support",
    body: (ctx) => ({ intent: "reply", threadId: String(ctx.threadId[ctx.org]), body: "Svar fra tilgangstesten" }),
    own: { admin: 302, secretariat: 302, editor: 302, member: 302, viewer: 403 },
  },
  {
    // Comments are their authors': everyone else, whatever the role, is refused.
    name: "edit someone else's comment",
    path: "/o/:org/r/:id/q/kap3-tiltak-1.support",
    body: (ctx) => ({ intent: "edit", commentId: String(ctx.commentId[ctx.org]), version: "1", body: "Overskrevet" }),
    own: { admin: 403, secretariat: 403, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "delete someone else's comment",
    path: "/o/:org/r/:id/q/kap3-tiltak-1.support",
    body: (ctx) => ({ intent: "delete", commentId: String(ctx.commentId[ctx.org]), version: "1" }),
    own: { admin: 403, secretariat: 403, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "resolve a thread (stale version)",
    path: "/o/:org/r/:id/q/kap3-tiltak-1.support",
    body: (ctx) => ({ intent: "resolve", threadId: String(ctx.threadId[ctx.org]), version: "999", note: "tatt inn" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  {
    name: "reopen a thread (stale version)",
    path: "/o/:org/r/:id/q/kap3-tiltak-1.support",
    body: (ctx) => ({ intent: "reopen", threadId: String(ctx.threadId[ctx.org]), version: "999" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  {
    name: "my view: position (stale version)",
    path: "/o/:org/r/:id/c/kap3/mine",
    body: () => ({ intent: "position", measure: "kap3-tiltak-1", view: "yes", version: "999", back: "chapter" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 409, viewer: 403 },
  },
  {
    name: "my view: save-mine (ranking with a gap)",
    path: "/o/:org/r/:id/c/kap3/mine",
    body: () => ({ intent: "save-mine", "view.kap3-tiltak-1": "yes", "v.kap3-tiltak-1": "999", "rank.kap3-tiltak-1": "2", rv: "0" }),
    own: { admin: 400, secretariat: 400, editor: 400, member: 400, viewer: 403 },
  },
  {
    name: "adopt the suggested ranking (stale)",
    path: "/o/:org/r/:id/c/kap3/mine",
    body: () => ({ intent: "adopt-ranking", version: "999", suggestion: "kap3-tiltak-7" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  {
    name: "adopt the majority on a measure (stale version)",
    path: "/o/:org/r/:id/c/kap3/mine",
    body: () => ({ intent: "adopt-majority", measure: "kap3-tiltak-1", version: "999" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  // --- live (issue 10): presence reports; any reader may be present ---
  {
    name: "presence: here",
    path: "/o/:org/r/:id/presence",
    body: () => ({ intent: "here", tab: "permissions-tab", section: "kap3", question: "kap3-tiltak-1.support" }),
    own: { admin: 204, secretariat: 204, editor: 204, member: 204, viewer: 204 },
  },
  {
    name: "presence: leave",
    path: "/o/:org/r/:id/presence",
    body: () => ({ intent: "leave", tab: "permissions-tab" }),
    own: { admin: 204, secretariat: 204, editor: 204, member: 204, viewer: 204 },
  },
  // Writing answers outside the lock (the lock is in "submissions" below): a base version the
  // answer never had is a conflict for those who may edit, so nothing is stored.
  {
    name: "section save (stale version)",
    path: "/o/:org/r/:id/c/kap3",
    body: () => ({ intent: "save", "kap3-tiltak-1__feedback": "x", "v.kap3-tiltak-1__feedback": "999" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  {
    name: "section autosave (stale version)",
    path: "/o/:org/r/:id/c/kap3",
    body: () => ({ intent: "save", autosave: "1", "kap3-tiltak-1__feedback": "x", "v.kap3-tiltak-1__feedback": "999" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  {
    name: "history restore (stale version)",
    path: "/o/:org/r/:id/history/kap3-tiltak-1.feedback",
    body: (ctx) => ({ intent: "restore", revisionId: String(ctx.revisionId), baseVersion: "999" }),
    own: { admin: 409, secretariat: 409, editor: 409, member: 403, viewer: 403 },
  },
  {
    // No file: the page answers with its message (nothing read, nothing stored).
    name: "import dry run (no file)",
    path: "/o/:org/r/:id/import",
    body: () => ({ intent: "dryRun" }),
    own: { admin: 200, secretariat: 200, editor: 200, member: 403, viewer: 403 },
  },
  {
    name: "import apply (tampered versions)",
    path: "/o/:org/r/:id/import",
    body: () => ({ intent: "apply", versions: "{}" }),
    own: { admin: 200, secretariat: 200, editor: 200, member: 403, viewer: 403 },
  },
  {
    // Real: the admin removes thea@demo.no (a member no other row uses); only the admin row gets that far.
    name: "remove a member",
    path: "/o/:org/members",
    body: (ctx) => ({ intent: "remove", userId: String(ctx.removableUserId[ctx.org]), version: "1" }),
    own: { admin: 302, secretariat: 403, editor: 403, member: 403, viewer: 403 },
  },
  {
    // Real: the admin revokes the invite made in beforeAll.
    name: "revoke an invite",
    path: "/o/:org/members",
    body: (ctx) => ({ intent: "revokeInvite", inviteId: String(ctx.inviteId[ctx.org]) }),
    own: { admin: 302, secretariat: 403, editor: 403, member: 403, viewer: 403 },
  },
  {
    name: "start response",
    path: "/o/:org",
    body: (ctx) => ({ intent: "startResponse", consultationVersionId: String(ctx.versionId) }),
    own: { admin: 302, secretariat: 302, editor: 302, member: 403, viewer: 403 },
  },
];

interface Ctx {
  org: "demo" | "other";
  memberUserId: Record<"demo" | "other", number>;
  versionId: number;
  referenceId: Record<"demo" | "other", number>;
  /** A thread on kap3-tiltak-1.support and its first comment (by kari@ in the demo, the admin in the other org). */
  threadId: Record<"demo" | "other", number>;
  commentId: Record<"demo" | "other", number>;
  /** A revision of kap3-tiltak-1.feedback in the demo response (seeded). */
  revisionId: number;
  /** thea@demo.no in the demo (removed by the admin's row); the other org's admin there (never reached). */
  removableUserId: Record<"demo" | "other", number>;
  inviteId: Record<"demo" | "other", number>;
}

let server: TestServer;
let db: Database.Database;
let backupDir = "";
const cookies = {} as Record<Role | "otherAdmin", string>;
const slugs = { demo: "nmf-demo", other: "" };
const responseIds = { demo: 0, other: 0 };
const consultationIds = { demo: "", other: "" };
const ctxBase = {
  memberUserId: { demo: 0, other: 0 },
  versionId: 0,
  referenceId: { demo: 0, other: 0 },
  threadId: { demo: 0, other: 0 },
  commentId: { demo: 0, other: 0 },
  revisionId: 0,
  removableUserId: { demo: 0, other: 0 },
  inviteId: { demo: 0, other: 0 },
};

const url = (template: string, org: "demo" | "other", responseOf: "demo" | "other" = org) =>
  template
    .replace(":org", slugs[org])
    .replace(":id", String(responseIds[responseOf]))
    .replace(":cid", encodeURIComponent(consultationIds[responseOf]));

const get = async (path: string, cookie?: string) => {
  const res = await fetch(server.url + path, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  // A live stream (…/events) never ends by itself: its status is all a row needs, so drop it.
  if (res.headers.get("content-type")?.startsWith("text/event-stream")) await res.body?.cancel();
  else await res.arrayBuffer();
  return res;
};

const post = async (path: string, body: Record<string, string>, cookie?: string) =>
  (await formRequest(server.url, path, { body, cookie })).res;

beforeAll(async () => {
  backupDir = mkdtempSync(path.join(tmpdir(), "hs-perm-backups-"));
  server = await startServer({ SITE_ADMINS: "admin@demo.no", BACKUP_DIR: backupDir, BACKUP_INTERVAL: "1d" });
  for (const role of ROLES) cookies[role] = await signIn(server.url, DEMO_EMAIL[role]);

  // The second organisation, through the real forms.
  cookies.otherAdmin = (await signUp(server, OTHER)).cookie;
  const created = await post("/orgs/new", { name: OTHER.orgName }, cookies.otherAdmin);
  expect(created.status).toBe(302);
  slugs.other = created.headers.get("location")!.replace(/^\/o\//, "");
  expect(slugs.other).toBe("annen-forening");

  db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  ctxBase.versionId = (db.prepare("select id from consultation_versions order by id desc limit 1").get() as { id: number }).id;
  const started = await post(`/o/${slugs.other}`, { intent: "startResponse", consultationVersionId: String(ctxBase.versionId) }, cookies.otherAdmin);
  expect(started.status).toBe(302);
  responseIds.other = Number(started.headers.get("location")!.split("/").pop());
  responseIds.demo = (
    db.prepare("select r.id from responses r join organisations o on o.id = r.organisation_id where o.slug = ?").get(slugs.demo) as { id: number }
  ).id;
  const userId = (email: string) => (db.prepare("select id from users where email = ?").get(email) as { id: number }).id;
  ctxBase.memberUserId.demo = userId(DEMO_EMAIL.member);
  // The other org has only its admin: "member" rows there target the admin (who must stay admin).
  ctxBase.memberUserId.other = userId(OTHER.email);

  // Each organisation adds its own (private, draft) consultation through the upload form.
  for (const [org, cookie] of [["demo", cookies.admin], ["other", cookies.otherAdmin]] as const) {
    const added = await post(`/o/${slugs[org]}/consultations/new`, { intent: "upload", source: SMALL_TEMPLATE }, cookie);
    expect(added.status).toBe(302);
    consultationIds[org] = decodeURIComponent(added.headers.get("location")!.split("/").pop()!);
  }

  // One reference answer per organisation's response, for the delete rows.
  const writable = new Database(server.dbFile);
  for (const org of ["demo", "other"] as const)
    ctxBase.referenceId[org] = Number(
      writable
        .prepare("insert into reference_answers (organisation_id, response_id, organisation_name, answers) select organisation_id, id, 'Referanse', '{}' from responses where id = ?")
        .run(responseIds[org]).lastInsertRowid,
    );
  writable.close();
  // A comment thread in each organisation, on the question the comment rows use: kari@ (a member
  // who is none of the role accounts) in the demo, the other org's admin there (whose comment the
  // demo accounts must not reach; the other admin's own rows target the demo's).
  const kari = await signIn(server.url, "kari@demo.no");
  for (const [org, cookie] of [["demo", kari], ["other", cookies.otherAdmin]] as const) {
    const posted = await post(`/o/${slugs[org]}/r/${responseIds[org]}/q/kap3-tiltak-1.support`, { intent: "comment", body: `Tråd i ${org}` }, cookie);
    expect(posted.status).toBe(302);
    const c = db.prepare("select id, thread_id from comments where body = ?").get(`Tråd i ${org}`) as { id: number; thread_id: number };
    ctxBase.threadId[org] = c.thread_id;
    ctxBase.commentId[org] = c.id;
  }

  ctxBase.revisionId = (
    db
      .prepare("select r.id from answer_revisions r join answers a on a.id = r.answer_id where a.response_id = ? and a.question_key = 'kap3-tiltak-1.feedback' order by r.id limit 1")
      .get(responseIds.demo) as { id: number }
  ).id;
  ctxBase.removableUserId.demo = userId("thea@demo.no");
  ctxBase.removableUserId.other = ctxBase.memberUserId.other;
  for (const [org, cookie] of [["demo", cookies.admin], ["other", cookies.otherAdmin]] as const) {
    expect((await post(`/o/${slugs[org]}/members`, { intent: "invite", role: "viewer" }, cookie)).status).toBe(200);
    ctxBase.inviteId[org] = (
      db.prepare("select i.id from invites i join organisations o on o.id = i.organisation_id where o.slug = ? order by i.id desc limit 1").get(slugs[org]) as { id: number }
    ).id;
  }
});

afterAll(async () => {
  db?.close();
  await server?.stop();
  if (backupDir) rmSync(backupDir, { recursive: true, force: true });
});

describe("GET: own organisation, by role", () => {
  for (const row of GETS)
    for (const role of ROLES) {
      const name = `${role} GET ${row.path} (own) → ${row.own[role]}`;
      it(name, async () => {
        expect((await get(url(row.path, "demo"), cookies[role])).status).toBe(row.own[role]);
      });
    }
  for (const row of GETS) {
    const name = `other org's admin GET ${row.path} (own) → 200`;
    it(name, async () => {
      expect((await get(url(row.path, "other"), cookies.otherAdmin)).status).toBe(200);
    });
  }
});

describe("GET: foreign organisation is always 404", () => {
  for (const row of GETS) {
    for (const role of ROLES) {
      const name = `demo ${role} GET ${row.path} of the other org → 404`;
      it(name, async () => {
        expect((await get(url(row.path, "other"), cookies[role])).status).toBe(404);
      });
    }
    const name = `other org's admin GET ${row.path} of the demo org → 404`;
    it(name, async () => {
      expect((await get(url(row.path, "demo"), cookies.otherAdmin)).status).toBe(404);
    });
    if (row.path.includes(":cid")) {
      const mixed = `demo admin GET ${row.path} with the other org's private consultation id → 404`;
      it(mixed, async () => {
        expect((await get(url(row.path, "demo", "other"), cookies.admin)).status).toBe(404);
        expect((await get(url(row.path, "other", "demo"), cookies.otherAdmin)).status).toBe(404);
      });
    }
    if (row.path.includes(":id")) {
      // Own organisation in the URL, the other organisation's response id.
      const mixed = `demo admin GET ${row.path} with the other org's response id → 404`;
      it(mixed, async () => {
        expect((await get(url(row.path, "demo", "other"), cookies.admin)).status).toBe(404);
        expect((await get(url(row.path, "other", "demo"), cookies.otherAdmin)).status).toBe(404);
      });
    }
  }
});

describe("GET: signed out → /login", () => {
  for (const row of GETS) {
    const name = `signed out GET ${row.path} → ${row.signedOut ?? "302 /login"}`;
    it(name, async () => {
      const path = url(row.path, "demo");
      const res = await get(path);
      if (row.signedOut) {
        expect(res.status).toBe(row.signedOut);
        expect(res.headers.get("location")).toBeNull();
        return;
      }
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    });
  }
});

describe("POST actions", () => {
  for (const row of POSTS) {
    for (const role of ROLES) {
      it(`${role} POST ${row.name} (own) → ${row.own[role]}`, async () => {
        const res = await post(url(row.path, "demo"), row.body({ ...ctxBase, org: "demo" }), cookies[role]);
        expect(res.status).toBe(row.own[role]);
      });
      it(`demo ${role} POST ${row.name} to the other org → 404`, async () => {
        const res = await post(url(row.path, "other"), row.body({ ...ctxBase, org: "other" }), cookies[role]);
        expect(res.status).toBe(404);
      });
    }
    it(`other org's admin POST ${row.name} to the demo org → 404`, async () => {
      const res = await post(url(row.path, "demo"), row.body({ ...ctxBase, org: "demo" }), cookies.otherAdmin);
      expect(res.status).toBe(404);
    });
    it(`signed out POST ${row.name} → 302 /login`, async () => {
      const res = await post(url(row.path, "demo"), row.body({ ...ctxBase, org: "demo" }));
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    });
  }

  it("reference intents with the other organisation's reference id → 404, nothing deleted", async () => {
    const del = (org: "demo" | "other", id: number, cookie: string) =>
      post(url("/o/:org/r/:id/references", org), { intent: "delete", id: String(id), version: "1" }, cookie);
    expect((await del("demo", ctxBase.referenceId.other, cookies.admin)).status).toBe(404);
    expect((await del("other", ctxBase.referenceId.demo, cookies.otherAdmin)).status).toBe(404);
    expect(db.prepare("select count(*) as n from reference_answers").get()).toEqual({ n: 2 });
  });

  it("consultation intents with the other organisation's private consultation id → 404", async () => {
    for (const body of [
      { intent: "saveSource", source: SMALL_TEMPLATE, version: "1" },
      { intent: "publish", status: "published", version: "1" },
      { intent: "share", shared: "true", version: "1" },
    ] as Record<string, string>[]) {
      expect((await post(url("/o/:org/consultations/:cid", "demo", "other"), body, cookies.admin)).status).toBe(404);
      expect((await post(url("/o/:org/consultations/:cid", "other", "demo"), body, cookies.otherAdmin)).status).toBe(404);
    }
    // Moving a response to (or starting one with) the other organisation's private version.
    const otherVersion = String((db.prepare("select current_version_id as id from consultations where id = ?").get(consultationIds.other) as { id: number }).id);
    expect((await post(url("/o/:org/r/:id/move", "demo"), { intent: "move", targetVersionId: otherVersion, plan: "x" }, cookies.admin)).status).toBe(404);
    expect((await post(url("/o/:org", "demo"), { intent: "startResponse", consultationVersionId: otherVersion }, cookies.admin)).status).toBe(404);
    const status = db.prepare("select status, shared, version from consultations where id = ?").get(consultationIds.other);
    expect(status).toEqual({ status: "draft", shared: 0, version: 1 });
  });

  it("form fields cannot reach into another organisation", async () => {
    const otherAdminId = ctxBase.memberUserId.other;
    const inviteCount = () => (db.prepare("select count(*) as n from invites").get() as { n: number }).n;
    // Own org in the URL, the other org's member in the form.
    const bodies: Record<string, string>[] = [
      { intent: "changeRole", userId: String(otherAdminId), role: "viewer", version: "1" },
      { intent: "remove", userId: String(otherAdminId), version: "1" },
    ];
    for (const body of bodies)
      expect((await post(`/o/${slugs.demo}/members`, body, cookies.admin)).status).toBe(404);
    // An invite of the other org cannot be revoked from the demo org.
    const before = inviteCount();
    const created = await post(`/o/${slugs.other}/members`, { intent: "invite", role: "viewer" }, cookies.otherAdmin);
    expect(created.status).toBe(200);
    const otherInvite = (
      db.prepare("select i.id from invites i join organisations o on o.id = i.organisation_id where o.slug = ?").get(slugs.other) as { id: number }
    ).id;
    expect((await post(`/o/${slugs.demo}/members`, { intent: "revokeInvite", inviteId: String(otherInvite) }, cookies.admin)).status).toBe(404);
    expect(inviteCount()).toBe(before + 1);
    // Thread and comment ids of the other organisation, posted to the demo's own question page.
    const q = `/o/${slugs.demo}/r/${responseIds.demo}/q/kap3-tiltak-1.support`;
    const commentsBefore = db.prepare("select count(*) as n from comments").get() as { n: number };
    for (const body of [
      { intent: "reply", threadId: String(ctxBase.threadId.other), body: "Inn i en annen forening" },
      { intent: "edit", commentId: String(ctxBase.commentId.other), version: "1", body: "Inn i en annen forening" },
      { intent: "delete", commentId: String(ctxBase.commentId.other), version: "1" },
      { intent: "resolve", threadId: String(ctxBase.threadId.other), version: "1", note: "" },
      { intent: "reopen", threadId: String(ctxBase.threadId.other), version: "1" },
    ] as Record<string, string>[]) {
      const res = await formRequest(server.url, q, { body, cookie: cookies.admin });
      expect(res.res.status).toBe(404);
      if (body.body) expect(res.html).toContain("Inn i en annen forening");
    }
    expect((db.prepare("select count(*) as n from comments").get() as { n: number }).n).toBe(commentsBefore.n);
    expect(db.prepare("select body, deleted_at, version from comments where id = ?").get(ctxBase.commentId.other)).toEqual({ body: "Tråd i other", deleted_at: null, version: 1 });
    expect(db.prepare("select status, version from comment_threads where id = ?").get(ctxBase.threadId.other)).toEqual({ status: "open", version: 1 });
    const role = db
      .prepare("select m.role from memberships m join organisations o on o.id = m.organisation_id where o.slug = ? and m.user_id = ?")
      .get(slugs.other, otherAdminId) as { role: string };
    expect(role.role).toBe("admin");
  });

  it("bad input is a 400, never a 500", async () => {
    const memberBodies: Record<string, string>[] = [
      {},
      { intent: "nonsense" },
      { intent: "changeRole", userId: "abc", role: "admin" },
      { intent: "changeRole", userId: "1", role: "owner" },
      { intent: "remove", userId: "-1" },
      { intent: "invite", role: "" },
      { intent: "invite", role: "viewer", emails: "a@b@c.no\nok@eksempel.no" },
      { intent: "invite", role: "viewer", emails: "x\ry@eksempel.no" },
      { intent: "revokeInvite", inviteId: "1e99" },
    ];
    for (const body of memberBodies)
      expect((await post(`/o/${slugs.demo}/members`, body, cookies.admin)).status).toBe(400);
    const startBodies: Record<string, string>[] = [{}, { intent: "startResponse", consultationVersionId: "x" }];
    for (const body of startBodies)
      expect((await post(`/o/${slugs.demo}`, body, cookies.admin)).status).toBe(400);
    expect((await post(`/o/${slugs.demo}`, { intent: "startResponse", consultationVersionId: "999999" }, cookies.admin)).status).toBe(404);
    // Members' voice: unknown intent, unknown measure, a chapter the template does not have.
    const mine = `/o/${slugs.demo}/r/${responseIds.demo}/c/kap3/mine`;
    for (const body of [{}, { intent: "nonsense" }, { intent: "position", measure: "nope", view: "yes", version: "0" }, { intent: "adopt-majority", measure: "nope", version: "1" }] as Record<string, string>[])
      expect((await post(mine, body, cookies.admin)).status).toBe(400);
    expect((await get(`/o/${slugs.demo}/r/${responseIds.demo}/c/kap99/mine`, cookies.member)).status).toBe(400);
    expect((await get(`/o/${slugs.demo}/r/${responseIds.demo}/c/sender/mine`, cookies.member)).status).toBe(400);
  });
});

// Not organisation-scoped: the site administrators' page (SITE_ADMINS=admin@demo.no); anyone else 404.
describe("site administration (/admin/consultations)", () => {
  it("the site administrator GET → 200; every other role and the other org's admin → 404; signed out → /login", async () => {
    expect((await get("/admin/consultations", cookies.admin)).status).toBe(200);
    for (const role of ROLES.filter((r) => r !== "admin")) expect((await get("/admin/consultations", cookies[role])).status).toBe(404);
    expect((await get("/admin/consultations", cookies.otherAdmin)).status).toBe(404);
    expect((await get("/admin/consultations")).status).toBe(302);
    // The outbox page (issue 22): the same rule.
    expect((await get("/admin/mail", cookies.admin)).status).toBe(200);
    for (const role of ROLES.filter((r) => r !== "admin")) expect((await get("/admin/mail", cookies[role])).status).toBe(404);
    expect((await get("/admin/mail", cookies.otherAdmin)).status).toBe(404);
    expect((await post("/admin/mail", { intent: "retry", id: "1" }, cookies.otherAdmin)).status).toBe(404);
    expect((await get("/admin/mail")).status).toBe(302);
  });
  it("POST share: site administrator stale → 409, bad input → 400, unknown → 404; anyone else → 404", async () => {
    const body = { intent: "share", consultationId: consultationIds.other, shared: "true", version: "999" };
    expect((await post("/admin/consultations", body, cookies.admin)).status).toBe(409);
    expect((await post("/admin/consultations", { intent: "share" }, cookies.admin)).status).toBe(400);
    expect((await post("/admin/consultations", { ...body, consultationId: "lis1-evaluering-2021" }, cookies.admin)).status).toBe(404);
    for (const role of ROLES.filter((r) => r !== "admin")) expect((await post("/admin/consultations", body, cookies[role])).status).toBe(404);
    expect((await post("/admin/consultations", body, cookies.otherAdmin)).status).toBe(404);
    expect((await post("/admin/consultations", body)).status).toBe(302);
  });
});

// Issue 9: "as submitted" downloads and the lock. Runs after the rows above (it submits both responses).
// The backups page and its downloads (issue 23; BACKUP_DIR set): the site administrator only.
describe("site administration (/admin/backups, /admin/backups/:file)", () => {
  it("GET page and download: the site administrator → 200; every other role and the other org's admin → 404; signed out → /login", async () => {
    let taken = await post("/admin/backups", { intent: "backup" }, cookies.admin);
    if (taken.status === 409) taken = await post("/admin/backups", { intent: "backup" }, cookies.admin); // same second as the schedule's
    expect(taken.status).toBe(200);
    const name = readdirSync(backupDir).find((n) => /^workbench-\d{8}T\d{6}Z\.sqlite$/.test(n))!;
    for (const p of ["/admin/backups", `/admin/backups/${name}`]) {
      expect((await get(p, cookies.admin)).status, p).toBe(200);
      for (const role of ROLES.filter((r) => r !== "admin")) expect((await get(p, cookies[role])).status, `${p} ${role}`).toBe(404);
      expect((await get(p, cookies.otherAdmin)).status, p).toBe(404);
      expect((await get(p)).status, p).toBe(302);
    }
    // Not a listed backup name: 404 even for the site administrator.
    for (const p of ["/admin/backups/..%2Ftest.sqlite", "/admin/backups/test.sqlite", "/admin/backups/workbench-20990101T000000Z.sqlite"])
      expect((await get(p, cookies.admin)).status, p).toBe(404);
  });
  it("POST take a backup: bad input → 400; anyone else → 404 (nothing taken); signed out → /login", async () => {
    expect((await post("/admin/backups", { intent: "nonsense" }, cookies.admin)).status).toBe(400);
    const before = readdirSync(backupDir).length;
    for (const role of ROLES.filter((r) => r !== "admin")) expect((await post("/admin/backups", { intent: "backup" }, cookies[role])).status).toBe(404);
    expect((await post("/admin/backups", { intent: "backup" }, cookies.otherAdmin)).status).toBe(404);
    expect((await post("/admin/backups", { intent: "backup" })).status).toBe(302);
    expect(readdirSync(backupDir).length).toBe(before);
  });
});

describe("submissions: frozen downloads by role and organisation; the lock", () => {
  it("each organisation submits; downloads follow export rights, another organisation's submission id is 404", async () => {
    // Issue 20: the first post is the confirmation step (nothing stored); the second carries its token.
    const submit = async (org: "demo" | "other", cookie: string) => {
      const body = { intent: "submit", submittedOn: "2021-02-26", channel: "email" };
      const review = await formRequest(server.url, url("/o/:org/r/:id/submission", org), { body, cookie });
      expect(review.res.status).toBe(200);
      const reviewed = /name="reviewed" value="([0-9a-f]{32})"/.exec(review.html)?.[1] ?? "";
      return post(url("/o/:org/r/:id/submission", org), { ...body, reviewed }, cookie);
    };
    // Another organisation's admin cannot review (or submit) the demo response.
    expect((await post(url("/o/:org/r/:id/submission", "demo"), { intent: "submit", submittedOn: "2021-02-26", channel: "email" }, cookies.otherAdmin)).status).toBe(404);
    expect((await submit("demo", cookies.secretariat)).status).toBe(302);
    expect((await submit("other", cookies.otherAdmin)).status).toBe(302);
    const idOf = (org: "demo" | "other") => (db.prepare("select id from submissions where response_id = ?").get(responseIds[org]) as { id: number }).id;
    const own = { admin: 200, secretariat: 200, editor: 403, member: 403, viewer: 403 };
    for (const format of ["docx", "md", "pdf"])
      for (const role of ROLES) {
        const path = `${url("/o/:org/r/:id", "demo")}/submissions/${idOf("demo")}/${format}`;
        expect((await get(path, cookies[role])).status, `${role} ${format}`).toBe(own[role]);
        // The other organisation's submission id under the demo response, and the other org's URL.
        expect((await get(`${url("/o/:org/r/:id", "demo")}/submissions/${idOf("other")}/${format}`, cookies[role])).status).toBe(role === "admin" || role === "secretariat" ? 404 : 403);
        expect((await get(`${url("/o/:org/r/:id", "other")}/submissions/${idOf("other")}/${format}`, cookies[role])).status).toBe(404);
      }
    expect((await get(`${url("/o/:org/r/:id", "other")}/submissions/${idOf("other")}/docx`, cookies.otherAdmin)).status).toBe(200);
    expect((await get(`${url("/o/:org/r/:id", "demo")}/submissions/${idOf("demo")}/docx`, cookies.otherAdmin)).status).toBe(404);
    expect((await get(`${url("/o/:org/r/:id", "demo")}/submissions/${idOf("demo")}/docx`)).status).toBe(302);
  });

  it("while submitted, the write intents are 423 for those allowed, 403 for the rest, 404 across organisations", async () => {
    const writes: [string, Record<string, string>][] = [
      ["/o/:org/r/:id/work", { intent: "set-status", status: "draft", item: "kap3-tiltak-1.feedback@1" }],
      ["/o/:org/r/:id/work", { intent: "assign", assignee: "none", item: "kap3-tiltak-1.feedback@1" }],
      ["/o/:org/r/:id/submission", { intent: "deadline", internalDeadline: "", version: "1" }],
      ["/o/:org/r/:id/c/kap3", { intent: "save", "kap3-tiltak-1__feedback": "x", "v.kap3-tiltak-1__feedback": "1" }],
      ["/o/:org/r/:id/move", { intent: "move", targetVersionId: "1", plan: "x" }],
    ];
    for (const [path, body] of writes) {
      for (const role of ["admin", "secretariat"] as const) expect((await post(url(path, "demo"), body, cookies[role])).status, `${role} ${path}`).toBe(423);
      for (const role of ["member", "viewer"] as const) expect((await post(url(path, "demo"), body, cookies[role])).status, `${role} ${path}`).toBe(403);
      expect((await post(url(path, "other"), body, cookies.admin)).status).toBe(404);
    }
    // Presence is no write: every reader may still be present on the submitted response.
    for (const role of ROLES) expect((await post(url("/o/:org/r/:id/presence", "demo"), { intent: "here", tab: "submitted-tab" }, cookies[role])).status, role).toBe(204);
    // Submitting again is a 409; reopening is the admin's (secretariat 403).
    const again = await post(url("/o/:org/r/:id/submission", "demo"), { intent: "submit", submittedOn: "2021-02-26", channel: "email" }, cookies.secretariat);
    expect(again.status).toBe(409);
    expect((await post(url("/o/:org/r/:id/submission", "demo"), { intent: "reopen", reason: "Feil" }, cookies.secretariat)).status).toBe(403);
    expect((await post(url("/o/:org/r/:id/submission", "demo"), { intent: "reopen", reason: "Feil i teksten" }, cookies.otherAdmin)).status).toBe(404);
    expect((await post(url("/o/:org/r/:id/submission", "demo"), { intent: "reopen", reason: "Feil i teksten" }, cookies.admin)).status).toBe(302);
    // Reopened: the other organisation's admin as assignee is refused (400, nothing written).
    const key = "kap3-tiltak-1.feedback";
    const row = () => db.prepare("select assignee_id as a, version as v from question_work where response_id = ? and question_key = ?").get(responseIds.demo, key) as { a: number | null; v: number };
    const before = row();
    const foreign = await post(url("/o/:org/r/:id/work", "demo"), { intent: "assign", assignee: String(ctxBase.memberUserId.other), item: `${key}@${before.v}` }, cookies.admin);
    expect(foreign.status).toBe(400);
    expect(row()).toEqual(before);
  });
});

// Not organisation-scoped: every signed-in user has their own notifications.
describe("notifications (/notifications), every role", () => {
  for (const role of ROLES) {
    it(`${role} GET /notifications → 200; POST readAll → 302`, async () => {
      expect((await get("/notifications", cookies[role])).status).toBe(200);
      expect((await post("/notifications", { intent: "readAll" }, cookies[role])).status).toBe(302);
    });
  }
  it("another user's notification id → 404; bad input → 400; signed out → /login", async () => {
    const foreign = db.prepare("select n.id from notifications n join users u on u.id = n.user_id where u.email = 'kari@demo.no' limit 1").get() as { id: number };
    for (const who of [...ROLES.map((r) => cookies[r]), cookies.otherAdmin]) {
      expect((await post("/notifications", { intent: "read", id: String(foreign.id) }, who)).status).toBe(404);
      expect((await post("/notifications", { intent: "open", id: String(foreign.id) }, who)).status).toBe(404);
    }
    expect((await post("/notifications", { intent: "read", id: "x" }, cookies.admin)).status).toBe(400);
    expect((await get("/notifications")).headers.get("location")).toBe("/login?redirectTo=%2Fnotifications");
    expect((await post("/notifications", { intent: "readAll" })).status).toBe(302);
  });
  it("the other org's admin sees no notification from the demo organisation", async () => {
    const res = await formRequest(server.url, "/notifications", { cookie: cookies.otherAdmin });
    expect(res.html).not.toContain("nmf-demo");
  });
});

// Not organisation-scoped: every signed-in user has their own account page, whatever their role.
// Last in the file: "sign out everywhere" ends the sessions the rows above use.
describe("account mail routes (/forgot, /reset/:token, /signup/resend): public, the same for everyone", () => {
  // Public by design: signed out and every role get the same status; an unknown token is 404
  // and a POST to it changes nothing.
  const who: [string, () => string | undefined][] = [["signed out", () => undefined], ...ROLES.map((r) => [r, () => cookies[r]] as [string, () => string | undefined]), ["other org's admin", () => cookies.otherAdmin]];
  for (const [name, cookie] of who) {
    it(`${name}: GET /forgot 200, /signup/resend 200, /reset/<unknown> 404`, async () => {
      expect((await get("/forgot", cookie())).status).toBe(200);
      expect((await get("/signup/resend", cookie())).status).toBe(200);
      expect((await get("/reset/ikke-en-gyldig-lenke", cookie())).status).toBe(404);
    });
    it(`${name}: POST /reset/<unknown> → 404; POST /forgot, /signup/resend with a bad address → 400`, async () => {
      expect((await post("/reset/ikke-en-gyldig-lenke", { password: "et-helt-nytt-passord", confirm: "et-helt-nytt-passord" }, cookie())).status).toBe(404);
      expect((await post("/forgot", { email: "a@b@c.no" }, cookie())).status).toBe(400);
      expect((await post("/signup/resend", { email: "" }, cookie())).status).toBe(400);
    });
  }
});

describe("account page (/account), every role", () => {
  for (const role of ROLES) {
    it(`${role} GET /account → 200`, async () => {
      expect((await get("/account", cookies[role])).status).toBe(200);
    });
    it(`${role} POST changePassword with a wrong current password → 400`, async () => {
      const body = { intent: "changePassword", currentPassword: "not-the-password", newPassword: "et-helt-nytt-passord" };
      expect((await post("/account", body, cookies[role])).status).toBe(400);
    });
  }
  for (const role of ROLES)
    it(`${role} POST mailSettings → 302 /account?saved=mail, only their own settings`, async () => {
      const body = { intent: "mailSettings", mention: "daily", reply: "off", resolved: "daily", assigned: "immediate", reminder: "off" };
      const res = await post("/account", body, cookies[role]);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/account?saved=mail#mail");
    });
  it("POST mailSettings with a mode a kind does not have → 400", async () => {
    for (const bad of [{ reminder: "immediate" }, { mention: "hourly" }, { assigned: "" }])
      expect((await post("/account", { intent: "mailSettings", mention: "daily", reply: "off", resolved: "daily", assigned: "daily", reminder: "off", ...bad }, cookies.admin)).status).toBe(400);
  });
  it("/unsubscribe/<forged>: 400 for everyone, signed in or not; nothing changed", async () => {
    const before = db.prepare("select * from mail_preferences order by user_id, kind").all();
    for (const cookie of [undefined, cookies.admin, cookies.otherAdmin]) {
      expect((await get("/unsubscribe/1.mention.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", cookie)).status).toBe(400);
      expect((await post("/unsubscribe/1.mention.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", { "List-Unsubscribe": "One-Click" }, cookie)).status).toBe(400);
      expect((await post("/unsubscribe/nonsense", {}, cookie)).status).toBe(400);
    }
    expect(db.prepare("select * from mail_preferences order by user_id, kind").all()).toEqual(before);
  });
  it("other org's admin GET /account → 200 (it is their own)", async () => {
    expect((await get("/account", cookies.otherAdmin)).status).toBe(200);
  });
  it("bad intent → 400", async () => {
    expect((await post("/account", { intent: "nonsense" }, cookies.admin)).status).toBe(400);
  });
  for (const body of [{}, { intent: "changePassword" }, { intent: "signOutEverywhere" }, { intent: "mailSettings" }] as Record<string, string>[])
    it(`signed out POST /account ${JSON.stringify(body)} → 302 /login`, async () => {
      const res = await post("/account", body);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/login?redirectTo=%2Faccount");
    });
  it("signed out GET /account → 302 /login", async () => {
    expect((await get("/account")).headers.get("location")).toBe("/login?redirectTo=%2Faccount");
  });
  for (const role of ROLES)
    it(`${role} POST signOutEverywhere → 302 /login, and only their sessions end`, async () => {
      const res = await post("/account", { intent: "signOutEverywhere" }, cookies[role]);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/login");
      expect((await get("/account", cookies[role])).status).toBe(302);
      expect((await get("/account", cookies.otherAdmin)).status).toBe(200);
    });
});
