/** A stored response as the document model (for CLIs and server code that hold a Db). */
import type { Db } from "../db/client";
import { getAnswers, type ResponseWithTemplate } from "../db/queries/responses";
import { buildDocument, type ExportDocument } from "./model";

/** Today's date where the organisations are (the documents are dated in Norway). */
export function todayInNorway(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Oslo", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function responseDocumentFromDb(db: Db, response: ResponseWithTemplate, date = todayInNorway()): ExportDocument {
  const answers = getAnswers(db, response.organisationId, response.id);
  return buildDocument({
    template: response.consultation.template,
    answers: new Map([...answers].map(([key, answer]) => [key, answer.value])),
    organisationName: response.organisationName,
    date,
  });
}
