import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireResponse } from "~/lib/auth/membership.server";
import { clientIp } from "~/lib/auth/client-ip.server";
import { exportDownload } from "~/lib/export.server";
import { logSecurityEvent } from "~/lib/security/events.server";
import { limitExpensiveWork } from "~/lib/security/expensive-work.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { response, user, organisation } = await requireResponse(request, params, "export");
  limitExpensiveWork("export", { userId: user.id, ip: clientIp(context), organisationId: organisation.id });
  const download = await exportDownload(response, "docx");
  // Who took a copy of the organisation's answer out of the app.
  logSecurityEvent({ type: "export", userId: user.id, organisationId: organisation.id, ip: clientIp(context), detail: { format: "docx", responseId: response.id } });
  return download;
}
