/** Route-facing member management on the shared connection (the logic lives in organisations/invites). */
import { getDb } from "../../../db/client";
import type { Role } from "../../../db/schema";
import { liveHub } from "../live/hub.server";
import { createInvite, listPendingInvites, revokeInvite } from "./invites.server";
import { changeRole, listMembers, removeMember } from "./organisations.server";

export function membersPage(organisationId: number) {
  const db = getDb();
  return { members: listMembers(db, organisationId), invites: listPendingInvites(db, organisationId) };
}

export const changeMemberRole = (input: { organisationId: number; userId: number; role: Role; version: number }) => changeRole(getDb(), input);
export function removeOrgMember(input: { organisationId: number; userId: number; version: number }) {
  const outcome = removeMember(getDb(), input);
  // Their open live streams end now, not at the hub's next membership check.
  liveHub.membershipsChanged();
  return outcome;
}
export const createInviteLink = (input: { organisationId: number; role: Role; createdBy: number }) => createInvite(getDb(), input);
export const revokeOrgInvite = (organisationId: number, inviteId: number) => revokeInvite(getDb(), organisationId, inviteId);
