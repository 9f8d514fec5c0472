/** npm run export -- --response <id|demo> --format md|docx|pdf --out <file> */
import { writeFileSync } from "node:fs";
import { getDb } from "../db/client";
import { personalDataInResponse, personalDataLines, responseDocumentFromDb } from "../export/load";
import { toDocx } from "../export/docx";
import { toMarkdown } from "../export/markdown";
import { toPdf } from "../export/pdf";
import { parseCli, resolveResponse, runCli, UsageError } from "./common";

const USAGE = "usage: npm run export -- --response <id|demo> --format md|docx|pdf --out <file> [--date YYYY-MM-DD]";

await runCli(USAGE, async () => {
  const args = parseCli({
    response: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    date: { type: "string" },
  });
  if (args.format !== "md" && args.format !== "docx" && args.format !== "pdf")
    throw new UsageError(args.format ? `unknown format "${args.format}" (use md, docx or pdf)` : "missing --format md|docx|pdf");
  if (!args.out) throw new UsageError("missing --out <file>");
  if (args.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(args.date)) throw new UsageError("--date must be YYYY-MM-DD");
  const db = getDb();
  const response = await resolveResponse(db, args.response);
  const doc = await responseDocumentFromDb(db, response, args.date);
  // A warning, not a refusal: the answer will be published, so say where personal data seems to be.
  const findings = await personalDataInResponse(db, response);
  if (findings.length)
    console.warn(`Warning: ${findings.length} place(s) look like personal data; the answer will be published:\n  ${personalDataLines(findings).join("\n  ")}`);
  writeFileSync(args.out, args.format === "md" ? toMarkdown(doc) : args.format === "docx" ? await toDocx(doc) : await toPdf(doc));
  console.log(`Wrote ${args.out} (${doc.items.length} items).`);
});
