/**
 * The outbox sender. Every server process may start one, but only the holder of the
 * `mail_sender_lease` row sends (one sender per deployment, across cluster workers and machines
 * sharing the database). The lease lasts LEASE_MS and is renewed on every tick; a killed holder's
 * lease simply runs out and another process takes over.
 *
 * Each tick takes at most BATCH due rows (memory stays flat however long the queue), sends them
 * one by one and records the outcome per row: sent (with the time and the server's answer), a
 * retry with exponential backoff (4xx answers, connection trouble), or failed (a 5xx answer to
 * the envelope or message, or too many attempts). Each row carries a stable Message-ID, so a
 * crash between sending and marking causes at most one duplicate, recognisable as such.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { and, asc, eq, lte, or } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { getDb, transaction, type Db } from "../../../db/client";
import { mailOutbox, mailSenderLease } from "../../../db/schema";
import { logger } from "../ops/log.server";
import { runMailSchedule } from "./notify/schedule.server";
import { createSmtpTransport, mailFrom } from "./transport.server";

const LEASE_NAME = "outbox";
const BATCH = 20;

export interface SenderOptions {
  /** How often to look for due mail and renew the lease. */
  pollMs?: number;
  leaseMs?: number;
  /** First retry after this long; each further attempt doubles it, up to maxDelayMs. */
  retryBaseMs?: number;
  maxDelayMs?: number;
  /** After this many attempts a mail is marked failed. */
  maxAttempts?: number;
}

/** How often the lease holder runs the digest and reminder scheduler (notify/schedule.server.ts). */
const SCHEDULE_EVERY_MS = 60_000;

function envNumber(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function senderOptionsFromEnv(): Required<SenderOptions> {
  return {
    pollMs: envNumber("MAIL_POLL_MS", 5_000),
    leaseMs: envNumber("MAIL_LEASE_MS", 60_000),
    retryBaseMs: envNumber("MAIL_RETRY_BASE_MS", 30_000),
    maxDelayMs: envNumber("MAIL_RETRY_MAX_MS", 3_600_000),
    maxAttempts: envNumber("MAIL_MAX_ATTEMPTS", 12),
  };
}

/** Takes or renews the lease; true when this holder may send until now + leaseMs. */
export async function claimLease(db: Db, holder: string, leaseMs: number, now = Date.now()): Promise<boolean> {
  return await transaction(db, async (tx) => {
    const expiresAt = new Date(now + leaseMs);
    await tx.insert(mailSenderLease).values({ name: LEASE_NAME, holder, expiresAt }).onConflictDoNothing();
    const res = await tx
      .update(mailSenderLease)
      .set({ holder, expiresAt })
      .where(and(eq(mailSenderLease.name, LEASE_NAME), or(eq(mailSenderLease.holder, holder), lte(mailSenderLease.expiresAt, new Date(now)))))
      .returning({ name: mailSenderLease.name });
    return res.length === 1;
  });
}

export async function releaseLease(db: Db, holder: string): Promise<void> {
  await db.delete(mailSenderLease).where(and(eq(mailSenderLease.name, LEASE_NAME), eq(mailSenderLease.holder, holder)));
}

/** Whether some process holds a live lease (some sender is running in this deployment). */
export async function leaseHeld(db: Db, now = Date.now()): Promise<boolean> {
  const row = (await db.select({ expiresAt: mailSenderLease.expiresAt }).from(mailSenderLease).where(eq(mailSenderLease.name, LEASE_NAME)))[0];
  return Boolean(row && row.expiresAt.getTime() > now);
}

type SendError = Error & { code?: string; responseCode?: number; response?: string };

/** A 5xx answer to this mail's envelope or content: retrying will not help. */
function isPermanent(error: SendError): boolean {
  return (error.code === "EENVELOPE" || error.code === "EMESSAGE") && typeof error.responseCode === "number" && error.responseCode >= 500;
}

/** Trouble with the server itself (down, TLS, auth): stop this batch, retry the row later. */
function isConnectionTrouble(error: SendError): boolean {
  return !error.code || !["EENVELOPE", "EMESSAGE"].includes(error.code);
}

export interface BatchResult {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends the due mails of one batch. Exported for tests; the loop below calls it while it holds
 * the lease.
 */
export async function sendDueBatch(
  db: Db,
  transport: Pick<Transporter<SMTPTransport.SentMessageInfo>, "sendMail">,
  options: Required<SenderOptions>,
  now = () => Date.now(),
): Promise<BatchResult> {
  const result: BatchResult = { sent: 0, retried: 0, failed: 0 };
  const due = await db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.status, "queued"), lte(mailOutbox.nextAttemptAt, new Date(now()))))
    .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
    .limit(BATCH);
  for (const row of due) {
    const attempts = row.attempts + 1;
    try {
      const info = await transport.sendMail({
        from: mailFrom(),
        to: row.to,
        subject: row.subject,
        text: row.body,
        html: row.html ?? undefined,
        messageId: row.messageId || `<outbox-${row.id}-${row.createdAt.getTime()}@localhost>`,
        // Machine-made mail: vacation responders stay quiet.
        headers: { "Auto-Submitted": "auto-generated", ...(row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {}) },
      });
      await db.update(mailOutbox)
        .set({ status: "sent", attempts, sentAt: new Date(now()), lastResponse: String(info.response ?? "").slice(0, 500) })
        .where(eq(mailOutbox.id, row.id));
      result.sent++;
    } catch (caught) {
      const error = caught as SendError;
      const answer = String(error.response ?? error.message ?? error).slice(0, 500);
      if (isPermanent(error) || attempts >= options.maxAttempts) {
        await db.update(mailOutbox).set({ status: "failed", attempts, lastResponse: answer }).where(eq(mailOutbox.id, row.id));
        result.failed++;
        logger().warn({ component: "mail", mailId: row.id, to: row.to, attempts, answer }, `[mail] gave up on mail ${row.id} to ${row.to} after ${attempts} attempt(s): ${answer}`);
      } else {
        const delay = Math.min(options.retryBaseMs * 2 ** (attempts - 1), options.maxDelayMs);
        await db.update(mailOutbox)
          .set({ attempts, lastResponse: answer, nextAttemptAt: new Date(now() + delay) })
          .where(eq(mailOutbox.id, row.id));
        result.retried++;
        // The server is down or refuses us: the other rows would fare no better now.
        if (isConnectionTrouble(error)) break;
      }
    }
  }
  return result;
}

interface SenderState {
  holder: string;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
  busy: boolean;
  kicked: boolean;
  holding: boolean;
  transport: Transporter<SMTPTransport.SentMessageInfo> | null;
  lastTickAt: number;
  lastScheduleAt: number;
}

// On globalThis: app/server.ts and the Remix build are separate module graphs in one process.
const KEY = Symbol.for("hs.mail.sender");
const g = globalThis as unknown as { [KEY]?: SenderState; __hsOutboxKick?: () => void };

/**
 * Starts this process's sender (a no-op without SMTP_URL or when already started). It competes
 * for the lease on every tick, so exactly one process in the deployment sends at a time.
 */
export function startOutboxSender(options: SenderOptions = {}, db: Db = getDb(), clock: () => number = () => Date.now()): boolean {
  if (g[KEY] && !g[KEY].stopped) return true;
  const transport = createSmtpTransport();
  if (!transport) return false;
  const opts = { ...senderOptionsFromEnv(), ...options };
  const state: SenderState = {
    holder: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    timer: null,
    stopped: false,
    busy: false,
    kicked: false,
    holding: false,
    transport,
    lastTickAt: 0,
    lastScheduleAt: 0,
  };
  g[KEY] = state;
  const schedule = (ms: number) => {
    if (state.stopped) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(tick, ms);
    state.timer.unref();
  };
  const tick = async () => {
    if (state.busy || state.stopped) return;
    state.busy = true;
    state.kicked = false;
    let more = false;
    try {
      state.lastTickAt = Date.now();
      state.holding = (await claimLease(db, state.holder, opts.leaseMs));
      if (state.holding) {
        // Digests and reminders: queued by the one sender of the deployment, at most once a minute.
        if (clock() - state.lastScheduleAt >= SCHEDULE_EVERY_MS) {
          state.lastScheduleAt = clock();
          try {
            await runMailSchedule(db, clock());
          } catch (error) {
            logger().error({ component: "mail", err: error }, "[mail] scheduler run failed");
          }
        }
        const r = await sendDueBatch(db, transport, opts, clock);
        // A full batch that all went out: there may be more right away.
        more = r.sent > 0 && r.retried === 0 && r.sent + r.failed >= BATCH;
      }
    } catch (error) {
      logger().error({ component: "mail", err: error }, "[mail] sender tick failed");
    } finally {
      state.busy = false;
      schedule(more || state.kicked ? 0 : opts.pollMs);
    }
  };
  g.__hsOutboxKick = () => {
    if (state.busy) state.kicked = true;
    else schedule(0);
  };
  schedule(0);
  logger().info({ component: "mail", holder: state.holder, smtp: describeSmtp() }, `[mail] outbox sender started (${state.holder}); SMTP ${describeSmtp()}`);
  return true;
}

export async function stopOutboxSender(db: Db = getDb()): Promise<void> {
  const state = g[KEY];
  if (!state || state.stopped) return;
  state.stopped = true;
  if (state.timer) clearTimeout(state.timer);
  for (let i = 0; i < 100 && state.busy; i++) await new Promise((r) => setTimeout(r, 50));
  if (state.holding) await releaseLease(db, state.holder);
  state.transport?.close();
  delete g.__hsOutboxKick;
}

/**
 * For /readyz: true when this process's sender is alive (started, not stopped, ticked recently),
 * whether or not it currently holds the lease. False when mail is not configured.
 */
export function outboxSenderRunning(): boolean {
  const state = g[KEY];
  if (!state || state.stopped) return false;
  const { pollMs } = senderOptionsFromEnv();
  return Date.now() - state.lastTickAt < Math.max(pollMs * 3, 60_000);
}

function describeSmtp(): string {
  try {
    const url = new URL(process.env.SMTP_URL ?? "");
    return `${url.protocol}//${url.hostname}:${url.port || "(default port)"}${url.username ? " with AUTH" : ""}`;
  } catch {
    return "(unparsable SMTP_URL)";
  }
}


