/**
 * The outbox: every mail is a row in `mail_outbox`, written by `queueMail` inside the caller's
 * transaction (so a mail exists exactly when the change that causes it does). The sender
 * (sender.server.ts) delivers queued rows over SMTP. Without `SMTP_URL` rows stay queued and one
 * log line names the recipient, the subject and the mail's first link, so an operator of a
 * development install can pass it on.
 */
import { randomUUID } from "node:crypto";
import { and, count, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { mailOutbox } from "../../../db/schema";
import { logger } from "../ops/log.server";
import { isDeliverableAddress } from "./safe-text";
import { mailConfigured, mailDomain } from "./transport.server";

export interface Mail {
  to: string;
  subject: string;
  /** Plain text. */
  body: string;
  html?: string;
  kind: string;
  organisationId?: number | null;
  headers?: Record<string, string>;
}

export class UndeliverableAddressError extends Error {
  constructor(address: string) {
    super(`not a deliverable e-mail address: ${JSON.stringify(address.slice(0, 80))}`);
  }
}

/** Queues one mail; call it inside the transaction of the change that causes it. Returns the row id. */
export async function queueMail(db: Db, mail: Mail): Promise<number> {
  if (!isDeliverableAddress(mail.to)) throw new UndeliverableAddressError(mail.to);
  // eslint-disable-next-line no-control-regex
  const subject = mail.subject.replace(/[\r\n\u0000-\u001f]+/g, " ").slice(0, 250);
  const row = (await db
    .insert(mailOutbox)
    .values({
      to: mail.to,
      subject,
      body: mail.body,
      html: mail.html ?? null,
      kind: mail.kind,
      organisationId: mail.organisationId ?? null,
      headers: mail.headers ? JSON.stringify(mail.headers) : null,
      messageId: `<${randomUUID()}@${mailDomain()}>`,
    })
    .returning({ id: mailOutbox.id }))[0]!;
  if (!mailConfigured()) {
    const link = mail.body.match(/https?:\/\/\S+/)?.[0];
    logger().info({ component: "mail", to: mail.to, subject, link }, `[mail] SMTP_URL is not set; queued for ${mail.to}: "${subject}"${link ? ` ${link}` : ""}`);
  } else {
    // Wake the sender in this process (if it holds the lease) once the transaction has committed.
    const kick = (globalThis as { __hsOutboxKick?: () => void }).__hsOutboxKick;
    if (kick) setTimeout(kick, 0);
  }
  return row.id;
}

/** Mails not yet delivered (queued, including those waiting for a retry). */
export async function outboxDepth(db: Db): Promise<number> {
  return (await db.select({ n: count() }).from(mailOutbox).where(eq(mailOutbox.status, "queued")))[0]?.n ?? 0;
}

export interface OutboxRow {
  id: number;
  to: string;
  subject: string;
  kind: string;
  status: "queued" | "sent" | "failed";
  attempts: number;
  lastResponse: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
  createdAt: Date;
}

/**
 * Mails an admin should look at: failed ones, and queued ones that have been tried at least once
 * (stuck), newest first. `organisationId` limits it to one organisation's mails; null shows all.
 */
export async function problemMails(db: Db, organisationId: number | null, limit = 200): Promise<OutboxRow[]> {
  const trouble = or(eq(mailOutbox.status, "failed"), and(eq(mailOutbox.status, "queued"), sql`${mailOutbox.attempts} > 0`));
  return await db
    .select({
      id: mailOutbox.id,
      to: mailOutbox.to,
      subject: mailOutbox.subject,
      kind: mailOutbox.kind,
      status: mailOutbox.status,
      attempts: mailOutbox.attempts,
      lastResponse: mailOutbox.lastResponse,
      nextAttemptAt: mailOutbox.nextAttemptAt,
      sentAt: mailOutbox.sentAt,
      createdAt: mailOutbox.createdAt,
    })
    .from(mailOutbox)
    .where(organisationId === null ? trouble : and(trouble, eq(mailOutbox.organisationId, organisationId)))
    .orderBy(desc(mailOutbox.id))
    .limit(limit);
}

/** Counts by status (for the admin page and /metrics). */
export async function outboxCounts(db: Db, organisationId: number | null = null): Promise<Record<"queued" | "sent" | "failed", number>> {
  const rows = await db
    .select({ status: mailOutbox.status, n: count() })
    .from(mailOutbox)
    .where(organisationId === null ? undefined : eq(mailOutbox.organisationId, organisationId))
    .groupBy(mailOutbox.status);
  const out = { queued: 0, sent: 0, failed: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** Puts failed mails back in the queue (the admin's "try again"). */
export async function retryMails(db: Db, ids: number[], organisationId: number | null): Promise<number> {
  if (ids.length === 0) return 0;
  const scope = and(inArray(mailOutbox.id, ids), eq(mailOutbox.status, "failed"), organisationId === null ? undefined : eq(mailOutbox.organisationId, organisationId));
  return (await db.update(mailOutbox).set({ status: "queued", nextAttemptAt: new Date(0) }).where(scope).returning({ id: mailOutbox.id })).length;
}


