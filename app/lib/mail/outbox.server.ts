/**
 * Outgoing mail. There is no SMTP transport yet: every mail is written to `mail_outbox` (tests and
 * operators read it there) and, without a transport, one log line names the recipient and subject
 * and repeats the body's link so a self-hosted operator can pass it on.
 */
import type { Db } from "../../../db/client";
import { mailOutbox } from "../../../db/schema";

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

export function queueMail(db: Db, mail: Mail): void {
  db.insert(mailOutbox).values(mail).run();
  const link = mail.body.match(/https?:\/\/\S+/)?.[0];
  console.log(`[mail] no transport configured; queued for ${mail.to}: "${mail.subject}"${link ? ` ${link}` : ""}`);
}
