/** Finding 5: the security event log, for an organisation's admin and on the user's own account page. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDb, type ServerDb } from "../support/server-db";
import { formRequest, signIn, signUp, startServer, type TestServer } from "../support/server";

let server: TestServer;
let db: ServerDb;
let admin: string;
let responseId: number;

beforeAll(async () => {
  server = await startServer();
  db = await serverDb(server.dbFile, { readonly: true });
  admin = await signIn(server.url, "admin@demo.no");
  responseId = (await db.get<{ id: number }>("select id from responses limit 1"))!.id;
});
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

const get = (path: string, cookie?: string) => formRequest(server.url, path, { cookie });
const post = (path: string, body: Record<string, string>, cookie?: string) => formRequest(server.url, path, { body, cookie });

describe("organisation security log", () => {
  it("records role changes, removals, invites and exports, newest first, for the admin", async () => {
    const memberId = String((await db.get<{ id: number }>("select id from users where email = ?", "medlem@demo.no"))!.id);
    expect((await post("/o/nmf-demo/members", { intent: "invite", role: "viewer" }, admin)).res.status).toBe(200);
    expect((await post("/o/nmf-demo/members", { intent: "changeRole", userId: memberId, role: "viewer", version: "1" }, admin)).res.status).toBe(302);
    expect((await get(`/o/nmf-demo/r/${responseId}/export.md`, admin)).res.status).toBe(200);
    expect((await get(`/o/nmf-demo/r/${responseId}/export.docx`, admin)).res.status).toBe(200);
    expect((await post("/o/nmf-demo/members", { intent: "remove", userId: memberId, version: "2" }, admin)).res.status).toBe(302);

    const { res, html } = await get("/o/nmf-demo/security", admin);
    expect(res.status).toBe(200);
    const order = ["Medlem fjernet", "Eksport", "Rolle endret", "Invitasjon laget"].map((label) => html.indexOf(`<td>${label}</td>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain("format: docx");
    expect(html).toContain("admin@demo.no");
  });

  it("includes sign-ins and failed attempts of the organisation's members, not of others", async () => {
    await signIn(server.url, "leser@demo.no");
    await post("/login", { email: "styret@demo.no", password: "feil-passord-her" });
    const outsider = await signUp(server, { email: "utenfor@eksempel.no", name: "Ute Utenfor", password: "et langt og sjeldent passord" });
    expect(outsider).toBeTruthy();
    const { html } = await get("/o/nmf-demo/security", admin);
    expect(html).toContain("leser@demo.no");
    expect(html).toContain("styret@demo.no");
    expect(html).not.toContain("utenfor@eksempel.no");
  });

  it("is admin only: other roles 403, another organisation's admin 404, signed out to /login", async () => {
    for (const email of ["sekretariat@demo.no", "styret@demo.no", "leser@demo.no"])
      expect((await get("/o/nmf-demo/security", await signIn(server.url, email))).res.status).toBe(403);
    const { cookie } = await signUp(server, { email: "fremmed@eksempel.no", name: "Fremmed", password: "et-langt-passord" });
    expect((await post("/orgs/new", { name: "Fremmed forening" }, cookie)).res.status).toBe(302);
    expect((await get("/o/nmf-demo/security", cookie)).res.status).toBe(404);
    expect((await get("/o/fremmed-forening/security", admin)).res.status).toBe(404);
    const own = await get("/o/fremmed-forening/security", cookie);
    expect(own.res.status).toBe(200);
    expect(own.html).not.toContain("nmf-demo");
    expect(own.html).toContain("Organisasjonen ble opprettet");
    expect((await get("/o/nmf-demo/security")).res.headers.get("location")).toBe("/login?redirectTo=%2Fo%2Fnmf-demo%2Fsecurity");
  });

  it("pages by 50", async () => {
    for (let i = 0; i < 55; i++) await post("/o/nmf-demo/members", { intent: "invite", role: "viewer" }, admin);
    const first = await get("/o/nmf-demo/security", admin);
    const next = first.html.match(/href="\/o\/nmf-demo\/security\?before=(\d+)"/);
    expect(next).not.toBeNull();
    expect(first.html.match(/<tr>/g)!.length).toBe(51); // header + 50
    const second = await get(`/o/nmf-demo/security?before=${next![1]}`, admin);
    expect(second.res.status).toBe(200);
    expect(second.html).toContain("Rolle endret");
  });
});

describe("account page", () => {
  it("shows the user's own recent sign-ins and failed attempts", async () => {
    await post("/login", { email: "styret@demo.no", password: "feil-passord-1" });
    const cookie = await signIn(server.url, "styret@demo.no");
    const { res, html } = await get("/account", cookie);
    expect(res.status).toBe(200);
    expect(html).toContain("Siste innlogginger");
    expect(html).toContain("innlogget");
    expect(html).toContain("mislykket forsøk");
    expect(html).toContain("Bytt passord");
    expect(html).toContain("Logg ut på alle enheter");
  });
});
