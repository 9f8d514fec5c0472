/**
 * The demo accounts share a password published in README.md. Serving them beyond this machine
 * is almost always a mistake, so the server says so loudly at start (SEED_DEMO=0 on an empty
 * database starts without them; deleting the demo organisation's users removes them).
 */
import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { DEMO_PASSWORD, DEMO_USERS } from "../../db/seed";
import { verifyPassword } from "../../db/password";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** The demo accounts that still accept the published password. */
export async function demoAccountsWithPublishedPassword(db: Db): Promise<string[]> {
  const rows = db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(inArray(users.email, DEMO_USERS.map((u) => u.email)))
    .all();
  const open = await Promise.all(rows.map(async (r) => ((await verifyPassword(DEMO_PASSWORD, r.passwordHash)) ? r.email : null)));
  return open.filter((e): e is string => e !== null);
}

export async function warnAboutDemoAccounts(db: Db, host: string): Promise<void> {
  if (LOOPBACK.test(host)) return;
  const open = await demoAccountsWithPublishedPassword(db);
  if (open.length === 0) return;
  console.warn(
    [
      "",
      "WARNING: the demo accounts are active with the password published in README.md",
      `  (${open.join(", ")}), and the server listens on ${host}, reachable from other machines.`,
      "  Anyone who can reach this server can sign in as the demo administrator.",
      "  For real use start on an empty database with SEED_DEMO=0, or listen on 127.0.0.1 (HOST=127.0.0.1).",
      "",
    ].join("\n"),
  );
}
