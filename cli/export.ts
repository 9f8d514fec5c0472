/** npm run export -- --response <id|demo> --format md|docx --out <file> */
import { writeFileSync } from "node:fs";
import { getDb } from "../db/client";
import { responseDocumentFromDb } from "../export/load";
import { toDocx } from "../export/docx";
import { toMarkdown } from "../export/markdown";
import { parseCli, resolveResponse, runCli, UsageError } from "./common";

const USAGE = "usage: npm run export -- --response <id|demo> --format md|docx --out <file> [--date YYYY-MM-DD]";

await runCli(USAGE, async () => {
  const args = parseCli({
    response: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    date: { type: "string" },
  });
  if (args.format !== "md" && args.format !== "docx")
    throw new UsageError(args.format ? `unknown format "${args.format}" (use md or docx)` : "missing --format md|docx");
  if (!args.out) throw new UsageError("missing --out <file>");
  if (args.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(args.date)) throw new UsageError("--date must be YYYY-MM-DD");
  const db = getDb();
  const doc = responseDocumentFromDb(db, resolveResponse(db, args.response), args.date);
  writeFileSync(args.out, args.format === "docx" ? await toDocx(doc) : toMarkdown(doc));
  console.log(`Wrote ${args.out} (${doc.items.length} items).`);
});
