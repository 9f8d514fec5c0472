/** The demo accounts' password is public: the server warns when it serves them beyond loopback. */
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";

describe("demo accounts warning at start", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("warns when the demo accounts exist and the server listens on all addresses", async () => {
    server = await startServer({ HOST: "0.0.0.0" });
    expect(server.output()).toContain("WARNING: the demo accounts are active");
    expect(server.output()).toContain("SEED_DEMO=0");
  });

  it("stays quiet on loopback, and without the demo", async () => {
    server = await startServer({ HOST: "127.0.0.1" });
    expect(server.output()).not.toContain("WARNING");
    await server.stop();
    server = await startServer({ HOST: "0.0.0.0", SEED_DEMO: "0" });
    expect(server.output()).not.toContain("WARNING");
  });
});
