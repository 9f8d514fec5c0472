/**
 * npm run admin:create -- --email <e> --name <n>
 *
 * Creates a site administrator on a real installation (which starts empty: SEED_DEMO=0). The
 * password is asked for twice without echo on a terminal, or read as the first line of stdin
 * when piped (`printf '%s\n' "$PW" | npm run admin:create -- …`). An existing account with that
 * address is made a site administrator and keeps its password.
 */
import { createInterface } from "node:readline";
import { eq } from "drizzle-orm";
import { translator } from "../app/lib/i18n";
import { createUser, normaliseEmail } from "../app/lib/auth/accounts.server";
import { emailField, newPasswordField } from "../app/lib/auth/forms";
import { isCommonPassword } from "../app/lib/auth/password-policy.server";
import { linkOrigin } from "../app/lib/config/public-url.server";
import { databaseLabel, getDb } from "../db/client";
import { users } from "../db/schema";
import { parseCli, runCli, UsageError } from "./common";

const USAGE = "usage: npm run admin:create -- --email <address> --name <full name>   (the password is asked for, or read from stdin)";
const t = translator("en");

function ask(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => write(s.startsWith(question) ? s : s.replace(/[^\r\n]/g, ""));
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

async function firstLineOfStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) {
    text += chunk;
    if (text.includes("\n")) break;
  }
  return text.split(/\r?\n/)[0] ?? "";
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return firstLineOfStdin();
  const first = await ask("Password for the new site administrator: ");
  const again = await ask("The same password again: ");
  if (first !== again) throw new UsageError("the two passwords differ; nothing was changed");
  return first;
}

await runCli(USAGE, async () => {
  const args = parseCli({ email: { type: "string" }, name: { type: "string" } });
  if (!args.email) throw new UsageError("missing --email <address>");
  const email = emailField.safeParse(args.email);
  if (!email.success) throw new UsageError(`--email "${args.email}": ${t(email.error.issues[0]!.message as never)}`);
  const db = getDb();
  const existing = (await db.select({ id: users.id, siteAdmin: users.siteAdmin }).from(users).where(eq(users.email, normaliseEmail(email.data))))[0];
  if (existing) {
    await db.update(users).set({ siteAdmin: true }).where(eq(users.id, existing.id));
    console.log(`${email.data} already has an account; it is ${existing.siteAdmin ? "already" : "now"} a site administrator (password unchanged).`);
    return 0;
  }
  const name = args.name?.trim();
  if (!name) throw new UsageError("missing --name <full name>");
  if (name.length > 200) throw new UsageError("--name is longer than 200 characters");
  const password = await readPassword();
  const checked = newPasswordField(isCommonPassword).safeParse(password);
  if (!checked.success) throw new UsageError(`password: ${t(checked.error.issues[0]!.message as never)}`);
  const created = await createUser(db, { email: email.data, name, password: checked.data, confirmed: true });
  if (created.status !== "created") throw new UsageError(`${email.data} has an account already`);
  await db.update(users).set({ siteAdmin: true }).where(eq(users.id, created.userId));
  console.log(`Created site administrator ${email.data} (${name}) in ${databaseLabel()}.`);
  console.log(`Sign in at ${linkOrigin()}/login, then create your organisation at ${linkOrigin()}/orgs/new.`);
  return 0;
});
