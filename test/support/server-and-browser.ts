import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchContext } from "./browser";
import { startServer, type TestServer } from "./server";

/**
 * One app server (a fresh demo database) and one browser profile for a test file: started before
 * its tests, closed after them. Read `server` and `context` inside tests or later hooks (hooks run
 * in the order they are registered, so a file's own beforeAll after this call sees both).
 */
export function useServerAndBrowser(env: Record<string, string> = {}): { server: TestServer; context: BrowserContext } {
  const handle = {} as { server: TestServer; context: BrowserContext };
  beforeAll(async () => {
    handle.server = await startServer(env);
    handle.context = await launchContext();
  });
  afterAll(async () => {
    await handle.context?.close();
    await handle.server?.stop();
  });
  return handle;
}
