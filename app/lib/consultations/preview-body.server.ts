/**
 * A template preview's body goes to the parse worker as it came (Decision 68). The text editors
 * and the form editor post their whole text (up to 1 MiB) with `intent=preview` every time a
 * person pauses typing; decoding that URL-encoded body and building the form editor's draft cost
 * the request thread milliseconds per post, so the route reads the raw bytes, finds the `intent`
 * field by a byte search (a `&` or `=` inside a value is percent-encoded, so it cannot be faked by
 * the text), and hands the bytes to the worker. Every other post is read as a form, as before.
 */
import { readForm } from "../form-data.server";

const URLENCODED = /^application\/x-www-form-urlencoded\b/i;
const PREVIEW = Buffer.from("intent=preview");

/** Whether a URL-encoded body has the field `intent=preview` (exactly that value). */
export function isPreviewBody(bytes: Uint8Array): boolean {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = body.indexOf(PREVIEW); at >= 0; at = body.indexOf(PREVIEW, at + 1)) {
    const end = at + PREVIEW.length;
    if ((at === 0 || body[at - 1] === 0x26) && (end === body.length || body[end] === 0x26)) return true;
  }
  return false;
}

/** A preview post's raw body, else the post as a form (bad bodies: 400, as readForm). */
export async function readPreviewOrForm(request: Request): Promise<{ preview: ArrayBuffer } | { form: FormData }> {
  if (!URLENCODED.test(request.headers.get("content-type") ?? "")) return { form: await readForm(request) };
  let raw: ArrayBuffer;
  try {
    raw = await request.arrayBuffer();
  } catch {
    throw new Response("Bad Request: expected a form post", { status: 400 });
  }
  if (isPreviewBody(new Uint8Array(raw))) return { preview: raw };
  const form = new FormData();
  for (const [key, value] of new URLSearchParams(new TextDecoder().decode(raw))) form.append(key, value);
  return { form };
}
