/**
 * npm run template:from-printout -- --in <file.pdf|file.txt> --out <file.yaml> [--lang nb|nn|en]
 *   [--id <id>] [--title <title>] [--issuer <issuer>] [--case-number <no>] [--deadline <yyyy-mm-dd>] [--force]
 * A printout of a portal form (filled in or blank) to a draft template, numbered as the printout.
 * What the printout cannot show is listed under `review:` in the file and printed here.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { translator } from "../app/lib/i18n";
import { importProblemMessage } from "../app/lib/import-messages";
import { MAX_PRINTOUT_BYTES, printoutText } from "../app/lib/printout.server";
import { draftTemplateYaml } from "../export/template-yaml";
import { templateFromPrintout } from "../export/template-from-printout";
import type { ImportProblem } from "../export/import";
import { parseCli, runCli, UsageError } from "./common";

const USAGE =
  "usage: npm run template:from-printout -- --in <file.pdf|file.txt> --out <file.yaml> [--lang nb|nn|en] [--id <id>] [--title <title>] [--issuer <issuer>] [--case-number <no>] [--deadline <yyyy-mm-dd>] [--force]";
const t = translator(process.env.LANG?.startsWith("nb") || process.env.LANG?.startsWith("no") ? "nb" : "en");

function refuse(file: string, problems: ImportProblem[]): number {
  console.error(`${file}: ${t("import.problems")}`);
  for (const problem of problems) console.error(`  ${importProblemMessage(problem, t)}`);
  return 1;
}

await runCli(USAGE, async () => {
  const args = parseCli({
    in: { type: "string" },
    out: { type: "string" },
    lang: { type: "string" },
    id: { type: "string" },
    title: { type: "string" },
    issuer: { type: "string" },
    "case-number": { type: "string" },
    deadline: { type: "string" },
    force: { type: "boolean" },
  });
  if (!args.in) throw new UsageError("missing --in <file.pdf|file.txt>");
  if (!args.out) throw new UsageError("missing --out <file.yaml>");
  if (args.lang !== undefined && !["nb", "nn", "en"].includes(args.lang)) throw new UsageError(`--lang must be nb, nn or en, not "${args.lang}"`);
  if (existsSync(args.out) && !args.force) throw new UsageError(`${args.out} exists (use --force to overwrite)`);
  let bytes: Uint8Array;
  try {
    const size = statSync(args.in).size;
    if (size > MAX_PRINTOUT_BYTES) return refuse(args.in, [{ code: "tooLarge", params: { size, max: MAX_PRINTOUT_BYTES } }]);
    bytes = readFileSync(args.in);
  } catch (error) {
    throw new UsageError(`cannot read ${args.in}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const extracted = await printoutText(bytes);
  if (!extracted.ok) return refuse(args.in, [extracted.problem]);
  const draft = templateFromPrintout(extracted.text, {
    language: args.lang as "nb" | "nn" | "en" | undefined,
    id: args.id,
    title: args.title,
    issuer: args.issuer,
    caseNumber: args["case-number"],
    deadline: args.deadline,
  });
  if (!draft.ok) return refuse(args.in, draft.problems);
  writeFileSync(args.out, draftTemplateYaml(draft.input, args.in));
  console.log(`${args.out}: ${draft.numbering.length} numbered items, numbered as the printout.`);
  if (draft.review.length) {
    console.log(`${draft.review.length} thing(s) to check (listed under review: in the file):`);
    for (const r of draft.review) console.log(`  ${r.path}${r.number ? ` (${r.number})` : ""}: ${r.note}`);
  }
  return 0;
});
