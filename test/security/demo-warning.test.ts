/** The demo accounts' password is public: the server refuses to serve them beyond loopback. */
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";

describe("demo accounts beyond loopback", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("refuses to start on an empty database with HOST=0.0.0.0 and no SEED_DEMO=0, naming the way out", async () => {
    const error = await startServer({ HOST: "0.0.0.0" }).then(
      (s) => {
        server = s;
        return null;
      },
      (e: Error) => e,
    );
    expect(error?.message).toContain("server exited with 1");
    expect(error?.message).toContain("Refusing to start: the demo accounts are active");
    expect(error?.message).toContain("SEED_DEMO=0");
    expect(error?.message).toContain("To remove the demo");
  });

  it("serves on loopback (the default), on all addresses without the demo, and with DEMO_PUBLIC=1 only with a warning", async () => {
    server = await startServer({ HOST: "" });
    expect(server.output()).not.toContain("WARNING");
    await server.stop();
    server = await startServer({ HOST: "0.0.0.0", SEED_DEMO: "0" });
    expect(server.output()).not.toContain("Refusing");
    await server.stop();
    server = await startServer({ HOST: "0.0.0.0", DEMO_PUBLIC: "1" });
    expect(server.output()).toContain("WARNING: DEMO_PUBLIC=1");
  });
});
