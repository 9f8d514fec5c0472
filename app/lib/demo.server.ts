/** The demo organisation, when this database has it: its accounts are public (README) and shown at sign-in. */
import { getDb } from "../../db/client";
import { DEMO_PASSWORD, DEMO_USERS, demoOrganisationId } from "../../db/seed";

export async function demoAccounts(): Promise<{ password: string; users: { email: string; role: (typeof DEMO_USERS)[number]["role"] }[] } | null> {
  if ((await demoOrganisationId(getDb())) === undefined) return null;
  return { password: DEMO_PASSWORD, users: DEMO_USERS.map(({ email, role }) => ({ email, role })) };
}
