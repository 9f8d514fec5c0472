/** Finding 4: idle and absolute session lifetime, sign out everywhere, password change, __Host- cookie. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDb, type ServerDb } from "../support/server-db";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";

let server: TestServer;
let db: ServerDb;

beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: "loopback" });
  db = await serverDb(server.dbFile);
});
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

const get = (path: string, cookie?: string) => formRequest(server.url, path, { cookie });
const post = (path: string, body: Record<string, string>, cookie?: string) => formRequest(server.url, path, { body, cookie });
const sessionIdOf = (cookie: string) => {
  // The cookie value is the signed, base64-encoded JSON of the id.
  const value = decodeURIComponent(cookie.split("=")[1]!);
  return JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf(".")), "base64").toString("utf8")) as string;
};
const row = async (cookie: string) =>
  await db.get<{ last_seen_at: number; expires_at: number; created_at: number }>("select last_seen_at, expires_at, created_at from sessions where id = ?", sessionIdOf(cookie));
const signedIn = async (cookie: string) => (await get("/account", cookie)).res.status === 200;

describe("session lifetime", () => {
  it("lasts at most 14 days, and the cookie says so", async () => {
    const res = await fetch(`${server.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ email: "leser@demo.no", password: "demo-passord" }),
      redirect: "manual",
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith("hs_session="))!;
    expect(session).toMatch(/Max-Age=1209600/);
    const r = (await row(session.split(";")[0]!))!;
    expect(r.expires_at - r.created_at).toBe(14 * 86_400_000);
  });

  it("ends after 8 hours without a request (idle)", async () => {
    const cookie = await signIn(server.url, "leser@demo.no");
    expect(await signedIn(cookie)).toBe(true);
    await db.run("update sessions set last_seen_at = ? where id = ?", Date.now() - 8 * 3_600_000 - 60_000, sessionIdOf(cookie));
    const after = await get("/account", cookie);
    expect(after.res.status).toBe(302);
    expect(after.res.headers.get("location")).toBe("/login?redirectTo=%2Faccount");
    expect(await row(cookie)).toBeUndefined();
  });

  it("slides with activity, but writes last-seen at most once a minute", async () => {
    const cookie = await signIn(server.url, "leser@demo.no");
    const seen = (await row(cookie))!.last_seen_at;
    await get("/account", cookie);
    expect((await row(cookie))!.last_seen_at).toBe(seen);
    // 7 hours idle: still valid, and the request moves last-seen to now.
    await db.run("update sessions set last_seen_at = ? where id = ?", Date.now() - 7 * 3_600_000, sessionIdOf(cookie));
    expect(await signedIn(cookie)).toBe(true);
    expect((await row(cookie))!.last_seen_at).toBeGreaterThan(Date.now() - 60_000);
  });

  it("ends at the absolute limit even when active", async () => {
    const cookie = await signIn(server.url, "leser@demo.no");
    await db.run("update sessions set expires_at = ? where id = ?", Date.now() - 1000, sessionIdOf(cookie));
    expect(await signedIn(cookie)).toBe(false);
  });
});

describe("sign out everywhere and password change", () => {
  it("sign out everywhere ends every session of the user, and only theirs", async () => {
    const laptop = await signIn(server.url, "medlem@demo.no");
    const phone = await signIn(server.url, "medlem@demo.no");
    const someoneElse = await signIn(server.url, "styret@demo.no");
    const out = await post("/account", { intent: "signOutEverywhere" }, phone);
    expect(out.res.status).toBe(302);
    expect(out.res.headers.get("location")).toBe("/login");
    expect(await signedIn(laptop)).toBe(false);
    expect(await signedIn(phone)).toBe(false);
    expect(await signedIn(someoneElse)).toBe(true);
  });

  it("a password change needs the current password and ends the user's other sessions", async () => {
    const other = await signIn(server.url, "sekretariat@demo.no");
    const here = await signIn(server.url, "sekretariat@demo.no");
    const wrong = await post("/account", { intent: "changePassword", currentPassword: "feil-passord", newPassword: "et-nytt-langt-passord" }, here);
    expect(wrong.res.status).toBe(400);
    expect(wrong.html).toContain("Nåværende passord er feil.");
    expect(await signedIn(other)).toBe(true);

    const ok = await post("/account", { intent: "changePassword", currentPassword: "demo-passord", newPassword: "et-nytt-langt-passord" }, here);
    expect(ok.res.status).toBe(200);
    expect(ok.html).toContain("Passordet er byttet.");
    expect(await signedIn(here)).toBe(true);
    expect(await signedIn(other)).toBe(false);
    await expect(signIn(server.url, "sekretariat@demo.no")).rejects.toThrow();
    expect(await signedIn(await signIn(server.url, "sekretariat@demo.no", "et-nytt-langt-passord"))).toBe(true);
  });
});

describe("cookie over https", () => {
  it("is __Host-hs_session (Secure, Path=/, no Domain) when Express sees https, and works", async () => {
    const res = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { "x-forwarded-proto": "https" },
      body: new URLSearchParams({ email: "admin@demo.no", password: "demo-passord" }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    const session = res.headers.getSetCookie().find((c) => c.startsWith("__Host-hs_session="))!;
    expect(session).toBeDefined();
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; Path=\//);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).not.toMatch(/Domain=/i);
    const account = await fetch(`${server.url}/account`, {
      headers: { "x-forwarded-proto": "https", cookie: session.split(";")[0]! },
      redirect: "manual",
    });
    expect(account.status).toBe(200);
  });

  it("ignores X-Forwarded-Proto from a client when TRUST_PROXY is not set", async () => {
    const direct = await startServer();
    try {
      const res = await fetch(`${direct.url}/login`, {
        method: "POST",
        headers: { "x-forwarded-proto": "https" },
        body: new URLSearchParams({ email: "admin@demo.no", password: "demo-passord" }),
        redirect: "manual",
      });
      const cookies = res.headers.getSetCookie();
      expect(cookies.find((c) => c.startsWith("hs_session="))).not.toMatch(/Secure/);
      expect(cookies.some((c) => c.startsWith("__Host-"))).toBe(false);
    } finally {
      await direct.stop();
    }
  });
});
