/**
 * The demo accounts share a password published in README.md. Serving them beyond this machine
 * is almost always a mistake, so the server refuses to listen beyond loopback while they exist,
 * unless DEMO_PUBLIC=1 says it is meant (then it warns).
 */
import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { DEMO_PASSWORD, DEMO_USERS } from "../../db/seed";
import { verifyPassword } from "../../db/password";
import { isPostgresUrl } from "../../db/path";

export const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** The demo accounts that still accept the published password. */
export async function demoAccountsWithPublishedPassword(db: Db): Promise<string[]> {
  const rows = await db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(inArray(users.email, DEMO_USERS.map((u) => u.email)));
  const open = await Promise.all(rows.map(async (r) => ((await verifyPassword(DEMO_PASSWORD, r.passwordHash)) ? r.email : null)));
  return open.filter((e): e is string => e !== null);
}

/**
 * Null when it is safe to listen on `host`; otherwise the reason to refuse (or, with
 * DEMO_PUBLIC=1, a warning: `refuse` false).
 */
export async function demoExposure(db: Db, host: string, database: string): Promise<{ refuse: boolean; message: string } | null> {
  if (LOOPBACK_HOST.test(host)) return null;
  const open = await demoAccountsWithPublishedPassword(db);
  if (open.length === 0) return null;
  if (process.env.DEMO_PUBLIC === "1") {
    return {
      refuse: false,
      message: `WARNING: DEMO_PUBLIC=1: the demo accounts (${open.join(", ")}) are active with the password published in README.md and the server listens on ${host}. Anyone who can reach it can sign in as the demo administrator.`,
    };
  }
  return {
    refuse: true,
    message: [
      `Refusing to start: the demo accounts are active with the password published in README.md`,
      `  (${open.join(", ")}), and HOST=${host} would make them reachable from other machines.`,
      `  For a real installation start on an empty database with SEED_DEMO=0, then create the first`,
      `  administrator: npm run admin:create -- --email <you@example.org> --name "<your name>".`,
      isPostgresUrl(database)
        ? `  To remove the demo: stop the server and drop the database ${database} (dropdb) if it holds only the demo,`
        : `  To remove the demo: stop the server and delete ${database} (with its -wal and -shm files)`,
      `  if it holds only the demo, or give each demo account above a new password.`,
      `  To try the demo on this machine only: HOST=127.0.0.1 (the default). To show it to others on purpose: DEMO_PUBLIC=1.`,
    ].join("\n"),
  };
}
