import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../db/client";
import { invites } from "../../../db/schema";
import { acceptInvite, createInvite, findInvite, hashToken, listPendingInvites, revokeInvite } from "~/lib/auth/invites.server";
import { listMembers } from "~/lib/auth/organisations.server";
import { addOrg, addUser, tempDb } from "./helpers";

const T0 = new Date("2025-03-01T10:00:00Z");
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

let db: Db;
let cleanup: () => void;
let admin: number;
let orgA: number;
let orgB: number;
beforeEach(() => {
  ({ db, cleanup } = tempDb());
  admin = addUser(db, "admin@x.no");
  orgA = addOrg(db, "a", [[admin, "admin"]]);
  orgB = addOrg(db, "b", [[addUser(db, "b@x.no"), "admin"]]);
});
afterEach(() => cleanup());

describe("invites", () => {
  it("stores only the token's sha256", () => {
    const { token, expiresAt } = createInvite(db, { organisationId: orgA, role: "editor", createdBy: admin, now: T0 });
    const row = db.select().from(invites).get()!;
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(expiresAt).toEqual(days(7));
  });

  it("is single use", () => {
    const { token } = createInvite(db, { organisationId: orgA, role: "editor", createdBy: admin, now: T0 });
    const u1 = addUser(db, "u1@x.no");
    const u2 = addUser(db, "u2@x.no");
    expect(findInvite(db, token, days(1))).toMatchObject({ status: "valid", invite: { organisationSlug: "a", role: "editor" } });
    expect(acceptInvite(db, { token, userId: u1, now: days(1) })).toEqual({ status: "accepted", organisationSlug: "a" });
    expect(acceptInvite(db, { token, userId: u2, now: days(1) })).toEqual({ status: "used" });
    expect(findInvite(db, token, days(1)).status).toBe("used");
    expect(listMembers(db, orgA).map((m) => [m.email, m.role])).toEqual([
      ["admin@x.no", "admin"],
      ["u1@x.no", "editor"],
    ]);
    expect(listPendingInvites(db, orgA, days(1))).toEqual([]);
  });

  it("expires after 7 days", () => {
    const { token } = createInvite(db, { organisationId: orgA, role: "member", createdBy: admin, now: T0 });
    const u = addUser(db, "u@x.no");
    expect(listPendingInvites(db, orgA, days(6.9))).toHaveLength(1);
    expect(acceptInvite(db, { token, userId: u, now: days(7) })).toEqual({ status: "expired" });
    expect(listMembers(db, orgA)).toHaveLength(1);
  });

  it("rejects unknown tokens and leaves an existing member's role alone", () => {
    expect(acceptInvite(db, { token: "nope", userId: admin })).toEqual({ status: "unknown" });
    const { token } = createInvite(db, { organisationId: orgA, role: "viewer", createdBy: admin, now: T0 });
    expect(acceptInvite(db, { token, userId: admin, now: days(1) })).toEqual({ status: "alreadyMember", organisationSlug: "a" });
    expect(listMembers(db, orgA)[0]!.role).toBe("admin");
    expect(findInvite(db, token, days(1)).status).toBe("valid");
  });

  it("joins the invite's own organisation only, and cannot be listed or revoked by another", () => {
    const { token } = createInvite(db, { organisationId: orgA, role: "editor", createdBy: admin, now: T0 });
    const id = db.select().from(invites).get()!.id;
    expect(listPendingInvites(db, orgB, days(1))).toEqual([]);
    expect(revokeInvite(db, orgB, id)).toBe(false);
    const u = addUser(db, "u@x.no");
    acceptInvite(db, { token, userId: u, now: days(1) });
    expect(listMembers(db, orgB).map((m) => m.email)).toEqual(["b@x.no"]);
    expect(listMembers(db, orgA).map((m) => m.email)).toContain("u@x.no");
  });

  it("can be revoked by its organisation", () => {
    const { token } = createInvite(db, { organisationId: orgA, role: "editor", createdBy: admin, now: T0 });
    const id = db.select().from(invites).get()!.id;
    expect(revokeInvite(db, orgA, id)).toBe(true);
    expect(findInvite(db, token).status).toBe("unknown");
  });
});
