/**
 * Turns a three-level outline (from our Markdown or our DOCX) into seed 003's item shape, using the
 * printout's own rules: level 0 "N. question", level 1 "N.k. option" or an answer paragraph,
 * level 2 a rank. Test-side on purpose: it does not use the exporter's model.
 */
import type { List, ListItem, Paragraph, PhrasingContent, RootContent } from "mdast";
import remarkParse from "remark-parse";
import { unified } from "unified";
import type { SeedItem } from "./seed-003";
import { normaliseWhitespace } from "./seed-003";

export interface OutlineEntry {
  level: number;
  /** False for a continuation paragraph (same level, no bullet). */
  bulleted: boolean;
  text: string;
}

export function outlineToSeedItems(entries: OutlineEntry[]): SeedItem[] {
  const items: SeedItem[] = [];
  for (const { level, bulleted, text } of entries) {
    const clean = normaliseWhitespace(text);
    const item = items.at(-1);
    let m: RegExpExecArray | null;
    if (level === 0 && bulleted && (m = /^(\d+)\.\s*(.*)$/.exec(clean))) {
      items.push({ number: m[1]!, text: m[2]!, answer: [], options: [] });
    } else if (!item) {
      throw new Error(`outline entry before item 1: ${clean}`);
    } else if (level === 1 && bulleted && (m = /^(\d+\.\d+)\.\s*(.*)$/.exec(clean))) {
      item.options.push({ number: m[1]!, text: m[2]! });
    } else if (level === 1) {
      item.answer.push(clean);
    } else if (level === 2 && bulleted && /^\d+$/.test(clean) && item.options.length) {
      item.options.at(-1)!.rank = Number(clean);
    } else {
      throw new Error(`unexpected outline entry at level ${level}: ${clean}`);
    }
  }
  return items;
}

function phrasingText(nodes: PhrasingContent[]): string {
  return nodes.map((n) => (n.type === "text" ? n.value : n.type === "break" ? "\n" : "children" in n ? phrasingText(n.children) : "")).join("");
}

function listEntries(list: List, level: number, out: OutlineEntry[]): void {
  for (const item of list.children as ListItem[]) {
    let first = true;
    for (const child of item.children) {
      if (child.type === "paragraph") {
        out.push({ level, bulleted: first, text: phrasingText((child as Paragraph).children) });
        first = false;
      } else if (child.type === "list") listEntries(child, level + 1, out);
      else throw new Error(`unexpected ${child.type} in list item`);
    }
  }
}

/** The outline of a Markdown export: the first list after the "Svar:" heading. */
export function markdownOutline(markdown: string): OutlineEntry[] {
  const root = unified().use(remarkParse).parse(markdown);
  const svar = root.children.findIndex((b: RootContent) => b.type === "heading" && phrasingText(b.children) === "Svar:");
  const list = root.children.slice(svar + 1).find((b): b is List => b.type === "list");
  if (svar < 0 || !list) throw new Error("no Svar: list in the Markdown");
  const out: OutlineEntry[] = [];
  listEntries(list, 0, out);
  return out;
}
