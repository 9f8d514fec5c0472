/** A stored response as the document model (for CLIs and server code that hold a Db). */
import type { Db } from "../db/client";
import { getAnswers, type ResponseWithTemplate } from "../db/queries/responses";
import { findPersonalDataInAnswers, personalDataItems, type PersonalDataFinding } from "../consultation/personal-data";
import { buildDocument, type ExportDocument } from "./model";

/** Today's date where the organisations are (the documents are dated in Norway). */
export function todayInNorway(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Oslo", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export async function responseDocumentFromDb(db: Db, response: ResponseWithTemplate, date = todayInNorway()): Promise<ExportDocument> {
  const answers = await getAnswers(db, response.organisationId, response.id);
  return buildDocument({
    template: response.consultation.template,
    answers: new Map([...answers].map(([key, answer]) => [key, answer.value])),
    organisationName: response.organisationName,
    date,
  });
}

/** What in the response's answers looks like personal data (exports warn; they are published). */
export async function personalDataInResponse(db: Db, response: ResponseWithTemplate): Promise<PersonalDataFinding[]> {
  const answers = await getAnswers(db, response.organisationId, response.id);
  const valueOf = (key: string) => answers.get(key)?.value;
  const extra = [...answers]
    .filter(([key, a]) => key.startsWith("cover.") && typeof a.value === "string")
    .map(([key, a]) => ({ key, text: a.value as string }));
  return findPersonalDataInAnswers(personalDataItems(response.consultation.template), valueOf, { extra });
}

/** One line per finding, for the CLI: where it is and what was found. */
export function personalDataLines(findings: readonly PersonalDataFinding[]): string[] {
  return findings.map((f) => `${f.number ? `item ${f.number}` : f.key} (${f.key}): ${f.kind} "${f.match}"`);
}
