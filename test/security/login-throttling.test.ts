/**
 * Finding 1: sign-in throttling races and owner lockout. TRUST_PROXY=loopback lets each scenario
 * come from its own client address (X-Forwarded-For), so the per-IP limit of one scenario does not
 * leak into the next.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDb, type ServerDb } from "../support/server-db";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let second: TestServer | undefined;
let db: ServerDb;

beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: "loopback" });
  db = await serverDb(server.dbFile, { readonly: true });
});
afterAll(async () => {
  await db?.close();
  await second?.stop();
  await server?.stop();
});

function login(base: string, email: string, password: string, ip: string, cookie?: string) {
  return fetch(`${base}/login`, {
    method: "POST",
    headers: { "x-forwarded-for": ip, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
    redirect: "manual",
  });
}

/** Logged security events of a type for an address (`detail` is JSON text on both engines). */
const eventsFor = async (type: string, email: string) =>
  (await db.all<{ detail: string | null }>("select detail from security_events where type = ?", type)).filter(
    (r) => r.detail !== null && (JSON.parse(r.detail) as { email?: unknown }).email === email,
  ).length;
/** Password checks that ran and failed for an address: each is one logged `login.failure`. */
const failedChecks = (email: string) => eventsFor("login.failure", email);

const statuses = (responses: Response[]) => responses.map((r) => r.status).sort();

describe("sign-in throttling", () => {
  it("100 parallel wrong passwords for one account run at most 5 password checks", async () => {
    const results = await Promise.all(Array.from({ length: 100 }, () => login(server.url, "styret@demo.no", "feil-passord-x", "10.1.0.1")));
    const codes = statuses(results);
    expect(codes.filter((s) => s === 400).length).toBeLessThanOrEqual(5);
    expect(codes.filter((s) => s !== 400 && s !== 429)).toEqual([]);
    expect(await failedChecks("styret@demo.no")).toBeGreaterThan(0);
    expect(await failedChecks("styret@demo.no")).toBeLessThanOrEqual(5);
  });

  it("200 parallel failures from one IP: at most 20 get past the limit", async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login(server.url, `ukjent-${i}@eksempel.no`, "feil-passord-x", "10.2.0.1")),
    );
    const passed = results.filter((r) => r.status !== 429);
    expect(passed.length).toBeGreaterThan(0);
    expect(passed.length).toBeLessThanOrEqual(20);
  });

  it("the owner signing in from a known device is not locked out by 5 wrong passwords from elsewhere; the lockout is logged", async () => {
    // The owner signed in on this browser before: it holds the signed "known device" cookie.
    const first = await login(server.url, "medlem@demo.no", "demo-passord", "10.3.0.1");
    expect(first.status).toBe(302);
    const device = first.headers.getSetCookie().find((c) => c.startsWith("hs_device="))!.split(";")[0]!;
    expect(device).toBeTruthy();

    for (let i = 0; i < 5; i++) expect((await login(server.url, "medlem@demo.no", "gjetting-nr-" + i, "10.3.0.2")).status).toBe(400);
    // The attacker's client is throttled, even with the right password ...
    expect((await login(server.url, "medlem@demo.no", "demo-passord", "10.3.0.2")).status).toBe(429);
    // ... the owner's device is not, even from a new address.
    expect((await login(server.url, "medlem@demo.no", "demo-passord", "10.3.0.9", device)).status).toBe(302);
    expect(await eventsFor("login.lockout", "medlem@demo.no")).toBe(1);
  });

  it("holds across two server processes on one database", async () => {
    second = await startServer({ TRUST_PROXY: "loopback", DATABASE_URL: server.dbFile, SEED_DEMO: "0" });
    const bases = [server.url, second.url];
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login(bases[i % 2]!, "sekretariat@demo.no", "feil-passord-x", "10.4.0.1")),
    );
    expect(results.filter((r) => r.status === 400).length).toBeLessThanOrEqual(5);
    expect(await failedChecks("sekretariat@demo.no")).toBeLessThanOrEqual(5);
    expect(await failedChecks("sekretariat@demo.no")).toBeGreaterThan(0);
  });
});
