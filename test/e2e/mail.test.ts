/**
 * Real mail end to end: the built server with SMTP_URL pointing at a real SMTP server (smtp-server
 * on a free port), PUBLIC_URL and MAIL_FROM set. A stranger signs up, confirms from the mail,
 * signs in; forgets the password, resets it from the mailed link; only the new one works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";
import { serverDb } from "../support/server-db";
import { linkIn, startSmtp, type TestSmtp } from "../support/smtp";

/** PUBLIC_URL: the server's own address (set once it listens), so mail links are followed as a person would. */
let PUBLIC = "";
let smtp: TestSmtp;
let server: TestServer;

beforeAll(async () => {
  smtp = await startSmtp({ auth: { user: "postmann", pass: "hemmelig" } });
  server = await startServer({ SMTP_URL: smtp.url, PUBLIC_URL: "self", MAIL_FROM: "Høringssvar <noreply@hoering.example.test>", MAIL_POLL_MS: "100", SITE_ADMINS: "admin@demo.no" });
  PUBLIC = server.url;
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

const post = (path: string, body: Record<string, string>, cookie?: string) => formRequest(server.url, path, { body, cookie });
/** The path of the first PUBLIC_URL link in the newest mail to `to`. */
async function mailTo(to: string, count: number) {
  await smtp.waitFor(count);
  const mails = smtp.received.filter((m) => m.envelopeTo.includes(to));
  return mails[mails.length - 1]!;
}
const pathOf = (link: string) => link.slice(PUBLIC.length);

/** The server's log lines about mail, each parsed as JSON (a line that is not JSON fails the test). */
function mailLogLines(output: string): Record<string, unknown>[] {
  const lines = output.split("\n").filter((l) => l.includes("[mail]"));
  expect(lines.length).toBeGreaterThan(0);
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("a stranger with real mail", () => {
  it("signs up, confirms from the mail, signs in with the address kept; forgets and resets the password; only the new one works", async () => {
    const email = "ny.person@eksempel.no";
    const signup = await post("/signup", { name: "Ny Person", email, password: "et-langt-passord-1" });
    expect(signup.res.status).toBe(200);
    expect(signup.html).toContain("Vi har sendt en e-post til ny.person@eksempel.no");
    const confirm = await mailTo(email, 1);
    expect(confirm.parsed.subject).toBe("Bekreft e-postadressen din");
    expect(confirm.parsed.from?.text).toContain("noreply@hoering.example.test");
    expect(confirm.user).toBe("postmann");
    const link = linkIn(confirm, PUBLIC, "/confirm/")!;
    expect(link.startsWith(`${PUBLIC}/confirm/`) && /^[A-Za-z0-9_-]{43}$/.test(link.slice(`${PUBLIC}/confirm/`.length))).toBe(true);
    expect(confirm.parsed.html).toContain(link);

    expect((await formRequest(server.url, pathOf(link))).res.status).toBe(200);
    const confirmed = await post(pathOf(link), {});
    expect(confirmed.res.status).toBe(302);
    const loginPage = await formRequest(server.url, confirmed.res.headers.get("location")!);
    expect(loginPage.html).toContain(`value="${email}"`);
    expect(loginPage.html).toContain("E-postadressen er bekreftet");
    const firstSession = await signIn(server.url, email, "et-langt-passord-1");

    const forgot = await post("/forgot", { email });
    expect(forgot.res.status).toBe(200);
    const reset = await mailTo(email, 2);
    expect(reset.parsed.subject).toBe("Velg et nytt passord");
    const resetLink = linkIn(reset, PUBLIC, "/reset/")!;
    expect(resetLink).toMatch(/\/reset\/[A-Za-z0-9_-]{43}$/);
    const mismatch = await post(pathOf(resetLink), { password: "nytt-langt-passord-2", confirm: "noe-annet-passord" });
    expect(mismatch.res.status).toBe(400);
    expect(mismatch.html).toContain("Passordene er ikke like.");
    const done = await post(pathOf(resetLink), { password: "nytt-langt-passord-2", confirm: "nytt-langt-passord-2" });
    expect(done.res.status).toBe(302);
    expect(done.res.headers.get("location")).toBe(`/login?reset=1&email=${encodeURIComponent(email)}`);
    // Single use; the session from before the reset has ended; only the new password signs in.
    expect((await post(pathOf(resetLink), { password: "tredje-langt-passord", confirm: "tredje-langt-passord" })).res.status).toBe(410);
    expect((await formRequest(server.url, "/account", { cookie: firstSession })).res.status).toBe(302);
    expect((await post("/login", { email, password: "et-langt-passord-1" })).res.status).toBe(400);
    await signIn(server.url, email, "nytt-langt-passord-2");
    const changed = await mailTo(email, 3);
    expect(changed.parsed.subject).toBe("Passordet ditt er endret");
  });

  it("a reset link is dead after an hour", async () => {
    const before = smtp.received.length;
    await post("/forgot", { email: "leser@demo.no" });
    const mail = await mailTo("leser@demo.no", before + 1);
    const path = pathOf(linkIn(mail, PUBLIC, "/reset/")!);
    const db = await serverDb(server.dbFile);
    await db.run("update email_tokens set expires_at = ? where purpose = 'reset'", Date.now() - 1);
    await db.close();
    expect((await formRequest(server.url, path)).res.status).toBe(410);
    expect((await post(path, { password: "nytt-langt-passord-2", confirm: "nytt-langt-passord-2" })).res.status).toBe(410);
    await signIn(server.url, "leser@demo.no");
  });

  it("forgot and resend answer the same for unknown, pending and existing addresses, and mail only the right ones", async () => {
    const before = smtp.received.length;
    const unknown = await post("/forgot", { email: "finnes.ikke@eksempel.no" });
    const known = await post("/forgot", { email: "medlem@demo.no" });
    const normalise = (html: string, email: string) => html.replaceAll(email, "EMAIL").replace(/nonce="[^"]*"/g, "nonce");
    expect(unknown.res.status).toBe(known.res.status);
    expect(normalise(unknown.html, "finnes.ikke@eksempel.no")).toBe(normalise(known.html, "medlem@demo.no"));
    await smtp.waitFor(before + 1);
    const resendUnknown = await post("/signup/resend", { email: "finnes.ikke@eksempel.no" });
    const resendConfirmed = await post("/signup/resend", { email: "medlem@demo.no" });
    expect(normalise(resendUnknown.html, "finnes.ikke@eksempel.no")).toBe(normalise(resendConfirmed.html, "medlem@demo.no"));
    await post("/signup", { name: "Venter", email: "venter@eksempel.no", password: "et-langt-passord-1" });
    await smtp.waitFor(before + 2);
    await post("/signup/resend", { email: "venter@eksempel.no" });
    await smtp.waitFor(before + 3);
    const to = smtp.received.slice(before).map((m) => m.envelopeTo[0]);
    expect(to.sort()).toEqual(["medlem@demo.no", "venter@eksempel.no", "venter@eksempel.no"]);
    // Both confirmation links work: the resent one does not kill the first.
    const links = smtp.received.filter((m) => m.envelopeTo[0] === "venter@eksempel.no").map((m) => pathOf(linkIn(m, PUBLIC, "/confirm/")!));
    expect(links).toHaveLength(2);
    expect((await formRequest(server.url, links[0]!)).res.status).toBe(200);
    expect((await post(links[1]!, {})).res.status).toBe(302);
  });

  it("refuses bad addresses with a clear message and the text intact", async () => {
    for (const email of ["a@b@c.no", "kari@eksempel.no\r\nBcc: x@y.no"]) {
      const res = await post("/forgot", { email });
      expect(res.res.status).toBe(400);
      expect(res.html).toContain("Skriv en gyldig e-postadresse");
    }
  });
});

describe("the site administrator sees what failed and why", () => {
  it("a 5xx answer marks the mail failed, shown on /admin/mail with the answer; 'try again' delivers it", async () => {
    const admin = await signIn(server.url, "admin@demo.no");
    smtp.answer = { mode: "reject", code: 550, message: "5.1.1 Mailbox does not exist" };
    await post("/forgot", { email: "styret@demo.no" });
    const db = await serverDb(server.dbFile, { readonly: true });
    const row = async () =>
      await db.get<{ id: number; status: string; attempts: number; answer: string }>(`select id, status, attempts, last_response as answer from mail_outbox where "to" = 'styret@demo.no' order by id desc`);
    for (let i = 0; i < 100 && (await row())?.status !== "failed"; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await row()).toMatchObject({ status: "failed", attempts: 1 });
    const page = await formRequest(server.url, "/admin/mail", { cookie: admin });
    expect(page.html).toContain("styret@demo.no");
    expect(page.html).toContain("Mailbox does not exist");
    smtp.answer = { mode: "ok" };
    const before = smtp.received.length;
    expect((await post("/admin/mail", { intent: "retry", id: String((await row())!.id) }, admin)).res.status).toBe(302);
    await smtp.waitFor(before + 1);
    expect(smtp.received.at(-1)!.envelopeTo).toEqual(["styret@demo.no"]);
    // The operator's side: the server log says so in a JSON line (pino), like every other line.
    const gaveUp = mailLogLines(server.output()).find((l) => String(l.msg).includes("gave up on mail"));
    expect(gaveUp).toMatchObject({ level: "warn", component: "mail", mailId: (await row())!.id, to: "styret@demo.no", attempts: 1 });
    expect(String(gaveUp!.answer)).toContain("Mailbox does not exist");
    await db.close();
  });
});

describe("without SMTP_URL", () => {
  it("the pages say plainly that mail is not set up on this server", async () => {
    const plain = await startServer();
    try {
      for (const path of ["/signup", "/forgot", "/signup/resend"]) {
        const page = await formRequest(plain.url, path);
        expect(page.html, path).toContain("E-post er ikke satt opp på denne serveren");
      }
      const signup = await formRequest(plain.url, "/signup", { body: { name: "Ola", email: "ola@eksempel.no", password: "et-langt-passord-1" } });
      expect(signup.html).toContain("e-post er ikke satt opp på denne serveren, så den blir ikke sendt");
      expect(signup.html).not.toContain("Vi har sendt en e-post");
      // The operator finds the link in the log: a JSON line naming the recipient and the link.
      const queued = mailLogLines(plain.output()).find((l) => l.to === "ola@eksempel.no");
      expect(queued).toMatchObject({ level: "info", component: "mail", subject: expect.any(String) });
      expect(String(queued!.link)).toMatch(/^https?:\/\/[^ ]+\/confirm\/[\w-]{20,}$/);
    } finally {
      await plain.stop();
    }
  });
});
