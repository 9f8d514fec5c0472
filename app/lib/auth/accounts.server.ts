/**
 * Accounts: sign-up with e-mail confirmation (and "send it again"), sign-in (throttled), password
 * change, password reset by e-mail. Passwords only ever pass through scrypt.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import { getDb, transaction, type Db } from "../../../db/client";
import { emailTokens, sessions, users } from "../../../db/schema";
import type { Lang } from "../i18n";
import { confirmMail, existsMail, passwordChangedMail, pendingMail, resetMail } from "../mail/account-mails";
import { queueMail } from "../mail/outbox.server";
import { recordSecurityEvent } from "../security/events.server";
import { LIMITS } from "../security/limits";
import { logger } from "../ops/log.server";
import { consumeRateLimits, releaseRateLimitHits, resetRateLimit, type RateLimitRule } from "../security/rate-limit.server";
import { hashToken } from "./invites.server";
import { hashPassword, verifyPassword } from "../../../db/password";
import { safeRedirect } from "./redirect";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const CONFIRM_HOURS = 24;

/** Creates a confirmed account directly (seed, tests); the sign-up form goes through requestSignUp. */
export async function createUser(
  db: Db,
  input: { email: string; name: string; password: string; confirmed?: boolean },
): Promise<{ status: "created"; userId: number } | { status: "emailTaken" }> {
  const passwordHash = await hashPassword(input.password);
  const row = (await db
    .insert(users)
    .values({ email: normaliseEmail(input.email), name: input.name.trim(), passwordHash, emailConfirmedAt: input.confirmed === false ? null : new Date() })
    .onConflictDoNothing()
    .returning({ id: users.id }))[0]!;
  return row ? { status: "created", userId: row.id } : { status: "emailTaken" };
}

export interface SignUpRequest {
  email: string;
  name: string;
  password: string;
  redirectTo?: string;
  /** Origin for links in the mail: linkOrigin() (PUBLIC_URL; the request's own origin only in development). */
  origin: string;
  lang: Lang;
  ip: string;
  now?: Date;
}

/** Whether this address may get another account mail now (past the limit: silently nothing). */
async function mayMail(db: Db, email: string, now: Date): Promise<boolean> {
  return (await consumeRateLimits(db, [{ key: `account-mail:${email}`, ...LIMITS.accountMailPerAddress }], now)).allowed;
}

/**
 * Every sign-up gets the same answer ("check your e-mail"), whether the address is new, taken or
 * waiting for confirmation, so the form cannot be used to find out who has an account; every
 * path runs scrypt and writes in one transaction, so timing does not tell them apart either.
 *
 * Only a new address creates anything. For an address that has an account, or a sign-up waiting
 * for confirmation, nothing stored changes (an earlier version replaced the pending password: a
 * stranger could take over an account before its owner confirmed it); the address gets one mail
 * that says what happened, with links to sign in, send the confirmation again, or reset the password.
 */
export async function requestSignUp(db: Db, input: SignUpRequest): Promise<void> {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  const passwordHash = await hashPassword(input.password);
  const token = randomBytes(32).toString("base64url");
  const allowed = await mayMail(db, email, now);
  const outcome = await transaction(db, async (tx) => {
    const found = (await tx.select({ id: users.id, confirmedAt: users.emailConfirmedAt }).from(users).where(eq(users.email, email)))[0];
    if (found) {
      if (allowed) {
        const mail = found.confirmedAt ? existsMail(input.lang, { origin: input.origin }) : pendingMail(input.lang, { origin: input.origin });
        await queueMail(tx as unknown as Db, { to: email, ...mail });
      }
      return { userId: found.id, existing: found.confirmedAt ? ("confirmed" as const) : ("pending" as const) };
    }
    const userId = (await tx.insert(users).values({ email, name, passwordHash, lang: input.lang }).returning({ id: users.id }))[0]!.id;
    await tx.insert(emailTokens)
      .values({
        userId,
        purpose: "confirm",
        tokenHash: hashToken(token),
        redirectTo: input.redirectTo ? safeRedirect(input.redirectTo, "") || null : null,
        expiresAt: new Date(now.getTime() + CONFIRM_HOURS * 3_600_000),
      });
    await queueMail(tx as unknown as Db, { to: email, ...confirmMail(input.lang, { name, link: `${input.origin}/confirm/${token}`, hours: CONFIRM_HOURS }) });
    return { userId, existing: null };
  });
  await recordSecurityEvent(db, {
    type: "signup.attempt",
    userId: outcome.userId,
    ip: input.ip,
    detail: { existingAccount: outcome.existing === "confirmed", pendingAccount: outcome.existing === "pending", mailed: allowed || outcome.existing === null },
    now,
  });
}

/**
 * "Send the confirmation again": a new link for an address still waiting for confirmation (older
 * links keep working until they expire). A confirmed or unknown address gets nothing; the answer
 * is the same for all three, and so is the work: every address counts against its mail limit and
 * ends in one transaction (the security event, with the token and the mail when one is sent), so
 * the number of commits (each an fsync) does not tell a pending sign-up from no account.
 */
export async function resendConfirmation(db: Db, input: { email: string; origin: string; ip: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  const token = randomBytes(32).toString("base64url");
  const user = (await db.select({ id: users.id, name: users.name, lang: users.lang, confirmedAt: users.emailConfirmedAt }).from(users).where(eq(users.email, email)))[0];
  const allowed = await mayMail(db, email, now);
  const pending = user && !user.confirmedAt ? user : null;
  await transaction(db, async (tx) => {
    if (pending && allowed) {
      // The invite the person signed up from (if any) still waits after confirming.
      const last = (await tx
        .select({ redirectTo: emailTokens.redirectTo })
        .from(emailTokens)
        .where(and(eq(emailTokens.userId, pending.id), eq(emailTokens.purpose, "confirm")))
        .orderBy(desc(emailTokens.id)))[0];
      await tx.insert(emailTokens)
        .values({ userId: pending.id, purpose: "confirm", tokenHash: hashToken(token), redirectTo: last?.redirectTo ?? null, expiresAt: new Date(now.getTime() + CONFIRM_HOURS * 3_600_000) });
      await queueMail(tx as unknown as Db, { to: email, ...confirmMail(pending.lang, { name: pending.name, link: `${input.origin}/confirm/${token}`, hours: CONFIRM_HOURS }) });
    }
    await recordSecurityEvent(tx as unknown as Db, { type: "signup.resend", userId: user?.id ?? null, ip: input.ip, detail: { mailed: Boolean(pending && allowed) }, now });
  });
}

export const RESET_MINUTES = 60;

/**
 * "Forgot password": a single-use link to /reset/<token>, valid one hour, for an address with an
 * account (confirmed or not: following the link proves the mailbox). Unknown addresses get
 * nothing; the answer is the same, and so is the work: every address counts against its mail limit
 * and ends in one transaction (the security event, with the token and the mail when one is sent).
 */
export async function requestPasswordReset(db: Db, input: { email: string; origin: string; ip: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  const token = randomBytes(32).toString("base64url");
  const user = (await db.select({ id: users.id, name: users.name, lang: users.lang }).from(users).where(eq(users.email, email)))[0];
  const allowed = await mayMail(db, email, now);
  await transaction(db, async (tx) => {
    if (user && allowed) {
      await tx.insert(emailTokens)
        .values({ userId: user.id, purpose: "reset", tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + RESET_MINUTES * 60_000) });
      await queueMail(tx as unknown as Db, { to: email, ...resetMail(user.lang, { name: user.name, link: `${input.origin}/reset/${token}` }) });
    }
    await recordSecurityEvent(tx as unknown as Db, { type: "password.resetRequested", userId: user?.id ?? null, ip: input.ip, detail: { mailed: Boolean(user && allowed) }, now });
  });
}

async function findToken(db: Db, token: string, purpose: "confirm" | "reset") {
  return (await db
    .select({ id: emailTokens.id, userId: emailTokens.userId, expiresAt: emailTokens.expiresAt, usedAt: emailTokens.usedAt, redirectTo: emailTokens.redirectTo })
    .from(emailTokens)
    .where(and(eq(emailTokens.tokenHash, hashToken(token)), eq(emailTokens.purpose, purpose))))[0];
}

export async function resetTokenState(db: Db, token: string, now = new Date()): Promise<ConfirmLookup> {
  const row = await findToken(db, token, "reset");
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "valid";
}

/**
 * Sets the new password from a reset link: uses the link up (and every other reset link of the
 * account), confirms the address if it was not yet (the link proves the mailbox), ends every
 * session of the account, and mails a notice that the password changed.
 */
export async function resetPassword(
  db: Db,
  input: { token: string; password: string; origin: string; ip: string; now?: Date },
): Promise<{ status: "changed"; email: string } | { status: Exclude<ConfirmLookup, "valid"> }> {
  const now = input.now ?? new Date();
  const passwordHash = await hashPassword(input.password);
  const outcome = await transaction(db, async (tx) => {
    const row = await findToken(tx as unknown as Db, input.token, "reset");
    if (!row) return { status: "unknown" as const };
    if (row.usedAt) return { status: "used" as const };
    if (row.expiresAt.getTime() <= now.getTime()) return { status: "expired" as const };
    await tx.update(emailTokens)
      .set({ usedAt: now })
      .where(and(eq(emailTokens.userId, row.userId), eq(emailTokens.purpose, "reset"), isNull(emailTokens.usedAt)));
    const user = (await tx.select({ email: users.email, name: users.name, lang: users.lang, confirmedAt: users.emailConfirmedAt }).from(users).where(eq(users.id, row.userId)))[0]!;
    await tx.update(users).set({ passwordHash, emailConfirmedAt: user.confirmedAt ?? now }).where(eq(users.id, row.userId));
    await tx.delete(sessions).where(eq(sessions.userId, row.userId));
    await queueMail(tx as unknown as Db, { to: user.email, ...passwordChangedMail(user.lang, { name: user.name, origin: input.origin }) });
    await recordSecurityEvent(tx as unknown as Db, { type: "password.reset", userId: row.userId, ip: input.ip, now });
    return { status: "changed" as const, email: user.email };
  });
  return outcome;
}

export type ConfirmLookup = "valid" | "unknown" | "expired" | "used";

const findConfirmToken = async (db: Db, token: string) => await findToken(db, token, "confirm");

export async function confirmTokenState(db: Db, token: string, now = new Date()): Promise<ConfirmLookup> {
  const row = await findConfirmToken(db, token);
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "valid";
}

/**
 * Uses the link up and confirms the address. It does not sign in: whoever confirms must still
 * know the password (otherwise someone who pre-registered another person's address with their own
 * password would get a session in the victim's hands, or the reverse).
 */
export async function confirmEmail(
  db: Db,
  input: { token: string; ip: string; now?: Date },
): Promise<{ status: "confirmed"; redirectTo: string | null; email: string } | { status: Exclude<ConfirmLookup, "valid"> }> {
  const now = input.now ?? new Date();
  return await transaction(db, async (tx) => {
    const row = await findConfirmToken(tx as unknown as Db, input.token);
    if (!row) return { status: "unknown" as const };
    if (row.usedAt) return { status: "used" as const };
    if (row.expiresAt.getTime() <= now.getTime()) return { status: "expired" as const };
    const used = await tx
      .update(emailTokens)
      .set({ usedAt: now })
      .where(and(eq(emailTokens.id, row.id), isNull(emailTokens.usedAt)))
      .returning({ id: emailTokens.id });
    if (used.length !== 1) return { status: "used" as const };
    await tx.update(users).set({ emailConfirmedAt: now }).where(and(eq(users.id, row.userId), isNull(users.emailConfirmedAt)));
    await recordSecurityEvent(tx as unknown as Db, { type: "signup.confirmed", userId: row.userId, ip: input.ip, now });
    const email = (await tx.select({ email: users.email }).from(users).where(eq(users.id, row.userId)))[0]?.email ?? "";
    return { status: "confirmed" as const, redirectTo: row.redirectTo, email };
  });
}

export type SignInResult =
  | { status: "ok"; userId: number }
  | { status: "invalid" }
  | { status: "unconfirmed" }
  | { status: "rateLimited"; retryAfterSeconds: number };

export interface SignInAttempt {
  email: string;
  password: string;
  ip: string;
  /** The verified "known device" cookie: lets the owner through while strangers are throttled. */
  device?: { userId: number; id: string } | null;
  now?: Date;
}

let dummyHash: Promise<string> | undefined;

/**
 * Throttled sign-in. Before scrypt runs, one IMMEDIATE transaction checks every limit and
 * reserves an attempt in each, so parallel requests (also across worker processes) cannot exceed
 * a limit. A successful attempt gives its reservations back: only failures count.
 *
 * Buckets: per client IP (20 / 15 min, all accounts); per account and client, where the client
 * is the known device when the request carries this account's device cookie and otherwise the
 * IP address (5 / 15 min); and per account for all unknown devices together (20 / 15 min). A
 * stranger guessing passwords therefore never locks the owner out of a device they signed in on.
 */
export async function authenticate(db: Db, input: SignInAttempt): Promise<SignInResult> {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  const user = (await db
    .select({ id: users.id, passwordHash: users.passwordHash, confirmedAt: users.emailConfirmedAt })
    .from(users)
    .where(eq(users.email, email)))[0];
  const knownDevice = user && input.device && input.device.userId === user.id ? input.device.id : null;
  const clientKey = knownDevice ? `login:account:${email}:device:${knownDevice}` : `login:account:${email}:ip:${input.ip}`;
  const rules: RateLimitRule[] = [
    { key: `login:ip:${input.ip}`, ...LIMITS.loginPerIp },
    { key: clientKey, ...LIMITS.loginPerAccountClient },
  ];
  if (!knownDevice) rules.push({ key: `login:account:${email}:unknown-devices`, ...LIMITS.loginPerAccountUnknownDevices });
  const reserved = (await consumeRateLimits(db, rules, now));
  if (!reserved.allowed) {
    await logLockout(db, { email, userId: user?.id ?? null, ip: input.ip, key: reserved.key, now });
    return { status: "rateLimited", retryAfterSeconds: reserved.retryAfterSeconds };
  }

  // Unknown addresses still pay for one scrypt run, so timing does not reveal which accounts exist.
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !ok) {
    await recordSecurityEvent(db, { type: "login.failure", userId: user?.id ?? null, ip: input.ip, detail: { email }, now });
    return { status: "invalid" };
  }
  await releaseRateLimitHits(db, reserved.hitIds);
  if (!user.confirmedAt) {
    await recordSecurityEvent(db, { type: "login.unconfirmed", userId: user.id, ip: input.ip, now });
    return { status: "unconfirmed" };
  }
  // This client starts afresh; the IP and unknown-devices counters stay (a valid sign-in must not
  // reset what an attacker elsewhere has used up).
  await resetRateLimit(db, clientKey);
  await recordSecurityEvent(db, { type: "login.success", userId: user.id, ip: input.ip, detail: { knownDevice: knownDevice !== null }, now });
  return { status: "ok", userId: user.id };
}

/** One log row (and line) per locked bucket and window, not one per refused request. */
async function logLockout(db: Db, input: { email: string; userId: number | null; ip: string; key: string; now: Date }) {
  const first = (await consumeRateLimits(db, [{ key: `logged:${input.key}`, limit: 1, windowMs: LIMITS.loginPerAccountClient.windowMs }], input.now));
  if (!first.allowed) return;
  const scope = input.key.startsWith("login:ip:") ? "ip" : input.key.endsWith(":unknown-devices") ? "account" : "accountClient";
  logger().warn({ component: "security", scope, email: input.email, ip: input.ip }, `[security] sign-in locked (${scope}) for ${input.email} from ${input.ip}`);
  await recordSecurityEvent(db, { type: "login.lockout", userId: input.userId, ip: input.ip, detail: { email: input.email, scope }, now: input.now });
}

export type ChangePasswordResult = "changed" | "wrongPassword" | { rateLimited: number };

/** Needs the current password; ends every other session of the user (the current one stays). */
export async function changePassword(
  db: Db,
  input: { userId: number; currentPassword: string; newPassword: string; keepSessionId: string; ip: string; now?: Date },
): Promise<ChangePasswordResult> {
  const now = input.now ?? new Date();
  const reserved = (await consumeRateLimits(db, [{ key: `password-change:user:${input.userId}`, ...LIMITS.passwordChangePerUser }], now));
  if (!reserved.allowed) return { rateLimited: reserved.retryAfterSeconds };
  const user = (await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, input.userId)))[0];
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await recordSecurityEvent(db, { type: "password.changeFailed", userId: input.userId, ip: input.ip, now });
    return "wrongPassword";
  }
  await releaseRateLimitHits(db, reserved.hitIds);
  const passwordHash = await hashPassword(input.newPassword);
  await transaction(db, async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, input.userId));
    await tx.delete(sessions).where(and(eq(sessions.userId, input.userId), ne(sessions.id, input.keepSessionId)));
  });
  await recordSecurityEvent(db, { type: "password.changed", userId: input.userId, ip: input.ip, now });
  return "changed";
}

/** Route-facing wrappers on the shared connection. */
export const authenticateUser = (input: SignInAttempt) => authenticate(getDb(), input);
export const requestSignUpFor = (input: SignUpRequest) => requestSignUp(getDb(), input);
export const confirmEmailFor = async (input: { token: string; ip: string }) => await confirmEmail(getDb(), input);
export const confirmTokenStateFor = async (token: string) => await confirmTokenState(getDb(), token);
export const changePasswordFor = (input: Parameters<typeof changePassword>[1]) => changePassword(getDb(), input);
export const resendConfirmationFor = async (input: Parameters<typeof resendConfirmation>[1]) => await resendConfirmation(getDb(), input);
export const requestPasswordResetFor = async (input: Parameters<typeof requestPasswordReset>[1]) => await requestPasswordReset(getDb(), input);
export const resetTokenStateFor = async (token: string) => await resetTokenState(getDb(), token);
export const resetPasswordFor = (input: Parameters<typeof resetPassword>[1]) => resetPassword(getDb(), input);
