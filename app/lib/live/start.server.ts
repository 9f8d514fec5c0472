import { getDb } from "../../../db/client";
import { latestResponseEventId } from "../../../db/queries/live";

/**
 * Where a page's live stream starts (useLiveResponse). Read before the page's data: whatever is
 * committed after it reaches the page as an event, even if the loader's reads already saw it.
 */
export async function liveStart(userId: number, responseId: number): Promise<{ cursor: number; userId: number }> {
  return { cursor: await latestResponseEventId(getDb(), responseId), userId };
}
