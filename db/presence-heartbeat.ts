/**
 * How often a visible tab tells the server it is still there (the browser's live connection sends
 * it; the server's PRESENCE_TTL_MS in queries/live.ts is three of these). Its own module so the
 * browser imports a number, not the query module and with it drizzle and the schema.
 */
export const PRESENCE_HEARTBEAT_MS = 10_000;
