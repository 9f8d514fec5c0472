import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../../db/password";

describe("password hashing", () => {
  it("stores a salted scrypt hash, never the password", async () => {
    const a = await hashPassword("riktig-hest-batteri");
    const b = await hashPassword("riktig-hest-batteri");
    expect(a).not.toContain("riktig-hest-batteri");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b); // fresh salt each time
  });

  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("riktig-hest-batteri");
    expect(await verifyPassword("riktig-hest-batteri", hash)).toBe(true);
    expect(await verifyPassword("riktig-hest-batteri ", hash)).toBe(false);
    expect(await verifyPassword("feil", hash)).toBe(false);
  });

  it("rejects malformed stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "plain$text")).toBe(false);
  });
});
