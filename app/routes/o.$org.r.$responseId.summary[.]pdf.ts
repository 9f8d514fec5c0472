import { exportLoader } from "~/lib/export-route.server";

export const loader = exportLoader("pdf", "summary");
