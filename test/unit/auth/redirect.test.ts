import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/lib/auth/redirect";

describe("safeRedirect", () => {
  it("keeps same-site paths and refuses everything that could leave the site", () => {
    expect(safeRedirect("/o/a/members?x=1")).toBe("/o/a/members?x=1");
    for (const bad of ["https://evil.no", "//evil.no", "/\\evil.no", "/\t/evil.no", "/\n/evil.no", "evil", null, undefined])
      expect(safeRedirect(bad, "/home")).toBe("/home");
  });
});
