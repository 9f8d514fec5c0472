/**
 * @mentions in a comment (pure). A mention is `@` + a member's e-mail address or full name, at the
 * start of the text or after a space or punctuation, and not followed by a letter or digit
 * (`@Kari Nordmann,` mentions Kari; `@Kari Nordmannsen` does not). Longest match wins, so
 * "Ola Hansen" beats "Ola" when both are members.
 */
export interface Mentionable {
  id: number;
  name: string;
  email: string;
}

const WORD = /[\p{L}\p{N}_]/u;

export function findMentions(text: string, members: readonly Mentionable[]): number[] {
  const candidates = members
    .flatMap((m) => [
      { id: m.id, needle: m.email.toLowerCase() },
      { id: m.id, needle: m.name.trim().toLowerCase() },
    ])
    .filter((c) => c.needle.length > 0)
    .sort((a, b) => b.needle.length - a.needle.length);
  const lower = text.toLowerCase();
  const found = new Set<number>();
  for (let i = lower.indexOf("@"); i >= 0; i = lower.indexOf("@", i + 1)) {
    const before = i > 0 ? text[i - 1]! : " ";
    // "kari@demo.no" inside an address is not a mention.
    if (WORD.test(before) || before === "@" || before === ".") continue;
    const rest = lower.slice(i + 1);
    const hit = candidates.find((c) => rest.startsWith(c.needle) && !WORD.test(rest[c.needle.length] ?? " "));
    if (hit) found.add(hit.id);
  }
  return [...found];
}

/** The partial mention being typed just before the caret (`@Ka` → "Ka"), or null. For autocomplete. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const head = text.slice(0, caret);
  const at = head.lastIndexOf("@");
  if (at < 0) return null;
  const before = at > 0 ? head[at - 1]! : " ";
  if (WORD.test(before)) return null;
  const query = head.slice(at + 1);
  // At most two words (a first and last name) and no line break.
  if (query.length > 40 || /\n/.test(query) || query.split(" ").length > 3) return null;
  return { start: at, query };
}

/** Members whose name (or a word of it, or their e-mail when known) starts with the query. */
export function suggestMembers<T extends { id: number; name: string; email?: string }>(query: string, members: readonly T[], limit = 6): T[] {
  const q = query.trim().toLowerCase();
  return members
    .filter((m) => {
      const name = m.name.toLowerCase();
      return q === "" || name.startsWith(q) || Boolean(m.email?.toLowerCase().startsWith(q)) || name.split(/\s+/).some((w) => w.startsWith(q));
    })
    .slice(0, limit);
}
