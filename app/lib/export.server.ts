/** Server glue between routes and export/: loads a response's answers and builds the model. */
import { getDb } from "../../db/client";
import { getAnswers, type ResponseWithTemplate } from "../../db/queries/responses";
import { toDocx } from "../../export/docx";
import { contentDisposition, exportFilename } from "../../export/filename";
import { toMarkdown } from "../../export/markdown";
import { buildDocument, type ExportDocument } from "../../export/model";

export const EXPORT_FORMATS = {
  docx: { contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  md: { contentType: "text/markdown; charset=utf-8" },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** Today's date where the organisations are (the documents are dated in Norway). */
export function todayInNorway(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Oslo", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function responseDocument(response: ResponseWithTemplate, date = todayInNorway()): ExportDocument {
  const answers = getAnswers(getDb(), response.organisationId, response.id);
  return buildDocument({
    template: response.consultation.template,
    answers: new Map([...answers].map(([key, answer]) => [key, answer.value])),
    organisationName: response.organisationName,
    date,
  });
}

/** The download response for one format: body, Content-Type and an attachment file name. */
export async function exportDownload(response: ResponseWithTemplate, format: ExportFormat): Promise<Response> {
  const date = todayInNorway();
  const doc = responseDocument(response, date);
  const body = format === "docx" ? new Uint8Array(await toDocx(doc)) : toMarkdown(doc);
  const name = exportFilename(response.organisationName, response.consultation.consultationId, date, format);
  return new Response(body, {
    headers: {
      "Content-Type": EXPORT_FORMATS[format].contentType,
      "Content-Disposition": contentDisposition(name),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
