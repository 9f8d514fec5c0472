/**
 * "As submitted" (issue 9): the exact bytes stored when the response was submitted (DOCX, Markdown
 * and, since issue 20, the PDF/A), whatever the template or the export code has become since.
 * Readable while the response is locked. A submission stored before PDFs were frozen has none: 404.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { clientIp } from "~/lib/auth/client-ip.server";
import { notFound, requireResponse } from "~/lib/auth/membership.server";
import { EXPORT_FORMATS } from "~/lib/export.server";
import { logSecurityEvent } from "~/lib/security/events.server";
import { getDb } from "../../db/client";
import { SUBMITTED_FORMATS, submissionFile } from "../../db/queries/cockpit";
import { contentDisposition, type ExportFilename } from "../../export/filename";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { response, user, organisation } = await requireResponse(request, params, "export");
  const id = Number(params.submissionId);
  const format = SUBMITTED_FORMATS.find((f) => f === params.format);
  if (!format || !Number.isSafeInteger(id) || id <= 0) throw notFound();
  const file = await submissionFile(getDb(), organisation.id, response.id, id, format);
  if (!file) throw notFound();
  await logSecurityEvent({ type: "export", userId: user.id, organisationId: organisation.id, ip: clientIp(context), detail: { format, responseId: response.id, submissionId: id } });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": EXPORT_FORMATS[format].contentType,
      "Content-Disposition": contentDisposition(JSON.parse(file.name) as ExportFilename),
      "Content-Length": String(file.bytes.length),
      ETag: `"sha256-${file.sha256}"`,
      "Repr-Digest": `sha-256=:${Buffer.from(file.sha256, "hex").toString("base64")}:`,
      "Cache-Control": "private, no-store",
    },
  });
}
