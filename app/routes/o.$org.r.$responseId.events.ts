/**
 * The response's live stream (Server-Sent Events): saves, statuses, comments, members' views and
 * presence as they are committed, for anyone who may read the response. Signed out: 401, not a
 * redirect (an EventSource cannot follow one to a sign-in page). See app/lib/live/.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireResponse } from "~/lib/auth/membership.server";
import { BadEventIdError, eventStreamResponse, resumePoint } from "~/lib/live/stream.server";
import { asBackground, getSession } from "~/lib/auth/session.server";
import { liveHub } from "~/lib/live/hub.server";
import { latestResponseEventId, leavePresenceUnlessRecent, mayStillRead } from "../../db/queries/live";
import { getDb } from "../../db/client";

async function requireReader(request: Request, params: LoaderFunctionArgs["params"]) {
  try {
    return await requireResponse(request, params, "read");
  } catch (error) {
    if (error instanceof Response && error.status >= 300 && error.status < 400) {
      throw new Response("Sign in to follow this response live.", { status: 401 });
    }
    throw error;
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // The stream, its reconnects and heartbeat rechecks are the page's, not the user's: the idle timeout stays.
  asBackground(request);
  const { organisation, response, user } = await requireReader(request, params);
  let after: number | undefined;
  try {
    after = resumePoint(request);
  } catch (error) {
    if (error instanceof BadEventIdError) return new Response(error.message, { status: 400 });
    throw error;
  }
  return eventStreamResponse({
    request,
    organisationId: organisation.id,
    responseId: response.id,
    userId: user.id,
    after: after ?? (await latestResponseEventId(getDb(), response.id)),
    // Signed out, session expired or idle, or no longer a member: the stream ends.
    stillAllowed: async () => {
      const session = await getSession(request);
      return session?.user.id === user.id && (await mayStillRead(getDb(), user.id, organisation.id, response.id));
    },
    bufferedBytes: context.bufferedBytes,
    onClientGone: async () => {
      const tab = new URL(request.url).searchParams.get("tab");
      if (tab && /^[a-z0-9]{1,64}$/i.test(tab) && (await leavePresenceUnlessRecent(getDb(), user.id, tab))) liveHub.presenceChanged();
    },
  });
}
