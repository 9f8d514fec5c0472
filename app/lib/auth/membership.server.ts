/**
 * The one gate for organisation routes: who is asking, are they a member, may their role do this.
 * Non-members get 404 (an organisation's existence is not revealed); members lacking the role 403.
 */
import { and, eq } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { getResponse } from "../../../db/queries/responses";
import { memberships, organisations, type Role } from "../../../db/schema";
import { isLocked } from "../../../db/queries/cockpit";
import { can, RESPONSE_WRITES, type Capability } from "./permissions";
import { requireUser, type SessionUser } from "./session.server";

export interface Membership {
  user: SessionUser;
  organisation: { id: number; name: string; slug: string };
  role: Role;
}

export function notFound(): Response {
  return new Response("Not Found", { status: 404 });
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

export async function requireMembership(request: Request, orgSlug: string | undefined, capability: Capability | null): Promise<Membership> {
  const user = await requireUser(request);
  const row = (await getDb()
    .select({ id: organisations.id, name: organisations.name, slug: organisations.slug, role: memberships.role })
    .from(organisations)
    .innerJoin(memberships, and(eq(memberships.organisationId, organisations.id), eq(memberships.userId, user.id)))
    .where(eq(organisations.slug, orgSlug ?? "")))[0];
  if (!row) throw notFound();
  if (capability && !can(row.role, capability)) throw forbidden();
  const { role, ...organisation } = row;
  return { user, organisation, role };
}

/**
 * Membership plus a response of that organisation. 404 comes before 403: an id that belongs to
 * another organisation is "not found" whatever the role, so a refusal never confirms it exists.
 */
export async function requireResponse(
  request: Request,
  params: { org?: string; responseId?: string },
  capability: Capability,
  /**
   * `writes`: the caller changes the response though it asks only for `read` here, because its
   * own role checks come later with messages of their own (comments, members' views).
   */
  options: { writes?: boolean } = {},
) {
  const membership = await requireMembership(request, params.org, null);
  const id = Number(params.responseId);
  const response = Number.isSafeInteger(id) && id > 0 ? (await getResponse(getDb(), membership.organisation.id, id)) : undefined;
  if (!response) throw notFound();
  if (!can(membership.role, capability)) throw forbidden();
  // A submitted response is read-only for everyone until an admin reopens it (issue 9). Also
  // checked inside the write transactions (db/queries/cockpit.ts assertUnlocked).
  const locked = await isLocked(getDb(), response.id);
  if (locked && (options.writes || RESPONSE_WRITES.has(capability))) throw lockedResponse();
  return { ...membership, response, locked };
}

/** 423 Locked: the response has been submitted; the error page explains (error.locked). */
export function lockedResponse(): Response {
  return new Response("Locked: this response has been submitted and is read-only until an admin reopens it.", { status: 423 });
}
