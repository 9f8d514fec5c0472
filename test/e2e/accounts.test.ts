/** Sign-up (confirmed by e-mail), sign-in (rate limited), sign-out, organisations and invites through the real forms. */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, lastMail, signIn, signUp as signUpFlow, startServer, type TestServer } from "../support/server";
import { serverDb, type ServerDb } from "../support/server-db";

let server: TestServer;
let db: ServerDb;

beforeAll(async () => {
  server = await startServer();
  db = await serverDb(server.dbFile);
});
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

const post = (path: string, body: Record<string, string>, cookie?: string) => formRequest(server.url, path, { body, cookie });

const get = (path: string, cookie?: string) => formRequest(server.url, path, { cookie });

const signUp = (email: string, name: string, redirectTo?: string) => signUpFlow(server, { email, name, password: "et-langt-passord", redirectTo });

describe("sign-up", () => {
  it("returns the form with field messages and the input kept, except the password", async () => {
    const { res, html } = await post("/signup", { email: "ikke-epost", name: "Kari Nordmann", password: "kort-pass" });
    expect(res.status).toBe(400);
    expect(html).toContain('value="Kari Nordmann"');
    expect(html).toContain('value="ikke-epost"');
    expect(html).not.toContain("kort-pass");
    expect(html).toContain("Skriv en gyldig e-postadresse");
    expect(html).toContain("Passordet må ha minst 12 tegn.");
    expect(html).toMatch(/aria-invalid="true" aria-describedby="signup-email-error"/);
  });

  it("answers a taken e-mail like a new one, mails the owner, stores only a scrypt hash, and sends new users to create an organisation", async () => {
    const taken = await post("/signup", { email: "ADMIN@demo.no", name: "Noen", password: "et-langt-passord" });
    expect(taken.res.status).toBe(200);
    expect(taken.html).toContain("Vi har laget en e-post til admin@demo.no, men e-post er ikke satt opp på denne serveren");
    expect((await lastMail(server.dbFile, "admin@demo.no"))?.subject).toBe("Noen prøvde å opprette en konto med e-postadressen din");
    // The existing account is untouched: its password still works.
    await signIn(server.url, "admin@demo.no");
    // Before confirming, the new account cannot sign in.
    await post("/signup", { email: "ny@eksempel.no", name: "Ny Bruker", password: "et-langt-passord" });
    const early = await post("/login", { email: "ny@eksempel.no", password: "et-langt-passord" });
    expect(early.res.status).toBe(400);
    expect(early.html).toContain("Kontoen er ikke bekreftet ennå.");
    // (Signing up again for the pending address would change nothing: the takeover test covers that.)
    const { location } = await signUp("ny2@eksempel.no", "Ny Bruker");
    expect(location).toBe("/orgs/new");
    const row = (await db.get<{ password_hash: string }>("select password_hash from users where email = ?", "ny2@eksempel.no"))!;
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain("et-langt-passord");
  });
});

describe("sign-in and sign-out", () => {
  it("gives one message for a wrong password and keeps the e-mail", async () => {
    const { res, html } = await post("/login", { email: "admin@demo.no", password: "feil-passord" });
    expect(res.status).toBe(400);
    expect(html).toContain("Feil e-post eller passord.");
    expect(html).toContain('value="admin@demo.no"');
    expect(html).not.toContain("feil-passord");
  });

  it("rate-limits an account after 5 failures, the same way for unknown accounts", async () => {
    await signUp("sperret@eksempel.no", "Sperret");
    for (const email of ["sperret@eksempel.no", "finnes-ikke@eksempel.no"]) {
      for (let i = 0; i < 5; i++) expect((await post("/login", { email, password: "feil-passord" })).res.status).toBe(400);
      // Even the right password is refused now.
      const blocked = await post("/login", { email, password: "et-langt-passord" });
      expect(blocked.res.status).toBe(429);
      expect(blocked.html).toMatch(/For mange mislykkede forsøk\. Prøv igjen om 1[45] minutter\./);
    }
    // Other accounts from the same address are unaffected (the per-IP limit is 20).
    await signIn(server.url, "leser@demo.no");
  });

  it("signing out deletes the session, so the old cookie stops working", async () => {
    const cookie = await signIn(server.url, "medlem@demo.no");
    expect((await get("/o/nmf-demo", cookie)).res.status).toBe(200);
    const sessions = async () => (await db.get<{ n: number }>("select count(*) as n from sessions"))!.n;
    const before = await sessions();
    const out = await post("/logout", {}, cookie);
    expect(out.res.status).toBe(302);
    expect(await sessions()).toBe(before - 1);
    const again = await get("/o/nmf-demo", cookie);
    expect(again.res.status).toBe(302);
    expect(again.res.headers.get("location")).toBe("/login?redirectTo=%2Fo%2Fnmf-demo");
  });

  it("returns to the page that asked for sign-in, and never to another site", async () => {
    const ok = await post("/login", { email: "leser@demo.no", password: "demo-passord", redirectTo: "/o/nmf-demo" });
    expect(ok.res.headers.get("location")).toBe("/o/nmf-demo");
    const evil = await post("/login", { email: "leser@demo.no", password: "demo-passord", redirectTo: "//evil.example" });
    expect(evil.res.headers.get("location")).toBe("/");
  });
});

describe("organisations", () => {
  it("creates an organisation with a unique slug, makes the creator admin, and shows it in the header", async () => {
    const { cookie } = await signUp("stifter@eksempel.no", "Stifter");
    const bad = await post("/orgs/new", { name: " " }, cookie);
    expect(bad.res.status).toBe(400);
    const first = await post("/orgs/new", { name: "Norsk Ølforening" }, cookie);
    expect(first.res.headers.get("location")).toBe("/o/norsk-olforening");
    const second = await post("/orgs/new", { name: "Norsk ølforening" }, cookie);
    expect(second.res.headers.get("location")).toBe("/o/norsk-olforening-2");
    const home = await get("/", cookie);
    expect(home.html).toContain('href="/o/norsk-olforening"');
    expect((await get("/o/norsk-olforening/members", cookie)).res.status).toBe(200);
    // The only admin cannot demote themselves.
    const userId = (await db.get<{ id: number }>("select id from users where email = ?", "stifter@eksempel.no"))!.id;
    const demote = await post("/o/norsk-olforening/members", { intent: "changeRole", userId: String(userId), role: "editor", version: "1" }, cookie);
    expect(demote.res.status).toBe(409);
    expect(demote.html).toContain("Organisasjonen må ha minst én administrator.");
    const leave = await post("/o/norsk-olforening/members", { intent: "remove", userId: String(userId), version: "1" }, cookie);
    expect(leave.res.status).toBe(409);
  });
});

describe("invites", () => {
  const adminCookie = () => signIn(server.url, "admin@demo.no");

  async function createInvite(role: string): Promise<string> {
    const { res, html } = await post("/o/nmf-demo/members", { intent: "invite", role }, await adminCookie());
    expect(res.status).toBe(200);
    const link = html.match(/value="(http:\/\/[^"]+\/invite\/([A-Za-z0-9_-]+))"/);
    expect(link).not.toBeNull();
    return link![2]!;
  }

  it("stores only the token's hash (and the nonce it is derived from); the pending invite's link is shown again", async () => {
    const token = await createInvite("viewer");
    const row = (await db.get<{ link_nonce: string }>("select token_hash, link_nonce from invites where token_hash = ?", createHash("sha256").update(token).digest("hex")))!;
    expect(row).toBeDefined();
    expect(JSON.stringify(await db.all("select * from invites"))).not.toContain(token);
    const page = await get("/o/nmf-demo/members", await adminCookie());
    expect(page.html).toContain(`/invite/${token}`);
    expect(page.html).toContain("Ubrukte invitasjoner");
  });

  it("takes a signed-out visitor through sign-up and back, then is used up", async () => {
    const token = await createInvite("editor");
    const invitePath = `/invite/${token}`;
    const page = await get(invitePath);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("Du er invitert til Norsk medisinstudentforening (demo) som Redaktør.");
    expect(page.html).toContain(`href="/signup?redirectTo=${encodeURIComponent(invitePath)}"`);

    const { cookie, location } = await signUp("invitert@eksempel.no", "Invitert", invitePath);
    expect(location).toBe(invitePath);
    expect((await get("/o/nmf-demo", cookie)).res.status).toBe(404); // not a member yet
    expect((await get(invitePath, cookie)).html).toContain("Bli med i Norsk medisinstudentforening (demo)");
    const accepted = await post(invitePath, {}, cookie);
    expect(accepted.res.status).toBe(302);
    expect(accepted.res.headers.get("location")).toBe("/o/nmf-demo");
    expect((await get("/o/nmf-demo", cookie)).res.status).toBe(200);
    const role = (await db.get<{ role: string }>("select m.role from memberships m join users u on u.id = m.user_id where u.email = ?", "invitert@eksempel.no"))!;
    expect(role.role).toBe("editor");

    // Single use: the next person gets a clear message and no membership.
    const { cookie: late } = await signUp("for-sent@eksempel.no", "For Sent");
    const reused = await post(invitePath, {}, late);
    expect(reused.res.status).toBe(410);
    expect(reused.html).toContain("Invitasjonslenken er allerede brukt.");
    expect((await get("/o/nmf-demo", late)).res.status).toBe(404);
  });

  it("refuses expired and unknown links with a clear message", async () => {
    const token = await createInvite("member");
    await db.run("update invites set expires_at = ? where token_hash = ?", Date.now() - 1000, createHash("sha256").update(token).digest("hex"));
    const { cookie } = await signUp("utlopt@eksempel.no", "Utløpt");
    const expired = await get(`/invite/${token}`, cookie);
    expect(expired.res.status).toBe(410);
    expect(expired.html).toContain("Invitasjonslenken er utløpt.");
    expect((await post(`/invite/${token}`, {}, cookie)).res.status).toBe(410);
    const unknown = await get("/invite/finnes-ikke", cookie);
    expect(unknown.res.status).toBe(404);
    expect(unknown.html).toContain("Invitasjonslenken er ugyldig eller trukket tilbake.");
  });

  it("sends a signed-out visitor who posts the accept form to sign in", async () => {
    const token = await createInvite("member");
    const res = await post(`/invite/${token}`, {});
    expect(res.res.status).toBe(302);
    expect(res.res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/invite/${token}`)}`);
  });
});

describe("members page concurrency", () => {
  it("refuses a role change made from a stale page with 409 and says why", async () => {
    const cookie = await signIn(server.url, "admin@demo.no");
    const memberId = String((await db.get<{ id: number }>("select id from users where email = ?", "medlem@demo.no"))!.id);
    // Two admin tabs both loaded the page at version 1; the first change wins.
    const first = await post("/o/nmf-demo/members", { intent: "changeRole", userId: memberId, role: "editor", version: "1" }, cookie);
    expect(first.res.status).toBe(302);
    const second = await post("/o/nmf-demo/members", { intent: "changeRole", userId: memberId, role: "viewer", version: "1" }, cookie);
    expect(second.res.status).toBe(409);
    expect(second.html).toContain("Noen andre endret dette medlemskapet");
    const removal = await post("/o/nmf-demo/members", { intent: "remove", userId: memberId, version: "1" }, cookie);
    expect(removal.res.status).toBe(409);
    const row = await db.get("select m.role, m.version from memberships m where m.user_id = ?", Number(memberId));
    expect(row).toEqual({ role: "editor", version: 2 });
  });
});

describe("session housekeeping", () => {
  it("drops expired sessions when someone signs in", async () => {
    const userId = (await db.get<{ id: number }>("select id from users where email = ?", "leser@demo.no"))!.id;
    const writer = await serverDb(server.dbFile);
    await writer.run("insert into sessions (id, user_id, expires_at) values (?, ?, ?)", "expired-session", userId, Date.now() - 1000);
    await writer.close();
    await signIn(server.url, "leser@demo.no");
    expect(await db.get("select count(*) as n from sessions where id = ?", "expired-session")).toEqual({ n: 0 });
    expect((await db.get<{ n: number }>("select count(*) as n from sessions where user_id = ?", userId))!.n).toBeGreaterThan(0);
  });
});
