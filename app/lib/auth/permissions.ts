/** What each role may do. Shared by server checks and UI (to hide buttons users cannot use). */
import type { Role } from "../../../db/schema";

export type { Role };
export type Capability =
  | "read"
  | "edit"
  | "export"
  | "manageMembers"
  | "startResponse"
  | "manageConsultations"
  /** Upload another organisation's published answer as a reference (and delete one's own). */
  | "addReference"
  /** Delete any reference answer, whoever added it. */
  | "deleteAnyReference";

const CAPABILITIES: Record<Role, Capability[]> = {
  admin: ["read", "edit", "export", "manageMembers", "startResponse", "manageConsultations", "addReference", "deleteAnyReference"],
  secretariat: ["read", "edit", "export", "startResponse", "manageConsultations", "addReference", "deleteAnyReference"],
  editor: ["read", "edit", "startResponse", "addReference", "deleteAnyReference"],
  member: ["read", "addReference"],
  viewer: ["read"],
};

export function can(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}
