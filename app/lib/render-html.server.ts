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
  return compactManifest(await new Response(stream).text());
}

const MANIFEST = /(window\.__remixManifest = )(\{[\s\S]*?\});\n/;

/**
 * Remix writes the page's route manifest as indented JSON (a third of its 4–5 kB is spaces and
 * newlines): sent as compact JSON, the same object.
 */
export function compactManifest(html: string): ArrayBuffer {
  const match = MANIFEST.exec(html);
  if (match) {
    try {
      const compact = JSON.stringify(JSON.parse(match[2]!));
      html = html.slice(0, match.index) + match[1] + compact + ";\n" + html.slice(match.index + match[0].length);
    } catch {
      // Not JSON after all: sent as Remix wrote it.
    }
  }
  return new TextEncoder().encode(html).buffer as ArrayBuffer;
}
