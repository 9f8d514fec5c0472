import { createReadStream } from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { clientIp } from "~/lib/auth/client-ip.server";
import { notFound } from "~/lib/auth/membership.server";
import { backupFile } from "~/lib/backups/backups.server";
import { requireSiteAdmin } from "~/lib/consultations/consultations.server";
import { logSecurityEvent } from "~/lib/security/events.server";

/**
 * One backup file, streamed, for site administrators only (anyone else 404). The name must be one
 * the listing shows (workbench-<time>.sqlite in BACKUP_DIR): a path, `..` or any other file is 404.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireSiteAdmin(request);
  const found = backupFile(params.file ?? "");
  if (!found) throw notFound();
  const name = params.file!;
  await logSecurityEvent({ type: "backup.downloaded", userId: user.id, ip: clientIp(context), detail: { file: name } });
  const body = createReadableStreamFromReadable(createReadStream(found.file));
  return new Response(body, {
    headers: {
      "Content-Type": "application/vnd.sqlite3",
      "Content-Length": String(found.bytes),
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
