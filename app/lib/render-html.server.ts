/**
 * Renders a React tree to the whole HTML document as bytes (after every Suspense boundary is ready).
 *
 * Not renderToPipeableStream: React 18.3's Node writer batches text into 2 kB views and, when a
 * multi-byte character does not fit at the end of one, sends the whole view anyway, unfilled last
 * byte included: a NUL lands before the character ("sm\0å"). Browsers read it as U+FFFD, and a
 * text area holding it saves the corrupted text back. The web-streams build encodes each piece of
 * text whole before splitting bytes across views, so nothing is lost. (test/unit/render-html.test.ts)
 */
import type { ReactNode } from "react";
import type { renderToReadableStream as RenderToReadableStream } from "react-dom/server";
// @ts-expect-error -- the web-streams build has no type declarations of its own; its API is react-dom/server's.
import { renderToReadableStream as webRender } from "react-dom/server.browser";

const renderToReadableStream = webRender as typeof RenderToReadableStream;

export async function renderDocument(
  element: ReactNode,
  options: { nonce?: string; signal?: AbortSignal; onError?: (error: unknown) => void; onShellReady?: () => void },
): Promise<ArrayBuffer> {
  const stream = await renderToReadableStream(element, { nonce: options.nonce, signal: options.signal, onError: options.onError });
  options.onShellReady?.();
  await stream.allReady;
  return compactDocument(await new Response(stream).text());
}

const MANIFEST = /(window\.__remixManifest = )(\{[\s\S]*?\});\n/;

/** The document as bytes, with the two rewrites below (same objects, fewer bytes). */
export function compactDocument(html: string): ArrayBuffer {
  return new TextEncoder().encode(singleQuoteStreamData(compactManifest(html))).buffer as ArrayBuffer;
}

/**
 * Remix writes the page's route manifest as indented JSON (a third of its 4–5 kB is spaces and
 * newlines): sent as compact JSON, the same object.
 */
export function compactManifest(html: string): string {
  const match = MANIFEST.exec(html);
  if (match) {
    try {
      const compact = JSON.stringify(JSON.parse(match[2]!));
      html = html.slice(0, match.index) + match[1] + compact + ";\n" + html.slice(match.index + match[0].length);
    } catch {
      // Not JSON after all: sent as Remix wrote it.
    }
  }
  return html;
}

const STREAM_DATA = /(streamController\.enqueue\()("(?:[^"\\]|\\.)*")(\);)/g;
const SINGLE_QUOTED: Record<string, string> = { "\\": "\\\\", "'": "\\'", "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };

/**
 * The loader data Remix inlines (single fetch: `streamController.enqueue("…")`) is turbo-stream
 * text, itself JSON full of double quotes, written as a double-quoted string: every `"` costs two
 * bytes (1.4 kB of a chapter page's 10 kB; decision 91). Written as a single-quoted string
 * instead, the same text: only `'` and `\` are escaped, `<`, `>` and `&` stay \u escapes as Remix
 * writes them (nothing can close the script), control characters as \x escapes.
 */
export function singleQuoteStreamData(html: string): string {
  return html.replace(STREAM_DATA, (whole, head: string, literal: string, tail: string) => {
    let text: unknown;
    try {
      text = JSON.parse(literal);
    } catch {
      return whole;
    }
    if (typeof text !== "string") return whole;
    const quoted = text.replace(/[\\'<>&\u2028\u2029\x00-\x1f\x7f]/g, (c) => SINGLE_QUOTED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
    return `${head}'${quoted}'${tail}`;
  });
}
