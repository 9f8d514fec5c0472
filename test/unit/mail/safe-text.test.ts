import { describe, expect, it } from "vitest";
import { isDeliverableAddress, neutraliseName } from "~/lib/mail/safe-text";

describe("neutraliseName", () => {
  it("breaks every link-like part so mail clients do not autolink it", () => {
    expect(neutraliseName("Kari https://evil.example/login")).toBe("Kari https evil·example/login");
    expect(neutraliseName("www.evil.no")).toBe("www evil·no");
    expect(neutraliseName("evil.com")).toBe("evil·com");
    expect(neutraliseName("kari@evil.no")).toBe("kari (at) evil·no");
    expect(neutraliseName("Kari Nordmann")).toBe("Kari Nordmann");
    expect(neutraliseName("Dr. Kari")).toBe("Dr. Kari");
  });

  it("cuts to the field limit and removes line breaks and bidi overrides", () => {
    expect(neutraliseName("x".repeat(10_000))).toHaveLength(100);
    expect(neutraliseName("Kari\r\nBcc: a@b.no")).toBe("Kari Bcc: a (at) b·no");
    expect(neutraliseName("Kari\u202etxt.exe")).toBe("Kari txt·exe");
  });
});

describe("isDeliverableAddress", () => {
  it("accepts ordinary addresses and refuses CR/LF, spaces and several @", () => {
    expect(isDeliverableAddress("kari.nordmann+hs@example.no")).toBe(true);
    for (const bad of ["a@b@c.no", "a@b.no\r\nBcc: c@d.no", "a b@c.no", "a@nodot", "<a@b.no>", "a@b.no,c@d.no"]) expect(isDeliverableAddress(bad), bad).toBe(false);
  });
});
