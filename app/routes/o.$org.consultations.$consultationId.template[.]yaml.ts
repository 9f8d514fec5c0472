import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireConsultation, templateFileText } from "~/lib/consultations/consultations.server";

/** The consultation as a template file, for any member of an organisation that can see it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { consultation } = await requireConsultation(request, params, "read");
  const name = `${consultation.current.template.id}.yaml`;
  return new Response(templateFileText(consultation), {
    headers: {
      "Content-Type": "application/yaml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
