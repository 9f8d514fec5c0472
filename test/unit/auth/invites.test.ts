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
beforeEach(async () => {
  ({ db, cleanup } = tempDb());
  admin = (await addUser(db, "admin@x.no"));
  orgA = (await addOrg(db, "a", [[admin, "admin"]]));
  orgB = (await addOrg(db, "b", [[await addUser(db, "b@x.no"), "admin"]]));
});
afterEach(() => cleanup());

describe("invites", () => {
  it("stores only the token's sha256", async () => {
    const { token, expiresAt } = await createInvite(db, { organisationId: orgA, role: "editor", createdBy: admin, now: T0 });
    const row = (await db.select().from(invites))[0]!;
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(expiresAt).toEqual(days(7));
  });

  it("is single use", async () => {
    const { token } = await createInvite(db, { organisationId: orgA, role: "editor", createdBy: admin, now: T0 });
    const u1 = await addUser(db, "u1@x.no");
    const u2 = await addUser(db, "u2@x.no");
    expect((await findInvite(db, token, days(1)))).toMatchObject({ status: "valid", invite: { organisationSlug: "a", role: "editor" } });
    expect((await acceptInvite(db, { token, userId: u1, now: days(1) }))).toEqual({ status: "accepted", organisationSlug: "a" });
    expect((await acceptInvite(db, { token, userId: u2, now: days(1) }))).toEqual({ status: "used" });
    expect((await findInvite(db, token, days(1))).status).toBe("used");
    expect((await listMembers(db, orgA)).map((m) => [m.email, m.role])).toEqual([
      ["admin@x.no", "admin"],
      ["u1@x.no", "editor"],
    ]);
    expect((await listPendingInvites(db, orgA, days(1)))).toEqual([]);
  });

  it("expires after 7 days", async () => {
    const { token } = await createInvite(db, { organisationId: orgA, role: "member", createdBy: admin, now: T0 });
    const u = await addUser(db, "u@x.no");
    expect((await listPendingInvites(db, orgA, days(6.9)))).toHaveLength(1);
    expect((await acceptInvite(db, { token, userId: u, now: days(7) }))).toEqual({ status: "expired" });
    expect((await listMembers(db, orgA))).toHaveLength(1);
  });

  it("rejects unknown tokens and leaves an existing member's role alone", async () => {
    expect((await acceptInvite(db, { token: "nope", userId: admin }))).toEqual({ status: "unknown" });
    const { token } = await createInvite(db, { organisationId: orgA, role: "viewer", createdBy: admin, now: T0 });
    expect((await acceptInvite(db, { token, userId: admin, now: days(1) }))).toEqual({ status: "alreadyMember", organisationSlug: "a" });
    expect((await listMembers(db, orgA))[0]!.role).toBe("admin");
    expect((await findInvite(db, token, days(1))).status).toBe("valid");
  });

  it("joins the invite's own organisation only, and cannot be listed or revoked by another", async () => {
    const { token } = await createInvite(db, { organisationId: orgA, role: "editor", createdBy: admin, now: T0 });
    const id = (await db.select().from(invites))[0]!.id;
    expect((await listPendingInvites(db, orgB, days(1)))).toEqual([]);
    expect((await revokeInvite(db, orgB, id))).toBe(false);
    const u = await addUser(db, "u@x.no");
    await acceptInvite(db, { token, userId: u, now: days(1) });
    expect((await listMembers(db, orgB)).map((m) => m.email)).toEqual(["b@x.no"]);
    expect((await listMembers(db, orgA)).map((m) => m.email)).toContain("u@x.no");
  });

  it("can be revoked by its organisation", async () => {
    const { token } = await createInvite(db, { organisationId: orgA, role: "editor", createdBy: admin, now: T0 });
    const id = (await db.select().from(invites))[0]!.id;
    expect((await revokeInvite(db, orgA, id))).toBe(true);
    expect((await findInvite(db, token)).status).toBe("unknown");
  });
});
