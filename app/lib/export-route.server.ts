/**
 * The loader every download route uses: who may export, rate limit, the file, and a line in the
 * security log saying who took a copy of the organisation's answer out of the app.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { clientIp } from "./auth/client-ip.server";
import { requireResponse } from "./auth/membership.server";
import { exportDownload, type ExportFormat, type ExportKind } from "./export.server";
import { logSecurityEvent } from "./security/events.server";
import { limitExpensiveWork } from "./security/expensive-work.server";

export function exportLoader(format: ExportFormat, kind: ExportKind = "response") {
  return async ({ request, params, context }: LoaderFunctionArgs) => {
    const { response, user, organisation } = await requireResponse(request, params, "export");
    const ip = clientIp(context);
    await limitExpensiveWork("export", { userId: user.id, ip, organisationId: organisation.id });
    const download = await exportDownload(response, format, kind);
    await logSecurityEvent({
      type: "export",
      userId: user.id,
      organisationId: organisation.id,
      ip,
      detail: { format, responseId: response.id, ...(kind === "summary" ? { kind } : {}) },
    });
    return download;
  };
}
