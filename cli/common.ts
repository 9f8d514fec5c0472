/** Shared by the export and import CLIs: argument parsing and finding the response. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { eq } from "drizzle-orm";
import { UnsupportedDatabaseError, type Db } from "../db/client";
import { getResponse, listResponses, type ResponseWithTemplate } from "../db/queries/responses";
import { responses } from "../db/schema";
import { DEMO_CONSULTATION_ID, demoOrganisationId } from "../db/seed";

export class UsageError extends Error {}

export function parseCli<T extends NonNullable<ParseArgsConfig["options"]>>(options: T, argv = process.argv.slice(2)) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `demo` is the demo organisation's LIS1 response; anything else must be a response id. */
export async function resolveResponse(db: Db, arg: string | undefined): Promise<ResponseWithTemplate> {
  if (!arg) throw new UsageError("missing --response <id|demo>");
  if (arg === "demo") {
    const organisationId = await demoOrganisationId(db);
    if (organisationId === undefined) throw new UsageError("no demo organisation in this database (run npm run db:seed)");
    let found: ResponseWithTemplate | undefined;
    for (const r of await listResponses(db, organisationId)) {
      const response = await getResponse(db, organisationId, r.id);
      if (response?.consultation.consultationId === DEMO_CONSULTATION_ID) {
        found = response;
        break;
      }
    }
    if (!found) throw new UsageError("the demo organisation has no LIS1 response");
    return found;
  }
  const id = Number(arg);
  if (!/^\d+$/.test(arg) || !Number.isSafeInteger(id)) throw new UsageError(`--response must be a response id or "demo", not "${arg}"`);
  const row = (await db.select({ organisationId: responses.organisationId }).from(responses).where(eq(responses.id, id)))[0];
  const response = row && (await getResponse(db, row.organisationId, id));
  if (!response) throw new UsageError(`unknown response ${id}`);
  return response;
}

/** Runs a CLI body: usage errors and bad input print one clear line and exit 1. */
export async function runCli(usage: string, body: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await body()) ?? 0;
  } catch (error) {
    if (error instanceof UnsupportedDatabaseError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n${usage}`);
    process.exitCode = 1;
  }
}
