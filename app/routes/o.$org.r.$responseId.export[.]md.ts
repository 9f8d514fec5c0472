import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireResponse } from "~/lib/auth/membership.server";
import { exportDownload } from "~/lib/export.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response } = await requireResponse(request, params, "export");
  return exportDownload(response, "md");
}
