/**
 * The canonical public origin of this installation, from `PUBLIC_URL` (e.g.
 * `https://hoering.example.no`). Links in mails are built from it, never from the request's Host
 * header; the request guards compare Origin/Referer/Host against it.
 */
let cached: { raw: string | undefined; url: URL | null } | null = null;

/** The configured public URL, or null when `PUBLIC_URL` is unset (development). Throws on a malformed value. */
export function publicUrl(): URL | null {
  const raw = process.env.PUBLIC_URL?.trim() || undefined;
  if (cached && cached.raw === raw) return cached.url;
  let url: URL | null = null;
  if (raw) {
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`PUBLIC_URL is not a URL: ${JSON.stringify(raw)} (expected e.g. https://hoering.example.no)`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new Error(`PUBLIC_URL must start with https:// or http://, got ${JSON.stringify(raw)}`);
    }
  }
  cached = { raw, url };
  return url;
}

/** The origin to put in links: PUBLIC_URL's origin, or in development (unset) the request's own origin. */
export function linkOrigin(request?: Request): string {
  const configured = publicUrl();
  if (configured) return configured.origin;
  if (request) return new URL(request.url).origin;
  return `http://localhost:${process.env.PORT ?? 3000}`;
}
