/** Import problems in the user's language; shared by the upload page and the CLI. */
import type { MessageKey, Translate } from "./i18n";
import type { ProblemCode } from "../../consultation/validate";
import type { ImportProblem } from "../../export/import";
import { localParams } from "./section-form/fields";

// Typed as a full record so a new validation code cannot be forgotten here.
const VALIDATION_CODES: Record<ProblemCode, true> = {
  unknownQuestion: true,
  notYesNo: true,
  unknownChoice: true,
  tooLong: true,
  badEmail: true,
  notText: true,
  unknownMeasure: true,
  measureRankedTwice: true,
  rankUsedTwice: true,
  rankOutOfRange: true,
  tooManyRanks: true,
  rankGap: true,
  notAnOption: true,
  optionTwice: true,
  tooManyChoices: true,
  notNumber: true,
  numberTooSmall: true,
  numberTooLarge: true,
  notWhole: true,
  notAsked: true,
};

export function importProblemMessage(problem: ImportProblem, t: Translate): string {
  const key = (problem.code in VALIDATION_CODES ? `validation.${problem.code}` : `import.problem.${problem.code}`) as MessageKey;
  const message = t(key, localParams(problem.params, t));
  return problem.number ? t("import.problemAt", { number: problem.number, message }) : message;
}
