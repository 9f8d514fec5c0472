/** The role list without importing db/ (the schema module pulls in drizzle), for client code. */
import type { Role } from "./permissions";

export const ROLES = ["admin", "secretariat", "editor", "member", "viewer"] as const satisfies readonly Role[];
