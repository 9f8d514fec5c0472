/**
 * One throwaway PostgreSQL cluster for a whole run of the `*-pg` projects (instead of one per test
 * file): started before the first file, its URL handed to every file as TEST_POSTGRES_URL (where
 * test/support/postgres.ts makes a fresh database per server), stopped after the last. A
 * TEST_POSTGRES_URL given from outside is used as it is.
 */
import { startCluster } from "./postgres";

export default function setup(): (() => void) | undefined {
  if (process.env.TEST_POSTGRES_URL) return undefined;
  const cluster = startCluster();
  process.env.TEST_POSTGRES_URL = cluster.adminUrl;
  return () => cluster.stop();
}
