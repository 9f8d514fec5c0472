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
  | "deleteAnyReference"
  // To the deadline: question status and assignee, the internal deadline, submission.
  | "setStatus"
  | "assign"
  | "setDeadline"
  | "submit"
  | "reopen"
  // Members' voice: comment threads (resolving them is for editors and above).
  | "comment"
  | "resolve"
  /** Record one's own view and ranking on a response's measures. */
  | "position";

const CAPABILITIES: Record<Role, Capability[]> = {
  admin: ["read", "edit", "export", "manageMembers", "startResponse", "manageConsultations", "addReference", "deleteAnyReference", "setStatus", "assign", "setDeadline", "submit", "reopen", "comment", "resolve", "position"],
  secretariat: ["read", "edit", "export", "startResponse", "manageConsultations", "addReference", "deleteAnyReference", "setStatus", "assign", "setDeadline", "submit", "comment", "resolve", "position"],
  editor: ["read", "edit", "startResponse", "addReference", "deleteAnyReference", "setStatus", "assign", "comment", "resolve", "position"],
  member: ["read", "addReference", "comment", "position"],
  viewer: ["read"],
};

export function can(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}

/**
 * Capabilities that change a response. requireResponse refuses them (423) while the response is
 * submitted. EVERY capability that changes a response belongs here (comments, resolving threads,
 * members' positions ... when they arrive), so the lock covers routes written later too.
 */
export const RESPONSE_WRITES: ReadonlySet<Capability> = new Set<Capability>(["edit", "setStatus", "assign", "setDeadline", "comment", "resolve", "position"]);
