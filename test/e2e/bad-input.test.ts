import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, startServer, type TestServer } from "../support/server";

/** Hostile or malformed requests to the drafting routes: a clear 4xx, never a 500, nothing stored. */
describe("bad input to drafting routes", () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer();
    cookie = await signIn(server.url, "styret@demo.no");
  });
  afterAll(() => server?.stop());

  const section = "/o/nmf-demo/r/1/c/kap3";
  const post = async (path: string, body: URLSearchParams | string, type = "application/x-www-form-urlencoded") => {
    const res = await fetch(server.url + path, { method: "POST", body, headers: { cookie, "content-type": type }, redirect: "manual" });
    await res.arrayBuffer();
    return res.status;
  };

  it.each([
    ["a version that is not a number", [["intent", "save"], ["kap3-tiltak-1__support", "yes"], ["v.kap3-tiltak-1__support", "abc"]], 400],
    ["a negative version", [["intent", "save"], ["kap3-tiltak-1__support", "yes"], ["v.kap3-tiltak-1__support", "-1"]], 400],
    ["an unknown intent", [["intent", "delete-everything"], ["v.kap3-tiltak-1__support", "1"]], 400],
    ["a field of another section", [["intent", "save"], ["avsender-navn", "x"], ["v.avsender-navn", "1"]], 400],
    ["a yes/no answered twice", [["intent", "save"], ["kap3-tiltak-1__support", "yes"], ["kap3-tiltak-1__support", "no"], ["v.kap3-tiltak-1__support", "1"]], 400],
    ["a ranking posted as plain text", [["intent", "save"], ["kap3__priority", "kap3-tiltak-1"], ["v.kap3__priority", "1"]], 400],
    ["a stale version", [["intent", "save"], ["kap3-tiltak-1__feedback", "x"], ["v.kap3-tiltak-1__feedback", "0"]], 409],
  ] as [string, [string, string][], number][])("%s", async (_name, fields, expected) => {
    expect(await post(section, new URLSearchParams(fields))).toBe(expected);
  });

  it("answers malformed bodies and unknown places with 4xx", async () => {
    expect(await post(section, "%%%not-a-form", "application/x-www-form-urlencoded")).toBeLessThan(500);
    expect(await post(section, '{"json":true}', "application/json")).toBeLessThan(500);
    expect(await post("/o/nmf-demo/r/1/c/kap99", new URLSearchParams({ intent: "save" }))).toBe(404);
    expect(await post("/o/nmf-demo/r/999/c/kap3", new URLSearchParams({ intent: "save" }))).toBe(404);
    expect(await post("/o/nmf-demo/r/1/history/no-such-key", new URLSearchParams({ intent: "restore", revisionId: "1", baseVersion: "1" }))).toBe(404);
    // A revision id of another answer is not found under this key.
    expect(await post("/o/nmf-demo/r/1/history/kap3-tiltak-1.feedback", new URLSearchParams({ intent: "restore", revisionId: "1", baseVersion: "1" }))).toBe(404);
    expect(await post("/o/nmf-demo/r/1/history/kap3-tiltak-1.feedback", new URLSearchParams({ intent: "restore", revisionId: "x" }))).toBe(400);
    const res = await fetch(`${server.url}/o/nmf-demo/r/abc`, { headers: { cookie } });
    expect(res.status).toBe(404);
  });

  it("stored nothing from any of it", async () => {
    const html = await (await fetch(server.url + section, { headers: { cookie } })).text();
    expect(html).not.toContain("Sist endret av Emil Styremedlem");
  });
});
