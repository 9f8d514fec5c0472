/** Route-facing reads of the security event log on the shared connection. */
import { getDb } from "../../../db/client";
import { organisationEvents, recentSignIns } from "./events.server";

export const recentSignInsOf = (userId: number) => recentSignIns(getDb(), userId);
export const organisationEventsPage = (organisationId: number, before?: number) => organisationEvents(getDb(), organisationId, { before });
