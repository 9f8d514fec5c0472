/**
 * Text chosen by someone else (a person's name, an organisation's name) as it goes into a mail.
 * Mail clients turn anything that looks like an address into a link: a sign-up name such as
 * "Support https://evil.example" would arrive as a clickable link in a mail from us. So names are
 * cut to their field limit, lose control characters, and anything link-like is broken up: the
 * scheme loses its "://", dots between letters become a middle dot, "@" becomes " (at) ", "www."
 * loses its dot. The result reads the same to a person and is never a link.
 */
export const NAME_LIMIT = 100;

export function neutraliseName(input: string, limit = NAME_LIMIT): string {
  // Control characters (CR/LF included: no header injection through a subject) become spaces.
  // eslint-disable-next-line no-control-regex
  let text = Array.from(input.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, " ")).slice(0, limit).join("");
  text = text
    .replace(/([a-z][a-z0-9+.-]*):\/\//gi, "$1 ")
    .replace(/\b(www)\./gi, "$1 ")
    .replace(/@/g, " (at) ")
    .replace(/([\p{L}\p{N}])\.(?=[\p{L}\p{N}])/gu, "$1\u00b7")
    .replace(/\s+/g, " ")
    .trim();
  return text;
}

/** Escapes text for the HTML part of a mail. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * A recipient address as it may go into an envelope: one "@", no whitespace or control
 * characters, at most 254 characters. Anything else is refused before it reaches the outbox.
 */
export function isDeliverableAddress(address: string): boolean {
  if (address.length > 254 || address.length < 3) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f<>(),;:"\\[\]]/.test(address)) return false;
  const parts = address.split("@");
  return parts.length === 2 && parts[0]!.length > 0 && /^[^.].*\.[^.]+$/.test(parts[1]!);
}
