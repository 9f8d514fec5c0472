/**
 * The ECMA-376 schema validator for DOCX files (`../shared/tools/ooxml/docx_schema.py`, beside this
 * repository: not an npm or Debian package). The one optional tool of the suite: tests that need it
 * skip visibly (`it.skipIf(!ooxmlValidatorPresent)`) outside CI when it is absent; in CI (`CI` set)
 * they run and a missing validator fails them. Named in README and docs/claims.md.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const root = path.resolve(import.meta.dirname, "../..");
export const OOXML_VALIDATOR = path.resolve(root, "../shared/tools/ooxml/docx_schema.py");
/** False only outside CI with no validator checked out: then the schema tests are skipped (and shown as skipped). */
export const ooxmlValidatorPresent = existsSync(OOXML_VALIDATOR) || !!process.env.CI;
// Debian's python3 has python3-lxml (installed by ./test.sh); a pyenv shim earlier on PATH may not.
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/** The validator's report on a DOCX file (it exits non-zero on any schema error). */
export async function validateDocxFile(file: string): Promise<string> {
  const { stdout } = await promisify(execFile)(PYTHON, [OOXML_VALIDATOR, file]);
  return stdout;
}
