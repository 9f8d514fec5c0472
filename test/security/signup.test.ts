/** Finding 3: password rules, and a sign-up form that does not reveal which addresses have accounts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDb } from "../support/server-db";
import { formRequest, lastMail, signIn, signUp, startServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const post = (path: string, body: Record<string, string>, cookie?: string) => formRequest(server.url, path, { body, cookie });

describe("password rules", () => {
  const cases: [string, string][] = [
    ["aaaaaaaaaa", "Passordet må ha minst 12 tegn."],
    ["1234567890", "Passordet må ha minst 12 tegn."],
    ["          ", "Passordet kan ikke bare bestå av mellomrom."],
    ["passwordpassword", "Dette er et vanlig passord"],
    ["aaaaaaaaaaaaaaaa", "Passordet kan ikke være samme tegn eller ord gjentatt."],
    ["qwertyuiop12", "Dette er et vanlig passord"],
  ];
  for (const [password, message] of cases)
    it(`refuses ${JSON.stringify(password)} naming the rule`, async () => {
      const { res, html } = await post("/signup", { email: "svak@eksempel.no", name: "Svak", password });
      expect(res.status).toBe(400);
      expect(html).toContain(message);
      expect(html).toContain('value="svak@eksempel.no"');
      // The strength hint, computed on the server.
      expect(html).toContain("Passordstyrke:");
    });

  it("applies the same rules to a password change", async () => {
    const cookie = await signIn(server.url, "leser@demo.no");
    const { res, html } = await post("/account", { intent: "changePassword", currentPassword: "demo-passord", newPassword: "passwordpassword" }, cookie);
    expect(res.status).toBe(400);
    expect(html).toContain("Dette er et vanlig passord");
  });
});

describe("no account enumeration", () => {
  it("a taken and a new address get the same status and the same page", async () => {
    const taken = await post("/signup", { email: "admin@demo.no", name: "Kari", password: "et-langt-passord" });
    const fresh = await post("/signup", { email: "ny-adresse@eksempel.no", name: "Kari", password: "et-langt-passord" });
    expect(taken.res.status).toBe(fresh.res.status);
    // The CSP nonce differs per response by design; everything else must be identical.
    const normalise = (html: string, email: string) => html.replaceAll(email, "EMAIL").replace(/nonce="[^"]*"/g, "nonce");
    expect(normalise(taken.html, "admin@demo.no")).toBe(normalise(fresh.html, "ny-adresse@eksempel.no"));
    expect(taken.cookie).toBeUndefined();
    expect(fresh.cookie).toBeUndefined();
    // Only the mailbox owner learns the difference.
    expect((await lastMail(server.dbFile, "admin@demo.no"))?.body).toContain("du har allerede en konto");
    expect((await lastMail(server.dbFile, "ny-adresse@eksempel.no"))?.body).toMatch(/\/confirm\/[A-Za-z0-9_-]{43}/);
  });

  it("the confirmation link is single-use, expires, stores only a hash, and the account works only after it", async () => {
    const { cookie, location } = await signUp(server, { email: "bekreft@eksempel.no", name: "Bekreft", password: "et-langt-passord" });
    expect(location).toBe("/orgs/new");
    expect((await formRequest(server.url, "/account", { cookie })).res.status).toBe(200);
    const token = (await lastMail(server.dbFile, "bekreft@eksempel.no"))!.body.match(/\/confirm\/([A-Za-z0-9_-]+)/)![1]!;
    expect((await post(`/confirm/${token}`, {})).res.status).toBe(410);
    const db = await serverDb(server.dbFile, { readonly: true });
    const row = (await db.get<{ n: number }>("select count(*) as n from email_tokens where token_hash = ?", token))!;
    expect(row.n).toBe(0);
    await db.close();

    await post("/signup", { email: "sen@eksempel.no", name: "Sen", password: "et-langt-passord" });
    const late = (await lastMail(server.dbFile, "sen@eksempel.no"))!.body.match(/\/confirm\/([A-Za-z0-9_-]+)/)![1]!;
    const writer = await serverDb(server.dbFile);
    await writer.run("update email_tokens set expires_at = ?", Date.now() - 1000);
    await writer.close();
    expect((await post(`/confirm/${late}`, {})).res.status).toBe(410);
    expect((await post("/login", { email: "sen@eksempel.no", password: "et-langt-passord" })).res.status).toBe(400);
  });
});
