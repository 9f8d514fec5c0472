/** What each role may do. Shared by server checks and UI (to hide buttons users cannot use). */
import type { Role } from "../../../db/schema";

export type { Role };
export type Capability = "read" | "edit" | "export" | "manageMembers" | "startResponse" | "manageConsultations" | "comment" | "resolve";

const CAPABILITIES: Record<Role, Capability[]> = {
  admin: ["read", "edit", "export", "manageMembers", "startResponse", "manageConsultations", "comment", "resolve"],
  secretariat: ["read", "edit", "export", "startResponse", "manageConsultations", "comment", "resolve"],
  editor: ["read", "edit", "startResponse", "comment", "resolve"],
  member: ["read", "comment"],
  viewer: ["read"],
};

export function can(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}
