/**
 * One-click unsubscribe (RFC 8058): every notification mail names a URL under PUBLIC_URL that
 * turns its kind off for its reader, without signing in. The URL carries the user id, the kind
 * and an HMAC over both (the session secret, separated by purpose): nothing else can be forged
 * from it, and a changed id or kind fails the check.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "../../auth/session.server";
import { isMailKind, type MailKind } from "../preferences.server";

/** A kind, or "digest": the daily summary as a whole (every kind now sent in it). */
export type UnsubscribeKind = MailKind | "digest";
const isUnsubscribeKind = (v: unknown): v is UnsubscribeKind => v === "digest" || isMailKind(v);

function sign(userId: number, kind: UnsubscribeKind): string {
  return createHmac("sha256", sessionSecret()).update(`unsubscribe:${userId}:${kind}`).digest("base64url").slice(0, 32);
}

export function unsubscribeToken(userId: number, kind: UnsubscribeKind): string {
  return `${userId}.${kind}.${sign(userId, kind)}`;
}

export function unsubscribeUrl(origin: string, userId: number, kind: UnsubscribeKind): string {
  return `${origin}/unsubscribe/${unsubscribeToken(userId, kind)}`;
}

/** The user and kind a token names, or null when it is malformed or its signature is wrong. */
export function verifyUnsubscribeToken(token: string): { userId: number; kind: UnsubscribeKind } | null {
  const m = /^([1-9][0-9]{0,15})\.([a-z]{1,20})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m || !isUnsubscribeKind(m[2])) return null;
  const userId = Number(m[1]);
  if (!Number.isSafeInteger(userId)) return null;
  const expected = Buffer.from(sign(userId, m[2]));
  const given = Buffer.from(m[3]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { userId, kind: m[2] } : null;
}

/** The headers that make a mail client show "Unsubscribe" and POST to it in one click. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
