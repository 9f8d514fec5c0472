/**
 * npm run import:printout -- --response <id|demo> --in <file.pdf|file.txt> [--dry-run]
 *   [--as-reference "<organisation>" [--url <link>] [--published <yyyy-mm-dd>]]
 * Without --as-reference: fills the response from its own earlier answer (revisions with source
 * "printout"). With it: stores the printout as a read-only reference answer named by that organisation.
 */
import { readFileSync, statSync } from "node:fs";
import { translator } from "../app/lib/i18n";
import { importProblemMessage } from "../app/lib/import-messages";
import { planPrintout } from "../app/lib/printout-import.server";
import { MAX_PRINTOUT_BYTES, printoutText } from "../app/lib/printout.server";
import { referenceInputProblem } from "../app/lib/references.server";
import { getDb } from "../db/client";
import { addReference, MAX_REFERENCES_PER_RESPONSE } from "../db/queries/references";
import { getAnswers } from "../db/queries/responses";
import { applyImport, type ImportProblem } from "../export/import";
import { readPrintout } from "../export/printout";
import { parseCli, resolveResponse, runCli, UsageError } from "./common";

const USAGE =
  'usage: npm run import:printout -- --response <id|demo> --in <file.pdf|file.txt> [--dry-run] [--as-reference "<organisation>" [--url <link>] [--published <yyyy-mm-dd>]]';
const t = translator(process.env.LANG?.startsWith("nb") || process.env.LANG?.startsWith("no") ? "nb" : "en");
const show = (value: unknown) => (value === undefined ? "(none)" : JSON.stringify(value));

function refuse(file: string, problems: ImportProblem[]): number {
  console.error(`${file}: ${t("import.problems")}`);
  for (const problem of problems) console.error(`  ${importProblemMessage(problem, t)}`);
  return 1;
}

await runCli(USAGE, async () => {
  const args = parseCli({
    response: { type: "string" },
    in: { type: "string" },
    "dry-run": { type: "boolean" },
    "as-reference": { type: "string" },
    url: { type: "string" },
    published: { type: "string" },
  });
  if (!args.in) throw new UsageError("missing --in <file.pdf|file.txt>");
  let bytes: Uint8Array;
  try {
    // Refuse oversized files before reading them into memory.
    const size = statSync(args.in).size;
    if (size > MAX_PRINTOUT_BYTES) return refuse(args.in, [{ code: "tooLarge", params: { size, max: MAX_PRINTOUT_BYTES } }]);
    bytes = readFileSync(args.in);
  } catch (error) {
    throw new UsageError(`cannot read ${args.in}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const db = getDb();
  const response = await resolveResponse(db, args.response);
  const template = response.consultation.template;
  const extracted = await printoutText(bytes);
  if (!extracted.ok) return refuse(args.in, [extracted.problem]);

  if (args["as-reference"] !== undefined) {
    const input = { organisationName: args["as-reference"].trim(), sourceUrl: args.url?.trim() ?? "", publishedOn: args.published?.trim() ?? "" };
    const bad = referenceInputProblem(input);
    if (bad) throw new UsageError(t(bad));
    const read = readPrintout(template, extracted.text);
    if (read.problems.length) return refuse(args.in, read.problems);
    console.log(`${read.values.size} answer(s) read for ${input.organisationName}.`);
    if (args["dry-run"]) return 0;
    const added = await addReference(db, response.organisationId, response.id, {
      organisationName: input.organisationName,
      sourceUrl: input.sourceUrl || null,
      publishedOn: input.publishedOn || null,
      answers: Object.fromEntries(read.values),
    // Reader notes kept with the reference: which answers the portal redacted.
    problems: [...read.redacted].map((key) => `redacted:${key}`),
      createdBy: null,
    });
    if (added.status === "full") {
      console.error(t("references.full", { max: MAX_REFERENCES_PER_RESPONSE }));
      return 1;
    }
    if (added.status !== "added") throw new UsageError("unknown response");
    console.log(`Added reference answer ${added.id}.`);
    return 0;
  }

  const planned = planPrintout(template, (await getAnswers(db, response.organisationId, response.id)), extracted.text);
  if (!planned.ok) return refuse(args.in, planned.problems);
  for (const change of planned.plan.changes) console.log(`${change.number}. ${change.key}: ${show(change.before)} -> ${show(change.after)}`);
  if (planned.keptRedacted.length) console.log(t("printout.redactedKept", { numbers: planned.keptRedacted.join(", ") }));
  console.log(`${planned.plan.changes.length} change(s), ${planned.plan.unchangedCount} unchanged.`);
  if (args["dry-run"] || planned.plan.changes.length === 0) return 0;
  const result = await applyImport(db, { organisationId: response.organisationId, responseId: response.id, userId: null }, planned.plan.changes, "printout");
  for (const conflict of result.conflicts) console.error(t("import.conflict", { number: conflict.change.number }));
  console.log(`Saved ${result.saved.length} answer(s).`);
  return result.conflicts.length ? 1 : 0;
});
