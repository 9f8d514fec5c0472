/**
 * Accounts: sign-up with e-mail confirmation (and "send it again"), sign-in (throttled), password
 * change, password reset by e-mail. Passwords only ever pass through scrypt.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import { getDb, IMMEDIATE, type Db } from "../../../db/client";
import { emailTokens, sessions, users } from "../../../db/schema";
import type { Lang } from "../i18n";
import { confirmMail, existsMail, passwordChangedMail, pendingMail, resetMail } from "../mail/account-mails";
import { queueMail } from "../mail/outbox.server";
import { recordSecurityEvent } from "../security/events.server";
import { LIMITS } from "../security/limits";
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
  const row = db
    .insert(users)
    .values({ email: normaliseEmail(input.email), name: input.name.trim(), passwordHash, emailConfirmedAt: input.confirmed === false ? null : new Date() })
    .onConflictDoNothing()
    .returning({ id: users.id })
    .get();
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
function mayMail(db: Db, email: string, now: Date): boolean {
  return consumeRateLimits(db, [{ key: `account-mail:${email}`, ...LIMITS.accountMailPerAddress }], now).allowed;
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
  const allowed = mayMail(db, email, now);
  const outcome = db.transaction((tx) => {
    const found = tx.select({ id: users.id, confirmedAt: users.emailConfirmedAt }).from(users).where(eq(users.email, email)).get();
    if (found) {
      if (allowed) {
        const mail = found.confirmedAt ? existsMail(input.lang, { origin: input.origin }) : pendingMail(input.lang, { origin: input.origin });
        queueMail(tx as unknown as Db, { to: email, ...mail });
      }
      return { userId: found.id, existing: found.confirmedAt ? ("confirmed" as const) : ("pending" as const) };
    }
    const userId = tx.insert(users).values({ email, name, passwordHash, lang: input.lang }).returning({ id: users.id }).get().id;
    tx.insert(emailTokens)
      .values({
        userId,
        purpose: "confirm",
        tokenHash: hashToken(token),
        redirectTo: input.redirectTo ? safeRedirect(input.redirectTo, "") || null : null,
        expiresAt: new Date(now.getTime() + CONFIRM_HOURS * 3_600_000),
      })
      .run();
    queueMail(tx as unknown as Db, { to: email, ...confirmMail(input.lang, { name, link: `${input.origin}/confirm/${token}`, hours: CONFIRM_HOURS }) });
    return { userId, existing: null };
  }, IMMEDIATE);
  recordSecurityEvent(db, {
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
 * is the same for all three.
 */
export function resendConfirmation(db: Db, input: { email: string; origin: string; ip: string; now?: Date }): void {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  const token = randomBytes(32).toString("base64url");
  const user = db.select({ id: users.id, name: users.name, lang: users.lang, confirmedAt: users.emailConfirmedAt }).from(users).where(eq(users.email, email)).get();
  if (!user || user.confirmedAt || !mayMail(db, email, now)) return;
  db.transaction((tx) => {
    // The invite the person signed up from (if any) still waits after confirming.
    const last = tx
      .select({ redirectTo: emailTokens.redirectTo })
      .from(emailTokens)
      .where(and(eq(emailTokens.userId, user.id), eq(emailTokens.purpose, "confirm")))
      .orderBy(desc(emailTokens.id))
      .get();
    tx.insert(emailTokens)
      .values({ userId: user.id, purpose: "confirm", tokenHash: hashToken(token), redirectTo: last?.redirectTo ?? null, expiresAt: new Date(now.getTime() + CONFIRM_HOURS * 3_600_000) })
      .run();
    queueMail(tx as unknown as Db, { to: email, ...confirmMail(user.lang, { name: user.name, link: `${input.origin}/confirm/${token}`, hours: CONFIRM_HOURS }) });
  }, IMMEDIATE);
  recordSecurityEvent(db, { type: "signup.resend", userId: user.id, ip: input.ip, now });
}

export const RESET_MINUTES = 60;

/**
 * "Forgot password": a single-use link to /reset/<token>, valid one hour, for an address with an
 * account (confirmed or not: following the link proves the mailbox). Unknown addresses get
 * nothing; the answer is the same.
 */
export function requestPasswordReset(db: Db, input: { email: string; origin: string; ip: string; now?: Date }): void {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  const token = randomBytes(32).toString("base64url");
  const user = db.select({ id: users.id, name: users.name, lang: users.lang }).from(users).where(eq(users.email, email)).get();
  if (!user || !mayMail(db, email, now)) {
    recordSecurityEvent(db, { type: "password.resetRequested", userId: user?.id ?? null, ip: input.ip, detail: { mailed: false }, now });
    return;
  }
  db.transaction((tx) => {
    tx.insert(emailTokens)
      .values({ userId: user.id, purpose: "reset", tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + RESET_MINUTES * 60_000) })
      .run();
    queueMail(tx as unknown as Db, { to: email, ...resetMail(user.lang, { name: user.name, link: `${input.origin}/reset/${token}` }) });
  }, IMMEDIATE);
  recordSecurityEvent(db, { type: "password.resetRequested", userId: user.id, ip: input.ip, detail: { mailed: true }, now });
}

function findToken(db: Db, token: string, purpose: "confirm" | "reset") {
  return db
    .select({ id: emailTokens.id, userId: emailTokens.userId, expiresAt: emailTokens.expiresAt, usedAt: emailTokens.usedAt, redirectTo: emailTokens.redirectTo })
    .from(emailTokens)
    .where(and(eq(emailTokens.tokenHash, hashToken(token)), eq(emailTokens.purpose, purpose)))
    .get();
}

export function resetTokenState(db: Db, token: string, now = new Date()): ConfirmLookup {
  const row = findToken(db, token, "reset");
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
  const outcome = db.transaction((tx) => {
    const row = findToken(tx as unknown as Db, input.token, "reset");
    if (!row) return { status: "unknown" as const };
    if (row.usedAt) return { status: "used" as const };
    if (row.expiresAt.getTime() <= now.getTime()) return { status: "expired" as const };
    tx.update(emailTokens)
      .set({ usedAt: now })
      .where(and(eq(emailTokens.userId, row.userId), eq(emailTokens.purpose, "reset"), isNull(emailTokens.usedAt)))
      .run();
    const user = tx.select({ email: users.email, name: users.name, lang: users.lang, confirmedAt: users.emailConfirmedAt }).from(users).where(eq(users.id, row.userId)).get()!;
    tx.update(users).set({ passwordHash, emailConfirmedAt: user.confirmedAt ?? now }).where(eq(users.id, row.userId)).run();
    tx.delete(sessions).where(eq(sessions.userId, row.userId)).run();
    queueMail(tx as unknown as Db, { to: user.email, ...passwordChangedMail(user.lang, { name: user.name, origin: input.origin }) });
    recordSecurityEvent(tx as unknown as Db, { type: "password.reset", userId: row.userId, ip: input.ip, now });
    return { status: "changed" as const, email: user.email };
  }, IMMEDIATE);
  return outcome;
}

export type ConfirmLookup = "valid" | "unknown" | "expired" | "used";

const findConfirmToken = (db: Db, token: string) => findToken(db, token, "confirm");

export function confirmTokenState(db: Db, token: string, now = new Date()): ConfirmLookup {
  const row = findConfirmToken(db, token);
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "valid";
}

/**
 * Uses the link up and confirms the address. It does not sign in: whoever confirms must still
 * know the password (otherwise someone who pre-registered another person's address with their own
 * password would get a session in the victim's hands, or the reverse).
 */
export function confirmEmail(
  db: Db,
  input: { token: string; ip: string; now?: Date },
): { status: "confirmed"; redirectTo: string | null; email: string } | { status: Exclude<ConfirmLookup, "valid"> } {
  const now = input.now ?? new Date();
  return db.transaction((tx) => {
    const row = findConfirmToken(tx as unknown as Db, input.token);
    if (!row) return { status: "unknown" as const };
    if (row.usedAt) return { status: "used" as const };
    if (row.expiresAt.getTime() <= now.getTime()) return { status: "expired" as const };
    const used = tx.update(emailTokens).set({ usedAt: now }).where(and(eq(emailTokens.id, row.id), isNull(emailTokens.usedAt))).run();
    if (used.changes !== 1) return { status: "used" as const };
    tx.update(users).set({ emailConfirmedAt: now }).where(and(eq(users.id, row.userId), isNull(users.emailConfirmedAt))).run();
    recordSecurityEvent(tx as unknown as Db, { type: "signup.confirmed", userId: row.userId, ip: input.ip, now });
    const email = tx.select({ email: users.email }).from(users).where(eq(users.id, row.userId)).get()?.email ?? "";
    return { status: "confirmed" as const, redirectTo: row.redirectTo, email };
  }, IMMEDIATE);
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
  const user = db
    .select({ id: users.id, passwordHash: users.passwordHash, confirmedAt: users.emailConfirmedAt })
    .from(users)
    .where(eq(users.email, email))
    .get();
  const knownDevice = user && input.device && input.device.userId === user.id ? input.device.id : null;
  const clientKey = knownDevice ? `login:account:${email}:device:${knownDevice}` : `login:account:${email}:ip:${input.ip}`;
  const rules: RateLimitRule[] = [
    { key: `login:ip:${input.ip}`, ...LIMITS.loginPerIp },
    { key: clientKey, ...LIMITS.loginPerAccountClient },
  ];
  if (!knownDevice) rules.push({ key: `login:account:${email}:unknown-devices`, ...LIMITS.loginPerAccountUnknownDevices });
  const reserved = consumeRateLimits(db, rules, now);
  if (!reserved.allowed) {
    logLockout(db, { email, userId: user?.id ?? null, ip: input.ip, key: reserved.key, now });
    return { status: "rateLimited", retryAfterSeconds: reserved.retryAfterSeconds };
  }

  // Unknown addresses still pay for one scrypt run, so timing does not reveal which accounts exist.
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !ok) {
    recordSecurityEvent(db, { type: "login.failure", userId: user?.id ?? null, ip: input.ip, detail: { email }, now });
    return { status: "invalid" };
  }
  releaseRateLimitHits(db, reserved.hitIds);
  if (!user.confirmedAt) {
    recordSecurityEvent(db, { type: "login.unconfirmed", userId: user.id, ip: input.ip, now });
    return { status: "unconfirmed" };
  }
  // This client starts afresh; the IP and unknown-devices counters stay (a valid sign-in must not
  // reset what an attacker elsewhere has used up).
  resetRateLimit(db, clientKey);
  recordSecurityEvent(db, { type: "login.success", userId: user.id, ip: input.ip, detail: { knownDevice: knownDevice !== null }, now });
  return { status: "ok", userId: user.id };
}

/** One log row (and line) per locked bucket and window, not one per refused request. */
function logLockout(db: Db, input: { email: string; userId: number | null; ip: string; key: string; now: Date }) {
  const first = consumeRateLimits(db, [{ key: `logged:${input.key}`, limit: 1, windowMs: LIMITS.loginPerAccountClient.windowMs }], input.now);
  if (!first.allowed) return;
  const scope = input.key.startsWith("login:ip:") ? "ip" : input.key.endsWith(":unknown-devices") ? "account" : "accountClient";
  console.warn(`[security] sign-in locked (${scope}) for ${input.email} from ${input.ip}`);
  recordSecurityEvent(db, { type: "login.lockout", userId: input.userId, ip: input.ip, detail: { email: input.email, scope }, now: input.now });
}

export type ChangePasswordResult = "changed" | "wrongPassword" | { rateLimited: number };

/** Needs the current password; ends every other session of the user (the current one stays). */
export async function changePassword(
  db: Db,
  input: { userId: number; currentPassword: string; newPassword: string; keepSessionId: string; ip: string; now?: Date },
): Promise<ChangePasswordResult> {
  const now = input.now ?? new Date();
  const reserved = consumeRateLimits(db, [{ key: `password-change:user:${input.userId}`, ...LIMITS.passwordChangePerUser }], now);
  if (!reserved.allowed) return { rateLimited: reserved.retryAfterSeconds };
  const user = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, input.userId)).get();
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    recordSecurityEvent(db, { type: "password.changeFailed", userId: input.userId, ip: input.ip, now });
    return "wrongPassword";
  }
  releaseRateLimitHits(db, reserved.hitIds);
  const passwordHash = await hashPassword(input.newPassword);
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, input.userId)).run();
    tx.delete(sessions).where(and(eq(sessions.userId, input.userId), ne(sessions.id, input.keepSessionId))).run();
  }, IMMEDIATE);
  recordSecurityEvent(db, { type: "password.changed", userId: input.userId, ip: input.ip, now });
  return "changed";
}

/** Route-facing wrappers on the shared connection. */
export const authenticateUser = (input: SignInAttempt) => authenticate(getDb(), input);
export const requestSignUpFor = (input: SignUpRequest) => requestSignUp(getDb(), input);
export const confirmEmailFor = (input: { token: string; ip: string }) => confirmEmail(getDb(), input);
export const confirmTokenStateFor = (token: string) => confirmTokenState(getDb(), token);
export const changePasswordFor = (input: Parameters<typeof changePassword>[1]) => changePassword(getDb(), input);
export const resendConfirmationFor = (input: Parameters<typeof resendConfirmation>[1]) => resendConfirmation(getDb(), input);
export const requestPasswordResetFor = (input: Parameters<typeof requestPasswordReset>[1]) => requestPasswordReset(getDb(), input);
export const resetTokenStateFor = (token: string) => resetTokenState(getDb(), token);
export const resetPasswordFor = (input: Parameters<typeof resetPassword>[1]) => resetPassword(getDb(), input);
