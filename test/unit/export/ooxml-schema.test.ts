/**
 * Every DOCX we write validates against the ECMA-376 transitional schemas, the way Word reads it
 * (LibreOffice forgives what Word refuses): `../shared/tools/ooxml/docx_schema.py`, 0 errors, on the
 * LIS1 demo, the English and nynorsk test consultations, a 10× synthetic one, and hostile text.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { AnswerValue } from "../../../consultation/answers";
import { parseTemplateText } from "../../../consultation/file.server";
import { formItems } from "../../../consultation/form";
import type { Template } from "../../../consultation/schema";
import { scaled } from "../../../export/bench-data";
import { toDocx } from "../../../export/docx";
import { buildDocument } from "../../../export/model";
import { DEMO_DATE, DEMO_ORGANISATION_NAME, loadDemoAnswers, loadTemplateFile } from "../../support/demo-export";
import { ooxmlValidatorPresent } from "../../support/ooxml";

const root = path.resolve(import.meta.dirname, "../../..");
const VALIDATOR = path.resolve(root, "../shared/tools/ooxml/docx_schema.py");
// Debian's python3 has python3-lxml (installed by .ci/run); a pyenv shim earlier on PATH may not.
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const dir = mkdtempSync(path.join(tmpdir(), "hs-ooxml-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name: string): Template {
  const file = path.join(root, "test/fixtures/consultations", name);
  const result = parseTemplateText(readFileSync(file, "utf8"), file);
  if (!result.ok) throw new Error(`${name} is invalid`);
  return result.template;
}

/** Every question answered: yes, the first choice, text with markup-looking and control-ish characters. */
function hostileAnswers(template: Template): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (const item of formItems(template)) {
    if (item.answerType === "yes_no") answers[item.key] = "no";
    else if (item.answerType === "choice" || item.answerType === "scale") answers[item.key] = item.choices![0]!.id;
    else if (item.answerType === "multiple_choice") answers[item.key] = item.choices!.slice(0, 2).map((c) => c.id);
    else if (item.answerType === "number") answers[item.key] = item.integer ? 1500 : 12.5;
    else if (item.answerType === "ranking") answers[item.key] = (item.rankOptions ?? []).slice(0, 2).map((o) => o.measureId);
    else answers[item.key] = `<w:p>&amp; "quotes" ]]> \t tab\n\nSecond paragraph ✓ æøå ${item.number}`;
  }
  return answers;
}

async function validate(name: string, template: Template, answers: Record<string, AnswerValue>) {
  const file = path.join(dir, `${name}.docx`);
  writeFileSync(file, await toDocx(buildDocument({ template, answers, organisationName: DEMO_ORGANISATION_NAME, date: DEMO_DATE })));
  try {
    const { stdout } = await promisify(execFile)(PYTHON, [VALIDATOR, file]);
    return { ok: true, output: stdout };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

// Outside CI a checkout without ../shared skips this; in CI the tool must be there.
describe.skipIf(!ooxmlValidatorPresent)("DOCX against the ECMA-376 schemas", () => {
  const cases: [string, () => { template: Template; answers: Record<string, AnswerValue> }][] = [
    ["lis1-demo", () => ({ template: loadTemplateFile(), answers: loadDemoAnswers() })],
    ["english", () => ({ template: fixture("en-active-travel.yaml"), answers: hostileAnswers(fixture("en-active-travel.yaml")) })],
    ["nynorsk", () => ({ template: fixture("nn-kollektiv.yaml"), answers: hostileAnswers(fixture("nn-kollektiv.yaml")) })],
    ["english-kinds", () => ({ template: fixture("en-kinds.yaml"), answers: hostileAnswers(fixture("en-kinds.yaml")) })],
    ["synthetic-10x", () => scaled(10)],
  ];
  it.each(cases)("%s: 0 schema errors", async (name, load) => {
    const { template, answers } = load();
    const result = await validate(name, template, answers);
    expect(result.output).toMatch(/\d+ parts checked, 0 schema errors/);
    expect(result.ok).toBe(true);
  });
});
