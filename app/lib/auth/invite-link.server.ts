/**
 * Invite tokens that can be shown again without being stored: token = HMAC(secret, nonce). The
 * invites row keeps the nonce and the token's sha256 (for lookup); the database alone does not
 * give the links away, the secret (SESSION_SECRET or data/session-secret) is needed as well.
 */
import { createHmac, randomBytes } from "node:crypto";
import { sessionSecret } from "./session.server";

export function newLinkNonce(): string {
  return randomBytes(16).toString("base64url");
}

export function inviteTokenFor(nonce: string): string {
  return createHmac("sha256", sessionSecret()).update(`invite-link:${nonce}`).digest("base64url");
}
