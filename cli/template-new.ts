/** npm run template:new -- <file.yaml> [--lang nb|nn|en] — writes a commented starter template (never overwrites). */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ID_PATTERN } from "../consultation/schema";
import { starterTemplate } from "../consultation/starter";

const USAGE = "usage: npm run template:new -- <file.yaml> [--lang nb|nn|en]";

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let values: { lang?: string };
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({ options: { lang: { type: "string", default: "nb" } }, allowPositionals: true, strict: true }));
} catch (error) {
  fail((error as Error).message);
}
const [file, ...extra] = positionals;
if (!file || extra.length) fail(file ? "give one file" : "missing the file to write");
const language = values.lang;
if (language !== "nb" && language !== "nn" && language !== "en") fail(`unknown language "${language}" (use nb, nn or en)`);
if (!/\.ya?ml$/.test(file)) fail(`${file}: the file name must end in .yaml or .yml`);

// The id from the file name when it is a valid one ("my-hearing.yaml" → my-hearing).
const base = path.basename(file).replace(/\.ya?ml$/, "").toLowerCase();
const id = ID_PATTERN.test(base) ? base : "new-consultation";
const deadline = new Date(Date.now() + 28 * 86_400_000).toISOString().slice(0, 10);

try {
  writeFileSync(file, starterTemplate({ language, id, deadline }), { flag: "wx" });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EEXIST") {
    console.error(`${file}: already exists; not overwritten (choose another name or remove it first)`);
    process.exit(1);
  }
  console.error(`${file}: ${(error as Error).message}`);
  process.exit(1);
}
console.log(`Wrote ${file} (id ${id}, language ${language}). Edit it, then: npm run template:check -- ${file}`);
