/**
 * Sessions: a random id stored in the `sessions` table, carried in a signed HttpOnly cookie
 * (`__Host-hs_session` over https: Secure, Path=/, no Domain). A session ends after 8 hours
 * without a request (idle) and 14 days after sign-in (absolute), when the user signs out, signs
 * out everywhere, or changes their password elsewhere. Signing out deletes the row, so a copied
 * cookie stops working.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createCookie, redirect, type Cookie } from "@remix-run/node";
import { eq, lte, or, sql } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { sessions, users } from "../../../db/schema";
import { prepared } from "../../../db/statements";
import { recordSecurityEvent } from "../security/events.server";

export const SESSION_IDLE_MS = 8 * 3_600_000;
export const SESSION_ABSOLUTE_MS = 14 * 86_400_000;
/** last_seen_at is written at most this often: most requests only read the session. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;
const DEVICE_COOKIE_DAYS = 365;

/** SESSION_SECRET, or a random secret kept next to the database so restarts keep sessions. */
export function sessionSecret(): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = path.resolve("data/session-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/**
 * https as Express sees it: `req.protocol`, which honours X-Forwarded-Proto only when TRUST_PROXY
 * is set (the Remix adapter builds request.url from it). A client-sent header alone counts for nothing.
 */
export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

const cookies = new Map<string, Cookie>();
function cookieFor(kind: "session" | "device", request: Request): Cookie {
  const secure = isHttps(request);
  // __Host- makes the browser insist on Secure, Path=/ and no Domain: no subdomain can plant or read it.
  const name = `${secure ? "__Host-" : ""}hs_${kind}`;
  let cookie = cookies.get(name);
  if (!cookie) {
    cookie = createCookie(name, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure,
      secrets: [sessionSecret()],
      maxAge: kind === "session" ? SESSION_ABSOLUTE_MS / 1000 : DEVICE_COOKIE_DAYS * 86_400,
    });
    cookies.set(name, cookie);
  }
  return cookie;
}

export interface SessionUser {
  id: number;
  email: string;
  name: string;
}

async function sessionId(request: Request): Promise<string | null> {
  const value: unknown = await cookieFor("session", request).parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

/** Requests the page makes by itself (live stream, its rechecks, presence): checked, but no sign of a user. */
const background = new WeakSet<Request>();

/** Marks a request as background: it does not slide the idle timeout, so an open tab alone never keeps a session alive. */
export function asBackground(request: Request): Request {
  background.add(request);
  return request;
}

/**
 * The header the browser's live connection puts on the data requests of the revalidations it
 * starts by itself (app/lib/live/connection.ts). It can only make a request count for less (no
 * sliding of the idle timeout), so a client sending it gains nothing.
 */
export const BACKGROUND_HEADER = "X-Background-Request";

const isBackground = (request: Request) => background.has(request) || request.headers.has(BACKGROUND_HEADER);

/** The session behind the request, if it is still valid; slides the idle timeout (not for background requests). */
export async function getSession(request: Request): Promise<{ id: string; user: SessionUser } | null> {
  const id = await sessionId(request);
  if (!id) return null;
  const db = getDb();
  // Every signed-in request: prepared once per connection.
  const row = (await prepared(db, "session.get", () =>
    db
      .select({ userId: users.id, email: users.email, name: users.name, expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sql.placeholder("id")))
      .prepare(),
  ).execute({ id }))[0];
  if (!row) return null;
  const now = Date.now();
  if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() <= now - SESSION_IDLE_MS) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now - row.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS && !isBackground(request))
    await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, id));
  return { id, user: { id: row.userId, email: row.email, name: row.name } };
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null;
}

function signInRedirect(request: Request): never {
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** The signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  return (await getSession(request))?.user ?? signInRedirect(request);
}

export async function requireSession(request: Request): Promise<{ id: string; user: SessionUser }> {
  return (await getSession(request)) ?? signInRedirect(request);
}

/**
 * Creates a fresh session row (a new id at every sign-in: no fixation) and returns Set-Cookie
 * values for it and for the long-lived "known device" cookie of this user.
 */
export async function createUserSession(request: Request, userId: number): Promise<string[]> {
  const id = randomBytes(32).toString("base64url");
  const db = getDb();
  const now = Date.now();
  // Dead sessions are useless; dropping them at sign-in keeps the table small without a job.
  await db.delete(sessions)
    .where(or(lte(sessions.expiresAt, new Date(now)), lte(sessions.lastSeenAt, new Date(now - SESSION_IDLE_MS))));
  await db.insert(sessions)
    .values({ id, userId, expiresAt: new Date(now + SESSION_ABSOLUTE_MS), lastSeenAt: new Date(now), createdAt: new Date(now) });
  const device = (await knownDevice(request)) ?? { userId, id: randomBytes(16).toString("base64url") };
  const deviceValue = device.userId === userId ? device : { userId, id: randomBytes(16).toString("base64url") };
  return [await cookieFor("session", request).serialize(id), await cookieFor("device", request).serialize(deviceValue)];
}

/** The signed "known device" cookie: which user signed in on this browser before. */
export async function knownDevice(request: Request): Promise<{ userId: number; id: string } | null> {
  const value: unknown = await cookieFor("device", request).parse(request.headers.get("Cookie"));
  if (typeof value !== "object" || value === null) return null;
  const { userId, id } = value as { userId?: unknown; id?: unknown };
  return typeof userId === "number" && typeof id === "string" && /^[A-Za-z0-9_-]{10,64}$/.test(id) ? { userId, id } : null;
}

/** Deletes the session row and returns a Set-Cookie header that clears the cookie. */
export async function destroyUserSession(request: Request): Promise<string> {
  const id = await sessionId(request);
  if (id) await getDb().delete(sessions).where(eq(sessions.id, id));
  return cookieFor("session", request).serialize("", { maxAge: 0 });
}

/** Ends every session of the user, on every device; returns a Set-Cookie that clears this one. */
export async function destroyAllUserSessions(request: Request, userId: number, ip: string): Promise<string> {
  const db = getDb();
  const ended = (await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id })).length;
  await recordSecurityEvent(db, { type: "sessions.revokedAll", userId, ip, detail: { sessions: ended } });
  return cookieFor("session", request).serialize("", { maxAge: 0 });
}

// Moved to a shared module so components can use it too; re-exported for existing imports.
export { safeRedirect } from "./redirect";
