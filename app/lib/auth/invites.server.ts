/**
 * Invite links: single use, valid for 7 days, for one organisation and role. Only the sha256 of
 * the token is stored, with the nonce it is derived from (invite-link.server.ts), so a pending
 * invite's link can be shown again to the organisation's admins.
 */
import { createHash } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { getDb, transaction, type Db } from "../../../db/client";
import { invites, memberships, organisations, users, type Role } from "../../../db/schema";
import { recordSecurityEvent } from "../security/events.server";
import { inviteTokenFor, newLinkNonce } from "./invite-link.server";

export const INVITE_DAYS = 7;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createInvite(
  db: Db,
  input: { organisationId: number; role: Role; createdBy: number; email?: string | null; now?: Date },
): Promise<{ id: number; token: string; expiresAt: Date }> {
  const nonce = newLinkNonce();
  const token = inviteTokenFor(nonce);
  const expiresAt = new Date((input.now ?? new Date()).getTime() + INVITE_DAYS * 86_400_000);
  const row = (await db
    .insert(invites)
    .values({
      organisationId: input.organisationId,
      tokenHash: hashToken(token),
      linkNonce: nonce,
      email: input.email ?? null,
      role: input.role,
      createdBy: input.createdBy,
      expiresAt,
    })
    .returning({ id: invites.id }))[0]!;
  return { id: row.id, token, expiresAt };
}

export interface PendingInvite {
  id: number;
  role: Role;
  expiresAt: Date;
  createdByName: string;
  email: string | null;
  /** The link's token; null for invites made before links could be shown again. */
  token: string | null;
}

export async function listPendingInvites(db: Db, organisationId: number, now = new Date()): Promise<PendingInvite[]> {
  return (await db
    .select({ id: invites.id, role: invites.role, expiresAt: invites.expiresAt, createdByName: users.name, email: invites.email, nonce: invites.linkNonce })
    .from(invites)
    .innerJoin(users, eq(users.id, invites.createdBy))
    .where(and(eq(invites.organisationId, organisationId), isNull(invites.usedAt), gt(invites.expiresAt, now)))
    .orderBy(desc(invites.id))
    )
    .map(({ nonce, ...row }) => ({ ...row, token: nonce ? inviteTokenFor(nonce) : null }));
}

/** Deletes an unused invite of this organisation; false when there is none with that id. */
export async function revokeInvite(db: Db, organisationId: number, inviteId: number): Promise<boolean> {
  const result = await db
    .delete(invites)
    .where(and(eq(invites.id, inviteId), eq(invites.organisationId, organisationId), isNull(invites.usedAt)))
    .returning({ id: invites.id });
  return result.length > 0;
}

export interface InviteInfo {
  organisationId: number;
  organisationName: string;
  organisationSlug: string;
  role: Role;
}

export type InviteLookup = { status: "valid"; invite: InviteInfo } | { status: "unknown" | "expired" | "used" };

async function lookup(db: Db, token: string, now: Date): Promise<InviteLookup & { id?: number }> {
  const row = (await db
    .select({
      id: invites.id,
      role: invites.role,
      expiresAt: invites.expiresAt,
      usedAt: invites.usedAt,
      organisationId: organisations.id,
      organisationName: organisations.name,
      organisationSlug: organisations.slug,
    })
    .from(invites)
    .innerJoin(organisations, eq(organisations.id, invites.organisationId))
    .where(eq(invites.tokenHash, hashToken(token))))[0];
  if (!row) return { status: "unknown" };
  if (row.usedAt) return { status: "used" };
  if (row.expiresAt.getTime() <= now.getTime()) return { status: "expired" };
  const { id, expiresAt: _e, usedAt: _u, ...invite } = row;
  return { status: "valid", invite, id };
}

export async function findInvite(db: Db, token: string, now = new Date()): Promise<InviteLookup> {
  const { id: _id, ...result } = await lookup(db, token, now);
  return result;
}

export type AcceptResult =
  | { status: "accepted" | "alreadyMember"; organisationSlug: string }
  | { status: "unknown" | "expired" | "used" };

/** Makes the user a member with the invite's role and uses the invite up, atomically. */
export async function acceptInvite(db: Db, input: { token: string; userId: number; ip?: string; now?: Date }): Promise<AcceptResult> {
  const now = input.now ?? new Date();
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    const found = await lookup(t, input.token, now);
    if (found.status !== "valid") return { status: found.status };
    const { invite } = found;
    const existing = (await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organisationId, invite.organisationId), eq(memberships.userId, input.userId))))[0];
    // A member keeps their role and the invite stays usable for the person it was meant for.
    if (existing) return { status: "alreadyMember", organisationSlug: invite.organisationSlug };
    const used = await tx
      .update(invites)
      .set({ usedAt: now, usedBy: input.userId })
      .where(and(eq(invites.id, found.id!), isNull(invites.usedAt)))
      .returning({ id: invites.id });
    if (used.length !== 1) return { status: "used" };
    await tx.insert(memberships).values({ organisationId: invite.organisationId, userId: input.userId, role: invite.role });
    await recordSecurityEvent(t, {
      type: "invite.accepted",
      userId: input.userId,
      organisationId: invite.organisationId,
      ip: input.ip,
      detail: { role: invite.role, inviteId: found.id! },
      now,
    });
    return { status: "accepted", organisationSlug: invite.organisationSlug };
  });
}

export type InvitePageState =
  | { status: "unknown" }
  | { status: "expired" }
  | { status: "used" }
  | { status: "tooMany" }
  | { status: "valid"; organisationName: string; organisationSlug: string; role: Role }
  | { status: "alreadyMember"; organisationName: string; organisationSlug: string; role: Role };

/** What the invite page shows to this visitor (userId null when signed out). */
export async function invitePageState(token: string, userId: number | null): Promise<InvitePageState> {
  const db = getDb();
  const found = await findInvite(db, token);
  if (found.status !== "valid") return found;
  const { organisationId, organisationName, organisationSlug, role } = found.invite;
  const member =
    userId !== null &&
    (await db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId))))[0];
  const details = { organisationName, organisationSlug, role };
  return member ? { status: "alreadyMember", ...details } : { status: "valid", ...details };
}

export const acceptInviteFor = async (token: string, userId: number, ip: string) => await acceptInvite(getDb(), { token, userId, ip });
