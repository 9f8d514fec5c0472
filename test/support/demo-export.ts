/** The demo response without a database: LIS1 template file + NMF's answers file. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { AnswerValue } from "../../consultation/answers";
import { parseTemplateText } from "../../consultation/file.server";
import type { Template } from "../../consultation/schema";

const root = path.resolve(import.meta.dirname, "../..");
export const DEMO_ORGANISATION_NAME = "Norsk medisinstudentforening (demo)";
export const DEMO_DATE = "2021-03-01";

export function loadTemplateFile(file = "templates/lis1-evaluering-2021.yaml"): Template {
  const result = parseTemplateText(readFileSync(path.join(root, file), "utf8"), file);
  if (!result.ok) throw new Error(`template ${file} is invalid`);
  return result.template;
}

export function loadDemoAnswers(): Record<string, AnswerValue> {
  return parse(readFileSync(path.join(root, "db/demo/lis1-nmf-answers.yaml"), "utf8")) as Record<string, AnswerValue>;
}
