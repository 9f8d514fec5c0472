/**
 * Accounts: sign-up with e-mail confirmation, sign-in (throttled), password change. Passwords only
 * ever pass through scrypt.
 */
import { randomBytes } from "node:crypto";
import { and, eq, isNull, ne } from "drizzle-orm";
import { getDb, IMMEDIATE, type Db } from "../../../db/client";
import { emailTokens, sessions, users } from "../../../db/schema";
import { translator, type Lang } from "../i18n";
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
  /** Origin for links in the mail, e.g. "https://svar.example.no". */
  origin: string;
  lang: Lang;
  ip: string;
  now?: Date;
}

/**
 * Every sign-up gets the same answer ("check your e-mail"), whether the address is new or taken,
 * so the form cannot be used to find out who has an account. A new (or still unconfirmed) address
 * gets a confirmation link; a confirmed one a notice that someone tried to sign up with it.
 * Both paths run scrypt, so timing does not tell them apart either.
 */
export async function requestSignUp(db: Db, input: SignUpRequest): Promise<void> {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  const t = translator(input.lang);
  const passwordHash = await hashPassword(input.password);
  const token = randomBytes(32).toString("base64url");
  const existing = db.transaction((tx) => {
    const found = tx.select({ id: users.id, confirmedAt: users.emailConfirmedAt }).from(users).where(eq(users.email, email)).get();
    if (found?.confirmedAt) return { userId: found.id, confirmed: true };
    let userId = found?.id;
    if (userId) {
      // A repeated sign-up for a pending address: the newest password counts, older links die.
      tx.update(users).set({ name: input.name.trim(), passwordHash }).where(eq(users.id, userId)).run();
      tx.delete(emailTokens).where(and(eq(emailTokens.userId, userId), isNull(emailTokens.usedAt))).run();
    } else {
      userId = tx.insert(users).values({ email, name: input.name.trim(), passwordHash }).returning({ id: users.id }).get().id;
    }
    tx.insert(emailTokens)
      .values({
        userId,
        purpose: "confirm",
        tokenHash: hashToken(token),
        redirectTo: input.redirectTo ? safeRedirect(input.redirectTo, "") || null : null,
        expiresAt: new Date(now.getTime() + CONFIRM_HOURS * 3_600_000),
      })
      .run();
    return { userId, confirmed: false };
  }, IMMEDIATE);
  if (existing.confirmed) {
    queueMail(db, {
      to: email,
      subject: t("mail.exists.subject"),
      body: t("mail.exists.body", { link: `${input.origin}/login` }),
    });
  } else {
    queueMail(db, {
      to: email,
      subject: t("mail.confirm.subject"),
      body: t("mail.confirm.body", { name: input.name.trim(), link: `${input.origin}/confirm/${token}`, hours: CONFIRM_HOURS }),
    });
  }
  recordSecurityEvent(db, { type: "signup.attempt", userId: existing.userId, ip: input.ip, detail: { existingAccount: existing.confirmed }, now });
}

export type ConfirmLookup = "valid" | "unknown" | "expired" | "used";

function findConfirmToken(db: Db, token: string) {
  return db
    .select({ id: emailTokens.id, userId: emailTokens.userId, expiresAt: emailTokens.expiresAt, usedAt: emailTokens.usedAt, redirectTo: emailTokens.redirectTo })
    .from(emailTokens)
    .where(and(eq(emailTokens.tokenHash, hashToken(token)), eq(emailTokens.purpose, "confirm")))
    .get();
}

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
): { status: "confirmed"; redirectTo: string | null } | { status: Exclude<ConfirmLookup, "valid"> } {
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
    return { status: "confirmed" as const, redirectTo: row.redirectTo };
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
