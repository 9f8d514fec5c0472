import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseInviteAddresses } from "~/lib/auth/invite-addresses";
import { unsubscribeToken, verifyUnsubscribeToken } from "~/lib/mail/notify/unsubscribe.server";

const saved = process.env.SESSION_SECRET;
beforeAll(() => {
  process.env.SESSION_SECRET = "unit-secret";
});
afterAll(() => {
  process.env.SESSION_SECRET = saved;
});

describe("unsubscribe tokens", () => {
  it("a token names its user and kind; any change to id, kind or signature is refused", () => {
    const token = unsubscribeToken(42, "mention");
    expect(verifyUnsubscribeToken(token)).toEqual({ userId: 42, kind: "mention" });
    expect(verifyUnsubscribeToken(unsubscribeToken(42, "digest"))).toEqual({ userId: 42, kind: "digest" });
    const [, , sig] = token.split(".");
    expect(verifyUnsubscribeToken(`43.mention.${sig}`)).toBeNull();
    expect(verifyUnsubscribeToken(`42.reply.${sig}`)).toBeNull();
    expect(verifyUnsubscribeToken(`42.mention.${sig!.replace(/^./, (c) => (c === "A" ? "B" : "A"))}`)).toBeNull();
    for (const bad of ["", "42", "42.mention", "0.mention.x", "42.everything." + sig, `42.mention.${sig}x`, "-1.mention." + sig]) expect(verifyUnsubscribeToken(bad)).toBeNull();
  });

  it("depends on the secret", () => {
    const token = unsubscribeToken(7, "reply");
    process.env.SESSION_SECRET = "another-secret";
    try {
      expect(verifyUnsubscribeToken(token)).toBeNull();
    } finally {
      process.env.SESSION_SECRET = "unit-secret";
    }
  });
});

describe("the Members page's address list", () => {
  it("one per line, CRLF or LF, blank lines and spaces ignored, lower-cased, duplicates once", () => {
    expect(parseInviteAddresses("Ola@Eksempel.no\r\n\r\n  kari@eksempel.no \nola@eksempel.no\n")).toEqual({ addresses: ["ola@eksempel.no", "kari@eksempel.no"], problems: [] });
  });
  it("names each bad line: a CR or control character inside, several @, too long, not an address, too many", () => {
    const long = `${"a".repeat(250)}@eksempel.no`;
    const { problems } = parseInviteAddresses(["ok@eksempel.no", "a\rb@eksempel.no", "a@b@eksempel.no", long, "hei", "x@y"].join("\n"));
    expect(problems.map((p) => [p.line, p.problem])).toEqual([
      [2, "lineBreak"],
      [3, "severalAt"],
      [4, "tooLong"],
      [5, "invalid"],
      [6, "invalid"],
    ]);
    const many = Array.from({ length: 51 }, (_, i) => `p${i}@eksempel.no`).join("\n");
    expect(parseInviteAddresses(many).problems).toEqual([{ line: 51, text: "p50@eksempel.no", problem: "tooMany" }]);
  });
});
