/** Route-facing reads of the security event log on the shared connection. */
import { getDb } from "../../../db/client";
import { organisationEvents, recentSignIns } from "./events.server";

export const recentSignInsOf = async (userId: number) => await recentSignIns(getDb(), userId);
export const organisationEventsPage = async (organisationId: number, before?: number) => await organisationEvents(getDb(), organisationId, { before });
