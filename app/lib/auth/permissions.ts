/** What each role may do. Shared by server checks and UI (to hide buttons users cannot use). */
import type { Role } from "../../../db/schema";

export type { Role };
/** `position`: record one's own view and ranking on a response's measures (members' voice). */
export type Capability = "read" | "edit" | "export" | "manageMembers" | "startResponse" | "manageConsultations" | "position";

const CAPABILITIES: Record<Role, Capability[]> = {
  admin: ["read", "edit", "export", "manageMembers", "startResponse", "manageConsultations", "position"],
  secretariat: ["read", "edit", "export", "startResponse", "manageConsultations", "position"],
  editor: ["read", "edit", "startResponse", "position"],
  member: ["read", "position"],
  viewer: ["read"],
};

export function can(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}
