import { describe, expect, it } from "vitest";
import { can, type Capability, type Role } from "~/lib/auth/permissions";

// The README's roles table, as data: a change to permissions.ts must change this too.
const TABLE: Record<Role, Record<Capability, boolean>> = {
  admin: { read: true, edit: true, export: true, startResponse: true, manageMembers: true, manageConsultations: true, addReference: true, deleteAnyReference: true, setStatus: true, assign: true, setDeadline: true, submit: true, reopen: true, comment: true, resolve: true, position: true },
  secretariat: { read: true, edit: true, export: true, startResponse: true, manageMembers: false, manageConsultations: true, addReference: true, deleteAnyReference: true, setStatus: true, assign: true, setDeadline: true, submit: true, reopen: false, comment: true, resolve: true, position: true },
  editor: { read: true, edit: true, export: false, startResponse: true, manageMembers: false, manageConsultations: false, addReference: true, deleteAnyReference: true, setStatus: true, assign: true, setDeadline: false, submit: false, reopen: false, comment: true, resolve: true, position: true },
  member: { read: true, edit: false, export: false, startResponse: false, manageMembers: false, manageConsultations: false, addReference: true, deleteAnyReference: false, setStatus: false, assign: false, setDeadline: false, submit: false, reopen: false, comment: true, resolve: false, position: true },
  viewer: { read: true, edit: false, export: false, startResponse: false, manageMembers: false, manageConsultations: false, addReference: false, deleteAnyReference: false, setStatus: false, assign: false, setDeadline: false, submit: false, reopen: false, comment: false, resolve: false, position: false },
};

describe("can()", () => {
  for (const [role, caps] of Object.entries(TABLE) as [Role, Record<Capability, boolean>][])
    for (const [capability, expected] of Object.entries(caps) as [Capability, boolean][])
      it(`${role} ${expected ? "may" : "may not"} ${capability}`, () => expect(can(role, capability)).toBe(expected));
});

describe("roles", () => {
  it("the client-side role list matches the database enum", async () => {
    const { ROLES } = await import("~/lib/auth/roles");
    const schema = await import("../../../db/schema");
    expect(ROLES).toEqual(schema.ROLES);
  });
});
