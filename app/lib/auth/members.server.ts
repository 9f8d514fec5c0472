/** Route-facing member management on the shared connection (the logic lives in organisations/invites). */
import { inArray } from "drizzle-orm";
import { getDb, transaction, type Db } from "../../../db/client";
import { users, type Role } from "../../../db/schema";
import type { Lang } from "../i18n";
import { liveHub } from "../live/hub.server";
import { inviteMail } from "../mail/invite-mail";
import { queueMail } from "../mail/outbox.server";
import { createInvite, listPendingInvites, revokeInvite } from "./invites.server";
import { changeRole, listMembers, removeMember } from "./organisations.server";

/** The page's data; each pending invite's link is built from `origin` (PUBLIC_URL). */
export async function membersPage(organisationId: number, origin: string) {
  const db = getDb();
  const invites = (await listPendingInvites(db, organisationId)).map(({ token, ...i }) => ({ ...i, url: token ? `${origin}/invite/${token}` : null }));
  return { members: (await listMembers(db, organisationId)), invites };
}

export const changeMemberRole = async (input: { organisationId: number; userId: number; role: Role; version: number }) => await changeRole(getDb(), input);
export async function removeOrgMember(input: { organisationId: number; userId: number; version: number }) {
  const outcome = await removeMember(getDb(), input);
  // Their open live streams end now, not at the hub's next membership check.
  liveHub.membershipsChanged();
  return outcome;
}
export const createInviteLink = async (input: { organisationId: number; role: Role; createdBy: number }) => await createInvite(getDb(), input);
export const revokeOrgInvite = async (organisationId: number, inviteId: number) => await revokeInvite(getDb(), organisationId, inviteId);

/**
 * One invite per address, each mailed (through the outbox) in the same transaction as its row:
 * all or nothing. The mail is in the invitee's language if they have an account, else the inviter's.
 */
export async function inviteByMail(input: {
  organisation: { id: number; name: string };
  role: Role;
  inviter: { id: number; name: string };
  emails: string[];
  origin: string;
  lang: Lang;
}): Promise<number> {
  const db = getDb();
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    const known = new Map(
      (await t.select({ email: users.email, lang: users.lang }).from(users).where(inArray(users.email, input.emails))).map((u) => [u.email, u.lang] as const),
    );
    for (const email of input.emails) {
      const { token, expiresAt } = await createInvite(t, { organisationId: input.organisation.id, role: input.role, createdBy: input.inviter.id, email });
      const mail = inviteMail(known.get(email) ?? input.lang, {
        org: input.organisation.name,
        inviter: input.inviter.name,
        role: input.role,
        link: `${input.origin}/invite/${token}`,
        expiresAt,
      });
      await queueMail(t, { ...mail, to: email, organisationId: input.organisation.id });
    }
    return input.emails.length;
  });
}
