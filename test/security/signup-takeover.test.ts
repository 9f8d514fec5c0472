/**
 * Outside review finding: account takeover before confirmation. An attacker signed up a second
 * time for an address still waiting for confirmation; that replaced the owner's password and
 * killed the owner's link, and the owner, confirming from the newest mail (which carried the
 * attacker's chosen name, a URL), activated the attacker's password. Reproduced against the
 * built server with a real SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDb } from "../support/server-db";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";
import { linkIn, startSmtp, type TestSmtp } from "../support/smtp";

/** PUBLIC_URL: the server's own address (set once it listens), so mail links are followed as a person would. */
let PUBLIC = "";
let smtp: TestSmtp;
let server: TestServer;
beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, PUBLIC_URL: "self", MAIL_FROM: "noreply@hoering.example.test", MAIL_POLL_MS: "100" });
  PUBLIC = server.url;
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});
const post = (path: string, body: Record<string, string>) => formRequest(server.url, path, { body });

describe("sign-up takeover before confirmation", () => {
  it("a second sign-up for a pending address changes nothing; the owner's link and password stay; the mail has no link-like name", async () => {
    const victim = "offer@eksempel.no";
    const owner = await post("/signup", { name: "Offer", email: victim, password: "offerets-passord-1" });
    const db = await serverDb(server.dbFile, { readonly: true });
    const snapshot = async () => ({
      users: await db.all("select * from users where email = ?", victim),
      tokens: await db.all("select t.* from email_tokens t join users u on u.id = t.user_id where u.email = ?", victim),
    });
    const before = await snapshot();
    const attackerName = "Kundeservice https://evil.example/login www.evil.example " + "x".repeat(10_000);
    const attacker = await post("/signup", { name: attackerName.slice(0, 100), email: victim, password: "angriperens-passord" });
    const longName = await post("/signup", { name: attackerName, email: victim, password: "angriperens-passord" });
    expect(longName.res.status).toBe(400);
    expect(longName.html).toContain("Teksten er for lang.");
    // Same answer as for the owner; nothing stored changed.
    const normalise = (html: string) => html.replace(/nonce="[^"]*"/g, "nonce");
    expect(attacker.res.status).toBe(owner.res.status);
    expect(normalise(attacker.html)).toBe(normalise(owner.html));
    expect(await snapshot()).toEqual(before);
    await db.close();

    const mails = await smtp.waitFor(2);
    const toVictim = mails.filter((m) => m.envelopeTo.includes(victim));
    expect(toVictim).toHaveLength(2);
    const [confirmMail, notice] = toVictim;
    expect(notice!.parsed.subject).toBe("Noen prøvde å opprette en konto med e-postadressen din");
    // The notice links to sign-in help only, carries no confirmation link, and no trace of the attacker's name.
    expect(notice!.parsed.text).not.toMatch(/\/confirm\//);
    expect(notice!.parsed.text).toContain(`${PUBLIC}/forgot`);
    for (const m of toVictim) {
      expect(m.raw).not.toContain("evil.example");
      expect(m.parsed.html || "").not.toContain("evil");
    }
    // The owner confirms from the first mail; only the owner's password works.
    const link = linkIn(confirmMail!, PUBLIC, "/confirm/")!.slice(PUBLIC.length);
    expect((await post(link, {})).res.status).toBe(302);
    expect((await post("/login", { email: victim, password: "angriperens-passord" })).res.status).toBe(400);
    await signIn(server.url, victim, "offerets-passord-1");
  });

  it("a name with a URL in the owner's own confirmation mail is not a link", async () => {
    const before = smtp.received.length;
    await post("/signup", { name: "Ola https://evil.example/x", email: "ola.url@eksempel.no", password: "et-langt-passord-1" });
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail!.parsed.text).toContain("Hei Ola https evil·example/x!");
    expect(mail!.parsed.text).not.toContain("evil.example");
    expect(mail!.parsed.html).not.toContain("evil.example");
  });
});
