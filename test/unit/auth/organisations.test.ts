import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../db/client";
import { changeRole, createOrganisation, listMembers, removeMember, slugify, userOrganisations } from "~/lib/auth/organisations.server";
import { addOrg, addUser, tempDb } from "./helpers";

let db: Db;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

describe("organisations", () => {
  it("makes readable, unique slugs", async () => {
    expect(slugify("Norsk Forening for Ærlige Øl & Å")).toBe("norsk-forening-for-aerlige-ol-a");
    expect(slugify("  !!! ")).toBe("organisasjon");
    const u = await addUser(db, "a@x.no");
    expect((await createOrganisation(db, { name: "Legeforeningen", userId: u })).slug).toBe("legeforeningen");
    expect((await createOrganisation(db, { name: "Legeforeningen!", userId: u })).slug).toBe("legeforeningen-2");
    expect((await userOrganisations(db, u)).map((o) => o.role)).toEqual(["admin", "admin"]);
  });
});

describe("last-admin protection", () => {
  it("refuses to demote or remove the only admin, allows it once there is another", async () => {
    const admin = await addUser(db, "admin@x.no");
    const other = await addUser(db, "other@x.no");
    const org = await addOrg(db, "a", [
      [admin, "admin"],
      [other, "editor"],
    ]);
    expect((await changeRole(db, { organisationId: org, userId: admin, role: "editor", version: 1 }))).toBe("lastAdmin");
    expect((await removeMember(db, { organisationId: org, userId: admin, version: 1 }))).toBe("lastAdmin");
    expect((await changeRole(db, { organisationId: org, userId: other, role: "admin", version: 1 }))).toBe("changed");
    expect((await changeRole(db, { organisationId: org, userId: admin, role: "viewer", version: 1 }))).toBe("changed");
    expect((await removeMember(db, { organisationId: org, userId: other, version: 2 }))).toBe("lastAdmin");
    expect((await listMembers(db, org)).map((m) => [m.email, m.role])).toEqual([
      ["admin@x.no", "viewer"],
      ["other@x.no", "admin"],
    ]);
  });

  it("does not touch members of another organisation", async () => {
    const a = await addUser(db, "a@x.no");
    const b = await addUser(db, "b@x.no");
    const orgA = await addOrg(db, "a", [[a, "admin"]]);
    const orgB = await addOrg(db, "b", [[b, "editor"]]);
    expect((await changeRole(db, { organisationId: orgA, userId: b, role: "viewer", version: 1 }))).toBe("notMember");
    expect((await removeMember(db, { organisationId: orgA, userId: b, version: 1 }))).toBe("notMember");
    expect((await listMembers(db, orgB))[0]!.role).toBe("editor");
  });
});

describe("concurrent membership changes", () => {
  it("refuses a role change or removal based on a version someone else already changed", async () => {
    const admin = await addUser(db, "admin@x.no");
    const member = await addUser(db, "member@x.no");
    const org = await addOrg(db, "a", [
      [admin, "admin"],
      [member, "member"],
    ]);
    // Two admins' pages both show version 1; the first change wins, the second is told.
    expect((await changeRole(db, { organisationId: org, userId: member, role: "editor", version: 1 }))).toBe("changed");
    expect((await changeRole(db, { organisationId: org, userId: member, role: "viewer", version: 1 }))).toBe("stale");
    expect((await removeMember(db, { organisationId: org, userId: member, version: 1 }))).toBe("stale");
    expect((await listMembers(db, org)).find((m) => m.email === "member@x.no")).toMatchObject({ role: "editor", version: 2 });
    // Asking for the role it already has changes nothing, whatever version was seen.
    expect((await changeRole(db, { organisationId: org, userId: member, role: "editor", version: 1 }))).toBe("unchanged");
    expect((await removeMember(db, { organisationId: org, userId: member, version: 2 }))).toBe("removed");
  });
});
