/**
 * Organisations and their members. Every function that touches members takes the organisation
 * id, so a user id from another organisation simply is not found.
 */
import { and, asc, count, eq, ne } from "drizzle-orm";
import { getDb, IMMEDIATE, type Db } from "../../../db/client";
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

export function createOrganisation(db: Db, input: { name: string; userId: number }): { id: number; slug: string } {
  const name = input.name.trim();
  const base = slugify(name);
  return db.transaction((tx) => {
    let slug = base;
    for (let n = 2; tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)).get(); n++)
      slug = `${base}-${n}`;
    const id = tx.insert(organisations).values({ name, slug }).returning({ id: organisations.id }).get().id;
    tx.insert(memberships).values({ organisationId: id, userId: input.userId, role: "admin" }).run();
    return { id, slug };
  }, IMMEDIATE);
}

export interface UserOrganisation {
  id: number;
  slug: string;
  name: string;
  role: Role;
}

export function userOrganisations(db: Db, userId: number): UserOrganisation[] {
  return db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organisations.name))
    .all();
}

export interface Member {
  userId: number;
  version: number;
  name: string;
  email: string;
  role: Role;
}

export function listMembers(db: Db, organisationId: number): Member[] {
  return db
    .select({ userId: users.id, version: memberships.version, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(asc(users.name))
    .all();
}

function otherAdmins(db: Db, organisationId: number, userId: number): number {
  return (
    db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "admin"), ne(memberships.userId, userId)))
      .get()?.n ?? 0
  );
}

function membershipOf(db: Db, organisationId: number, userId: number): { role: Role; version: number } | undefined {
  return db
    .select({ role: memberships.role, version: memberships.version })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
    .get();
}

export type ChangeRoleResult = "changed" | "unchanged" | "notMember" | "lastAdmin" | "stale";

/**
 * Changes a member's role if nobody changed that membership since `version` was read; the last
 * admin cannot be demoted (nobody could manage members then).
 */
export function changeRole(db: Db, input: { organisationId: number; userId: number; role: Role; version: number }): ChangeRoleResult {
  return db.transaction((tx) => {
    const t = tx as unknown as Db;
    const current = membershipOf(t, input.organisationId, input.userId);
    if (!current) return "notMember";
    if (current.role === input.role) return "unchanged";
    if (current.version !== input.version) return "stale";
    if (current.role === "admin" && otherAdmins(t, input.organisationId, input.userId) === 0) return "lastAdmin";
    tx.update(memberships)
      .set({ role: input.role, version: current.version + 1 })
      .where(and(eq(memberships.organisationId, input.organisationId), eq(memberships.userId, input.userId)))
      .run();
    return "changed";
  }, IMMEDIATE);
}

export type RemoveMemberResult = "removed" | "notMember" | "lastAdmin" | "stale";

/** Removes a member as last seen at `version` (a role changed meanwhile is for the admin to see first). */
export function removeMember(db: Db, input: { organisationId: number; userId: number; version: number }): RemoveMemberResult {
  return db.transaction((tx) => {
    const t = tx as unknown as Db;
    const current = membershipOf(t, input.organisationId, input.userId);
    if (!current) return "notMember";
    if (current.version !== input.version) return "stale";
    if (current.role === "admin" && otherAdmins(t, input.organisationId, input.userId) === 0) return "lastAdmin";
    tx.delete(memberships)
      .where(and(eq(memberships.organisationId, input.organisationId), eq(memberships.userId, input.userId)))
      .run();
    return "removed";
  }, IMMEDIATE);
}

/** Route-facing wrappers on the shared connection. */
export const createOrganisationFor = (input: { name: string; userId: number }) => createOrganisation(getDb(), input);
export const organisationsOf = (userId: number) => userOrganisations(getDb(), userId);
