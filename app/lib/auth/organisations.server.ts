/**
 * Organisations and their members. Every function that touches members takes the organisation
 * id, so a user id from another organisation simply is not found.
 */
import { and, asc, count, eq, ne } from "drizzle-orm";
import { getDb, transaction, type Db } from "../../../db/client";
import { memberships, organisations, users, type Role } from "../../../db/schema";

/** "Norsk Forening for Ærlige Øl" → "norsk-forening-for-aerlige-ol". */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/å/g, "a")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
  return slug || "organisasjon";
}

export async function createOrganisation(db: Db, input: { name: string; userId: number }): Promise<{ id: number; slug: string }> {
  const name = input.name.trim();
  const base = slugify(name);
  return await transaction(db, async (tx) => {
    let slug = base;
    for (let n = 2; (await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)))[0]; n++)
      slug = `${base}-${n}`;
    const id = (await tx.insert(organisations).values({ name, slug }).returning({ id: organisations.id }))[0]!.id;
    await tx.insert(memberships).values({ organisationId: id, userId: input.userId, role: "admin" });
    return { id, slug };
  });
}

export interface UserOrganisation {
  id: number;
  slug: string;
  name: string;
  role: Role;
}

export async function userOrganisations(db: Db, userId: number): Promise<UserOrganisation[]> {
  return await db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organisations.name));
}

export interface Member {
  userId: number;
  version: number;
  name: string;
  email: string;
  role: Role;
}

export async function listMembers(db: Db, organisationId: number): Promise<Member[]> {
  return await db
    .select({ userId: users.id, version: memberships.version, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(asc(users.name));
}

async function otherAdmins(db: Db, organisationId: number, userId: number): Promise<number> {
  return (
    (await db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "admin"), ne(memberships.userId, userId))))[0]?.n ?? 0
  );
}

async function membershipOf(db: Db, organisationId: number, userId: number): Promise<{ role: Role; version: number } | undefined> {
  return (await db
    .select({ role: memberships.role, version: memberships.version })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId))))[0];
}

export type ChangeRoleResult = "changed" | "unchanged" | "notMember" | "lastAdmin" | "stale";

/**
 * Changes a member's role if nobody changed that membership since `version` was read; the last
 * admin cannot be demoted (nobody could manage members then).
 */
export async function changeRole(db: Db, input: { organisationId: number; userId: number; role: Role; version: number }): Promise<ChangeRoleResult> {
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    const current = await membershipOf(t, input.organisationId, input.userId);
    if (!current) return "notMember";
    if (current.role === input.role) return "unchanged";
    if (current.version !== input.version) return "stale";
    if (current.role === "admin" && (await otherAdmins(t, input.organisationId, input.userId)) === 0) return "lastAdmin";
    await tx.update(memberships)
      .set({ role: input.role, version: current.version + 1 })
      .where(and(eq(memberships.organisationId, input.organisationId), eq(memberships.userId, input.userId)));
    return "changed";
  });
}

export type RemoveMemberResult = "removed" | "notMember" | "lastAdmin" | "stale";

/** Removes a member as last seen at `version` (a role changed meanwhile is for the admin to see first). */
export async function removeMember(db: Db, input: { organisationId: number; userId: number; version: number }): Promise<RemoveMemberResult> {
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    const current = await membershipOf(t, input.organisationId, input.userId);
    if (!current) return "notMember";
    if (current.version !== input.version) return "stale";
    if (current.role === "admin" && (await otherAdmins(t, input.organisationId, input.userId)) === 0) return "lastAdmin";
    await tx.delete(memberships)
      .where(and(eq(memberships.organisationId, input.organisationId), eq(memberships.userId, input.userId)));
    return "removed";
  });
}

/** Route-facing wrappers on the shared connection. */
export const createOrganisationFor = async (input: { name: string; userId: number }) => await createOrganisation(getDb(), input);
export const organisationsOf = async (userId: number) => await userOrganisations(getDb(), userId);
