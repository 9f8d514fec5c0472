/** Server glue between routes and export/: loads a response's answers and builds the model. */
import { getDb } from "../../db/client";
import type { ResponseWithTemplate } from "../../db/queries/responses";
import { toDocx } from "../../export/docx";
import { contentDisposition, exportFilename } from "../../export/filename";
import { toMarkdown } from "../../export/markdown";
import { toPdf } from "../../export/pdf";
import { buildSummary, summaryToDocx, summaryToMarkdown, summaryToPdf, type SummaryDocument } from "../../export/summary";
import { getAnswers } from "../../db/queries/responses";
import { personalDataInResponse, responseDocumentFromDb, todayInNorway } from "../../export/load";
import type { ExportDocument } from "../../export/model";

export const EXPORT_FORMATS = {
  docx: { contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  md: { contentType: "text/markdown; charset=utf-8" },
  pdf: { contentType: "application/pdf" },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export { todayInNorway };

export async function responseDocument(response: ResponseWithTemplate, date = todayInNorway()): Promise<ExportDocument> {
  return await responseDocumentFromDb(getDb(), response, date);
}

export type ExportKind = "response" | "summary";

/** The one-page position summary, from the same answers the full export prints. */
export async function responseSummary(response: ResponseWithTemplate, date = todayInNorway()): Promise<SummaryDocument> {
  const answers = await getAnswers(getDb(), response.organisationId, response.id);
  return buildSummary({
    template: response.consultation.template,
    answers: new Map([...answers].map(([key, a]) => [key, a.value])),
    organisationName: response.organisationName,
    date,
  });
}

/** What in the response looks like personal data: the export pages warn about it. */
export async function responsePersonalData(response: ResponseWithTemplate) {
  return await personalDataInResponse(getDb(), response);
}

/** The download response for one format: body, Content-Type and an attachment file name. */
export async function exportDownload(response: ResponseWithTemplate, format: ExportFormat, kind: ExportKind = "response"): Promise<Response> {
  const date = todayInNorway();
  let body: string | Uint8Array<ArrayBuffer>;
  if (kind === "summary") {
    const summary = await responseSummary(response, date);
    body = format === "md" ? summaryToMarkdown(summary) : new Uint8Array(format === "docx" ? await summaryToDocx(summary) : await summaryToPdf(summary));
  } else {
    const doc = await responseDocument(response, date);
    body = format === "md" ? toMarkdown(doc) : new Uint8Array(format === "docx" ? await toDocx(doc) : await toPdf(doc));
  }
  const name = exportFilename(response.organisationName, response.consultation.template.id, date, format, response.consultation.template.language, kind);
  return new Response(body, {
    headers: {
      "Content-Type": EXPORT_FORMATS[format].contentType,
      "Content-Disposition": contentDisposition(name),
      "Cache-Control": "private, no-store",
    },
  });
}
