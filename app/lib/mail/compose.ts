/**
 * Builds a mail's plain text and simple HTML from the same parts. Every text that someone else
 * chose (names) is passed through neutraliseName by the caller's template; links are ours
 * (PUBLIC_URL) and are the only links in a mail.
 */
import { escapeHtml } from "./safe-text";

export interface MailParts {
  paragraphs: string[];
  /** The one thing to do, as a button in HTML and a bare link in text. */
  action?: { label: string; url: string };
  /** Extra paragraphs after the action (e.g. "if it was not you ..."). */
  after?: string[];
  /** Small print: why you get this, how to stop it. */
  footer?: string[];
}

export function composeMail(parts: MailParts): { text: string; html: string } {
  const text = [
    ...parts.paragraphs,
    ...(parts.action ? [`${parts.action.label}:\n${parts.action.url}`] : []),
    ...(parts.after ?? []),
    ...(parts.footer?.length ? ["-- ", ...parts.footer] : []),
  ].join("\n\n");
  const p = (s: string) => `<p>${escapeHtml(s).replace(/\n/g, "<br>")}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40em">',
    ...parts.paragraphs.map(p),
    parts.action
      ? `<p><a href="${escapeHtml(parts.action.url)}" style="display:inline-block;padding:.5em 1em;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(parts.action.label)}</a></p><p style="font-size:small;color:#555">${escapeHtml(parts.action.url)}</p>`
      : "",
    ...(parts.after ?? []).map(p),
    parts.footer?.length ? `<hr><div style="font-size:small;color:#555">${parts.footer.map(p).join("")}</div>` : "",
    "</body></html>",
  ].join("\n");
  return { text, html };
}
