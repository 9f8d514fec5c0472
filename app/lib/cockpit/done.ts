/** Shared by the work route (which writes it) and the chapter page (which reads it); no zod, as it is in the page bundle. */
/** The work route's redirect says what a bulk action did: `done=<intent>.<count>[.<assignee>]`. */
export function parseDone(value: string | null): { intent: "assign" | "set-status"; count: number; assignee?: string } | null {
  const m = /^(assign|set-status)\.(\d{1,5})(?:\.(\d{1,9}|none))?$/.exec(value ?? "");
  return m ? { intent: m[1] as "assign" | "set-status", count: Number(m[2]), ...(m[3] ? { assignee: m[3] } : {}) } : null;
}
