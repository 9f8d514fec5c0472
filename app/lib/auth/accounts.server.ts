/** Accounts: sign-up and sign-in (with rate limiting). Passwords only ever pass through scrypt. */
import { eq } from "drizzle-orm";
import { getDb, type Db } from "../../../db/client";
import { users } from "../../../db/schema";
import { hashPassword, verifyPassword } from "./password.server";
import { checkLoginAllowed, clearAccountFailures, recordLoginFailure } from "./rate-limit.server";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type SignUpResult = { status: "created"; userId: number } | { status: "emailTaken" };

export async function createUser(db: Db, input: { email: string; name: string; password: string }): Promise<SignUpResult> {
  const email = normaliseEmail(input.email);
  const existing = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (existing) return { status: "emailTaken" };
  const passwordHash = await hashPassword(input.password);
  // The unique index decides if two sign-ups race past the check above.
  const row = db
    .insert(users)
    .values({ email, name: input.name.trim(), passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id })
    .get();
  return row ? { status: "created", userId: row.id } : { status: "emailTaken" };
}

export type SignInResult =
  | { status: "ok"; userId: number }
  | { status: "invalid" }
  | { status: "rateLimited"; retryAfterMinutes: number };

let dummyHash: Promise<string> | undefined;

export async function authenticate(
  db: Db,
  input: { email: string; password: string; ip: string; now?: Date },
): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const attempt = { email, ip: input.ip, now: input.now };
  const limit = checkLoginAllowed(db, attempt);
  if (!limit.allowed) return { status: "rateLimited", retryAfterMinutes: limit.retryAfterMinutes };

  const user = db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.email, email)).get();
  // Unknown addresses still pay for one scrypt run, so timing does not reveal which accounts exist.
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !ok) {
    recordLoginFailure(db, attempt);
    return { status: "invalid" };
  }
  clearAccountFailures(db, email);
  return { status: "ok", userId: user.id };
}

/** Route-facing wrappers on the shared connection. */
export const authenticateUser = (input: { email: string; password: string; ip: string }) => authenticate(getDb(), input);
export const signUpUser = (input: { email: string; name: string; password: string }) => createUser(getDb(), input);
