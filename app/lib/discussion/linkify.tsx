/**
 * Comment text as React nodes: plain text with http(s) URLs as links, nothing else interpreted.
 * React escapes the text; only URLs that parse as http: or https: become links (a
 * `javascript:` or `data:` URL is never matched, let alone linked). Line breaks are kept by CSS
 * (`white-space: pre-wrap` on .comment-body).
 */
import type { ReactNode } from "react";

export type Segment = { type: "text"; text: string } | { type: "link"; text: string; href: string };

/**
 * Unicode direction controls (embeddings and overrides U+202A–202E, isolates U+2066–2069): inside a
 * link's text they can make it read as another address ("…/\u202Egepj.exe" shows as "…/exe.jpeg").
 * They end a URL, so a link's text never holds one; the link is rendered `dir="ltr"`, which
 * isolates it (HTML's `[dir] { unicode-bidi: isolate }`) from an override in the text before it.
 */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\u202A-\u202E\u2066-\u2069]+/gi;
// Punctuation that usually ends a sentence rather than the URL.
const TRAILING = /[.,;:!?)\]}»”’]+$/;

export function linkSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0];
    const trail = url.match(TRAILING)?.[0] ?? "";
    // Keep a closing parenthesis that closes one inside the URL (Wikipedia-style links).
    const keepParen = trail.startsWith(")") && url.slice(0, -trail.length).includes("(") ? 1 : 0;
    url = url.slice(0, url.length - trail.length + keepParen);
    const start = match.index;
    const href = safeHref(url);
    if (!href) continue;
    if (start > last) out.push({ type: "text", text: text.slice(last, start) });
    out.push({ type: "link", text: url, href });
    last = start + url.length;
  }
  if (last < text.length) out.push({ type: "text", text: text.slice(last) });
  return out;
}

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function LinkifiedText({ text }: { text: string }): ReactNode {
  return linkSegments(text).map((s, i) =>
    s.type === "link" ? (
      <a key={i} href={s.href} dir="ltr" rel="noopener noreferrer nofollow" target="_blank">
        {s.text}
      </a>
    ) : (
      s.text
    ),
  );
}
