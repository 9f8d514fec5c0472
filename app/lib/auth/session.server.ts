/**
 * Sessions: a random id stored in the `sessions` table, carried in a signed HttpOnly cookie.
 * Signing out deletes the row, so a copied cookie stops working.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, gt, lte } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { sessions, users } from "../../../db/schema";

const SESSION_DAYS = 30;

/** SESSION_SECRET, or a random secret kept next to the database so restarts keep sessions. */
function sessionSecret(): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = path.resolve("data/session-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie(request: Request) {
  cookie ??= createCookie("hs_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secrets: [sessionSecret()],
    maxAge: SESSION_DAYS * 24 * 60 * 60,
  });
  // Secure when served over https (the flag is per response, the cookie name stays the same).
  return { cookie, secure: new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https" };
}

export interface SessionUser {
  id: number;
  email: string;
  name: string;
}

async function sessionId(request: Request): Promise<string | null> {
  const { cookie } = sessionCookie(request);
  const value: unknown = await cookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  const id = await sessionId(request);
  if (!id) return null;
  const row = getDb()
    .select({ id: users.id, email: users.email, name: users.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date())))
    .get();
  return row ?? null;
}

/** The signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

/** Creates a session row and returns the Set-Cookie header value. */
export async function createUserSession(request: Request, userId: number): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  const db = getDb();
  // Expired sessions are useless; dropping them at sign-in keeps the table small without a job.
  db.delete(sessions).where(lte(sessions.expiresAt, new Date())).run();
  db.insert(sessions)
    .values({ id, userId, expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000) })
    .run();
  const { cookie, secure } = sessionCookie(request);
  return cookie.serialize(id, { secure });
}

/** Deletes the session row and returns a Set-Cookie header that clears the cookie. */
export async function destroyUserSession(request: Request): Promise<string> {
  const id = await sessionId(request);
  if (id) getDb().delete(sessions).where(eq(sessions.id, id)).run();
  const { cookie, secure } = sessionCookie(request);
  return cookie.serialize("", { maxAge: 0, secure });
}

// Moved to a shared module so components can use it too; re-exported for existing imports.
export { safeRedirect } from "./redirect";
