/** What operations (/readyz, /metrics) need from mail. */
import { getDb } from "../../../db/client";
import { outboxCounts, outboxDepth as depth } from "./outbox.server";
import { leaseHeld } from "./sender.server";
import { mailConfigured } from "./transport.server";

export { outboxSenderRunning, startOutboxSender, stopOutboxSender } from "./sender.server";
export { mailConfigured } from "./transport.server";

/** Mails queued and not yet delivered (including those waiting for a retry). */
export async function outboxDepth(): Promise<number> {
  return await depth(getDb());
}

/** Mails per status, for a metrics gauge. */
export async function outboxStatusCounts(): Promise<Record<"queued" | "sent" | "failed", number>> {
  return await outboxCounts(getDb());
}

/** Whether any process of the deployment holds the sender lease (only meaningful with SMTP_URL). */
export async function outboxSenderLeaseHeld(): Promise<boolean> {
  return mailConfigured() && (await leaseHeld(getDb()));
}
