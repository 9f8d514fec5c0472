import { describe, expect, it } from "vitest";
import { signupSchema } from "~/lib/auth/forms";
import { commonPasswordCount, isCommonPassword, passwordStrength } from "~/lib/auth/password-policy.server";
import { isRepeated } from "~/lib/auth/password-policy";

const errors = (password: string, server = true) => {
  const result = signupSchema(server ? isCommonPassword : undefined).safeParse({ email: "a@b.no", name: "Kari", password });
  return result.success ? [] : result.error.issues.filter((i) => i.path[0] === "password").map((i) => i.message);
};

describe("password rules", () => {
  it("uses a large offline common-password list", () => {
    expect(commonPasswordCount()).toBeGreaterThan(10_000);
    expect(isCommonPassword("PasswordPassword")).toBe(true);
    expect(isCommonPassword("et-langt-passord")).toBe(false);
  });

  it("names the rule a weak password breaks", () => {
    expect(errors("aaaaaaaaaa")).toContain("accounts.error.passwordShort");
    expect(errors("1234567890")).toContain("accounts.error.passwordShort");
    expect(errors(" ".repeat(10))).toEqual(["accounts.error.passwordShort", "accounts.error.passwordBlank", "accounts.error.passwordRepeated"]);
    expect(errors(" ".repeat(12))).toContain("accounts.error.passwordBlank");
    expect(errors("passwordpassword")).toContain("accounts.error.passwordCommon");
    expect(errors("qwertyuiop12")).toEqual(["accounts.error.passwordCommon"]);
    expect(errors("x".repeat(201))).toContain("accounts.error.passwordLong");
    expect(errors("et-langt-passord")).toEqual([]);
  });

  it("the browser schema skips only the list (the server always applies it)", () => {
    expect(errors("qwertyuiop12", false)).toEqual([]);
    expect(errors("aaaaaaaaaaaa", false)).toEqual(["accounts.error.passwordRepeated"]);
  });

  it("spots repetition", () => {
    expect(isRepeated("abcabcabcabc")).toBe(true);
    expect(isRepeated("passwordpassword")).toBe(true);
    expect(isRepeated("correct horse")).toBe(false);
  });

  it("gives a zxcvbn strength hint", () => {
    expect(passwordStrength("passwordpassword").score).toBe(0);
    expect(passwordStrength("kanelsnurr-i-regnvær-2031").score).toBeGreaterThanOrEqual(3);
  });
});
