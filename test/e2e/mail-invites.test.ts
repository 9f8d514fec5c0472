/**
 * Invites by e-mail (issue 22 item 4), with the built server and a real SMTP server: an admin
 * invites two addresses at once, both mails arrive with a link under PUBLIC_URL that works, both
 * invites are listed with their links, a bad list is refused line by line with nothing sent and
 * the text kept, and a revoked invite's link is dead.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";
import { serverDb } from "../support/server-db";
import { linkIn, startSmtp, type TestSmtp } from "../support/smtp";

let smtp: TestSmtp;
let server: TestServer;
let PUBLIC = "";
let admin = "";

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, PUBLIC_URL: "self", MAIL_FROM: "Høringssvar <noreply@hoering.example.test>", MAIL_POLL_MS: "100" });
  PUBLIC = server.url;
  admin = await signIn(server.url, "admin@demo.no");
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

const members = "/o/nmf-demo/members";
const post = (body: Record<string, string>) => formRequest(server.url, members, { body, cookie: admin });
const count = async (sql: string) => {
  const db = await serverDb(server.dbFile, { readonly: true });
  try {
    return (await db.get<{ n: number }>(sql))!.n;
  } finally {
    await db.close();
  }
};

describe("invites by e-mail", () => {
  it("mails each address of a pasted list; both links work and are listed; revoking one kills its link", async () => {
    const invited = await post({ intent: "invite", role: "editor", emails: "Ola.Ny@eksempel.no\r\n\r\n  kari.ny@eksempel.no  \r\n" });
    expect(invited.res.status).toBe(200);
    expect(invited.html).toContain("2 invitasjon(er) som «Redaktør»");
    const mails = await smtp.waitFor(2);
    expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual(["kari.ny@eksempel.no", "ola.ny@eksempel.no"]);
    const links = new Map<string, string>();
    for (const mail of mails) {
      expect(mail.parsed.subject).toBe("Invitasjon til Norsk medisinstudentforening (demo)");
      expect(mail.parsed.text).toContain("med rollen «Redaktør»");
      const link = linkIn(mail, PUBLIC, "/invite/")!;
      expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
      expect(mail.parsed.html).toContain(link);
      links.set(mail.envelopeTo[0]!, link);
      const page = await formRequest(server.url, link.slice(PUBLIC.length));
      expect(page.res.status).toBe(200);
      expect(page.html).toContain("Du er invitert til Norsk medisinstudentforening (demo) som Redaktør.");
    }
    // Both pending invites are listed with their (copyable) links.
    const page = await formRequest(server.url, members, { cookie: admin });
    for (const [email, link] of links) {
      expect(page.html).toContain(`${email}: Redaktør`);
      expect(page.html).toContain(`value="${link}"`);
    }
    // Revoke Ola's: the link is dead, Kari's still works.
    const db = await serverDb(server.dbFile, { readonly: true });
    const ola = (await db.get<{ id: number }>("select id from invites where email = 'ola.ny@eksempel.no'"))!.id;
    await db.close();
    const revoked = await post({ intent: "revokeInvite", inviteId: String(ola) });
    expect(revoked.res.status).toBe(302);
    const dead = await formRequest(server.url, links.get("ola.ny@eksempel.no")!.slice(PUBLIC.length));
    expect(dead.res.status).toBe(404);
    expect(dead.html).toContain("Invitasjonslenken er ugyldig eller trukket tilbake.");
    expect((await formRequest(server.url, links.get("kari.ny@eksempel.no")!.slice(PUBLIC.length))).res.status).toBe(200);
    const after = await formRequest(server.url, members, { cookie: admin });
    expect(after.html).not.toContain(links.get("ola.ny@eksempel.no")!);
  });

  it("refuses a list with a bad line: each line named, nothing stored or sent, the text kept", async () => {
    const invitesBefore = await count("select count(*) as n from invites");
    const outboxBefore = await count("select count(*) as n from mail_outbox");
    const text = ["god@eksempel.no", "a@b@eksempel.no", "x\ry@eksempel.no", `${"l".repeat(250)}@eksempel.no`, "ikke-en-adresse"].join("\n");
    const res = await post({ intent: "invite", role: "member", emails: text });
    expect(res.res.status).toBe(400);
    expect(res.html).toContain("Ingen invitasjoner er sendt");
    expect(res.html).toContain("Linje 2 («a@b@eksempel.no») har mer enn én @");
    expect(res.html).toContain("Linje 3");
    expect(res.html).toContain("Linje 4");
    expect(res.html).toContain("Linje 5 («ikke-en-adresse») er ikke en gyldig e-postadresse.");
    expect(res.html).not.toContain("Linje 1");
    expect(res.html).toContain("god@eksempel.no\na@b@eksempel.no");
    expect(await count("select count(*) as n from invites")).toBe(invitesBefore);
    expect(await count("select count(*) as n from mail_outbox")).toBe(outboxBefore);
  });

  it("at most 200 invitation mails per organisation a day: past it, a clear refusal and nothing sent", async () => {
    const db = await serverDb(server.dbFile);
    const org = (await db.get<{ id: number }>("select id from organisations where slug = 'nmf-demo'"))!.id;
    for (let i = 0; i < 200; i++) await db.run("insert into rate_limit_hits (key, at) values (?, ?)", `invite-mail:org:${org}`, Date.now());
    await db.close();
    const invitesBefore = await count("select count(*) as n from invites");
    const outboxBefore = await count("select count(*) as n from mail_outbox");
    const res = await post({ intent: "invite", role: "member", emails: "en.til@eksempel.no" });
    expect(res.res.status).toBe(429);
    expect(res.html).toContain("for mange invitasjoner på e-post det siste døgnet");
    expect(res.html).toContain("en.til@eksempel.no");
    expect(await count("select count(*) as n from invites")).toBe(invitesBefore);
    expect(await count("select count(*) as n from mail_outbox")).toBe(outboxBefore);
  });

  it("without an address still makes one link to pass on, built from PUBLIC_URL", async () => {
    const res = await post({ intent: "invite", role: "viewer", emails: "" });
    expect(res.res.status).toBe(200);
    expect(res.html).toMatch(new RegExp(`value="${PUBLIC.replace(/[.]/g, "\\.")}/invite/[A-Za-z0-9_-]{43}"`));
  });
});
