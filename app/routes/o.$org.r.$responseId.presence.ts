/**
 * Presence of one browser tab on a response: `here` (on focus, blur and a heartbeat; with the
 * section and question it is in) and `leave` (the tab closes or hides). Ephemeral, so no version:
 * the newest report wins. Any reader may be present, also on a submitted response.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireResponse } from "~/lib/auth/membership.server";
import { asBackground } from "~/lib/auth/session.server";
import { readForm } from "~/lib/form-data.server";
import { liveHub } from "~/lib/live/hub.server";
import { getDb } from "../../db/client";
import { leavePresence, touchPresence } from "../../db/queries/live";

const id = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9._~-]{1,100}$/, `${what} must be up to 100 letters, digits, dots, dashes or underscores`)
    .optional();

const PresenceSchema = z.object({
  intent: z.enum(["here", "leave"], { message: "intent must be here or leave" }),
  tab: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "tab must be 8–64 letters, digits, dashes or underscores"),
  section: id("section"),
  question: id("question"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  // Heartbeats of an open tab are no sign of a user: they do not keep an idle session alive.
  const { user, organisation, response } = await requireResponse(asBackground(request), params, "read");
  const submission = parseWithZod(await readForm(request), { schema: PresenceSchema });
  if (submission.status !== "success") {
    const problems = Object.entries(submission.error ?? {}).map(([field, messages]) => `${field}: ${(messages ?? []).join(", ")}`);
    return new Response(`Bad presence report: ${problems.join("; ")}`, { status: 400 });
  }
  const { intent, tab, section, question } = submission.value;
  if (intent === "leave") await leavePresence(getDb(), user.id, tab);
  else
    await touchPresence(getDb(), {
      organisationId: organisation.id,
      responseId: response.id,
      userId: user.id,
      tabId: tab,
      sectionId: section ?? null,
      questionKey: question ?? null,
    });
  liveHub.presenceChanged();
  return new Response(null, { status: 204 });
}
