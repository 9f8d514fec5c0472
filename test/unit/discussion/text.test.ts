import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { checkCommentText, COMMENT_MAX, RESOLUTION_NOTE_MAX } from "~/lib/discussion/limits";
import { findMentions, mentionQuery, suggestMembers } from "~/lib/discussion/mentions";
import { linkSegments, LinkifiedText } from "~/lib/discussion/linkify";

describe("comment text limits", () => {
  it("refuses empty and whitespace-only text", () => {
    expect(checkCommentText("")).toEqual({ ok: false, problem: { kind: "empty" } });
    expect(checkCommentText("  \n\t \r\n ")).toEqual({ ok: false, problem: { kind: "empty" } });
  });
  it("accepts exactly the maximum, refuses one more (counted in characters, not UTF-16 units)", () => {
    expect(COMMENT_MAX).toBe(4000);
    expect(checkCommentText("a".repeat(4000)).ok).toBe(true);
    expect(checkCommentText("a".repeat(4001))).toEqual({ ok: false, problem: { kind: "tooLong", length: 4001, max: 4000 } });
    // 4000 emoji are 8000 UTF-16 units but 4000 characters.
    expect(checkCommentText("😀".repeat(4000)).ok).toBe(true);
    expect(RESOLUTION_NOTE_MAX).toBeLessThan(COMMENT_MAX);
  });
  it("keeps inner line breaks, trims the edges, normalises CRLF", () => {
    expect(checkCommentText("\n  første\r\n\r\nandre  \n")).toEqual({ ok: true, text: "første\n\nandre" });
  });
});

const MEMBERS = [
  { id: 1, name: "Kari Nordmann", email: "kari@demo.no" },
  { id: 2, name: "Ola Hansen", email: "ola@demo.no" },
  { id: 3, name: "Ola", email: "ola2@demo.no" },
  { id: 4, name: "Maja Sekretariat", email: "sekretariat@demo.no" },
];

describe("mentions", () => {
  it("finds @Full Name and @e-mail, case-insensitively, once each", () => {
    expect(findMentions("Hei @Kari Nordmann og @SEKRETARIAT@demo.no! @kari nordmann igjen", MEMBERS).sort()).toEqual([1, 4]);
  });
  it("takes the longest name that matches", () => {
    expect(findMentions("@Ola Hansen, kan du se?", MEMBERS)).toEqual([2]);
    expect(findMentions("@Ola kan du se?", MEMBERS)).toEqual([3]);
  });
  it("needs a word boundary after the name and a non-word before the @", () => {
    expect(findMentions("@Kari Nordmannsen", MEMBERS)).toEqual([]);
    expect(findMentions("skriv til kari@demo.no", MEMBERS)).toEqual([]);
    expect(findMentions("@Ukjent Person", MEMBERS)).toEqual([]);
    expect(findMentions("(@Kari Nordmann)", MEMBERS)).toEqual([1]);
    expect(findMentions("@Kari Nordmann\nneste linje", MEMBERS)).toEqual([1]);
  });
  it("autocomplete: the query before the caret and the matching members", () => {
    expect(mentionQuery("Hei @Ka", 7)).toEqual({ start: 4, query: "Ka" });
    expect(mentionQuery("epost kari@demo", 15)).toBeNull();
    expect(mentionQuery("ingen", 5)).toBeNull();
    expect(suggestMembers("ha", MEMBERS).map((m) => m.id)).toEqual([2]);
    expect(suggestMembers("ola", MEMBERS).map((m) => m.id)).toEqual([2, 3]);
  });
});

describe("linkify", () => {
  it("links http and https URLs, leaving trailing punctuation outside", () => {
    expect(linkSegments("Se https://example.no/a?b=1. Og (http://x.no/)")).toEqual([
      { type: "text", text: "Se " },
      { type: "link", text: "https://example.no/a?b=1", href: "https://example.no/a?b=1" },
      { type: "text", text: ". Og (" },
      { type: "link", text: "http://x.no/", href: "http://x.no/" },
      { type: "text", text: ")" },
    ]);
  });
  it("never links javascript:, data: or other schemes; HTML stays text", () => {
    for (const text of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>", "ftp://x.no", "<a href=x>y</a>"])
      expect(linkSegments(text)).toEqual([{ type: "text", text }]);
    const html = renderToStaticMarkup(createElement(LinkifiedText, { text: '<img src=x onerror=alert(1)> javascript:alert(1) https://ok.no/"><script>' }));
    expect(html).not.toMatch(/<img|<script|href="javascript/i);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain('<a href="https://ok.no/" dir="ltr" rel="noopener noreferrer nofollow" target="_blank">https://ok.no/</a>');
  });
  it("direction overrides and isolates (U+202A–202E, U+2066–2069) never reach a link's text; the link is isolated", () => {
    const controls = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"];
    for (const control of controls) {
      const text = `Se \u202Ehttps://evil.example/${control}gepj.exe og https://ok.no/a${control}b`;
      const links = linkSegments(text).filter((s) => s.type === "link");
      expect(links.map((l) => l.text)).toEqual(["https://evil.example/", "https://ok.no/a"]);
      for (const link of links) expect(link.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      // Nothing is lost: the text around the links is kept as typed.
      expect(linkSegments(text).map((s) => s.text).join("")).toBe(text);
    }
    const html = renderToStaticMarkup(createElement(LinkifiedText, { text: "\u202Ehttps://evil.example/\u202Egepj.exe" }));
    expect(html).toMatch(/<a href="https:\/\/evil\.example\/" dir="ltr"[^>]*>https:\/\/evil\.example\/<\/a>/);
  });
  it("keeps line breaks as text (shown by CSS pre-wrap)", () => {
    expect(renderToStaticMarkup(createElement(LinkifiedText, { text: "a\nb" }))).toBe("a\nb");
  });
});
