/** npm run import -- --response <id|demo> --in <file.md> [--dry-run] */
import { readFileSync, statSync } from "node:fs";
import { translator } from "../app/lib/i18n";
import { getDb } from "../db/client";
import { getAnswers } from "../db/queries/responses";
import { applyImport, MAX_IMPORT_BYTES, planImport } from "../export/import";
import { importProblemMessage } from "../app/lib/import-messages";
import { parseCli, resolveResponse, runCli, UsageError } from "./common";

const USAGE = "usage: npm run import -- --response <id|demo> --in <file.md> [--dry-run]";
const t = translator(process.env.LANG?.startsWith("nb") || process.env.LANG?.startsWith("no") ? "nb" : "en");
const show = (value: unknown) => (value === undefined ? "(none)" : JSON.stringify(value));

await runCli(USAGE, async () => {
  const args = parseCli({ response: { type: "string" }, in: { type: "string" }, "dry-run": { type: "boolean" } });
  if (!args.in) throw new UsageError("missing --in <file.md>");
  let bytes: Uint8Array;
  try {
    // Refuse oversized files before reading them into memory.
    bytes = statSync(args.in).size > MAX_IMPORT_BYTES ? new Uint8Array(MAX_IMPORT_BYTES + 1) : readFileSync(args.in);
  } catch (error) {
    throw new UsageError(`cannot read ${args.in}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const db = getDb();
  const response = await resolveResponse(db, args.response);
  const plan = planImport(response.consultation.template, (await getAnswers(db, response.organisationId, response.id)), bytes);
  if (!plan.ok) {
    console.error(`${args.in}: ${t("import.problems")}`);
    for (const problem of plan.problems) console.error(`  ${importProblemMessage(problem, t)}`);
    return 1;
  }
  for (const change of plan.changes) console.log(`${change.number}. ${change.key}: ${show(change.before)} -> ${show(change.after)}`);
  console.log(`${plan.changes.length} change(s), ${plan.unchangedCount} unchanged.`);
  if (args["dry-run"] || plan.changes.length === 0) return 0;
  const result = await applyImport(db, { organisationId: response.organisationId, responseId: response.id, userId: null }, plan.changes);
  for (const conflict of result.conflicts) console.error(t("import.conflict", { number: conflict.change.number }));
  console.log(`Saved ${result.saved.length} answer(s).`);
  return result.conflicts.length ? 1 : 0;
});
