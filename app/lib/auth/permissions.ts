/** What each role may do. Shared by server checks and UI (to hide buttons users cannot use). */
import type { Role } from "../../../db/schema";

export type { Role };
export type Capability = "read" | "edit" | "export" | "manageMembers" | "startResponse" | "manageConsultations";

const CAPABILITIES: Record<Role, Capability[]> = {
  admin: ["read", "edit", "export", "manageMembers", "startResponse", "manageConsultations"],
  secretariat: ["read", "edit", "export", "startResponse", "manageConsultations"],
  editor: ["read", "edit", "startResponse"],
  member: ["read"],
  viewer: ["read"],
};

export function can(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}
