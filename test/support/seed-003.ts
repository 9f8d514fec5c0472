/**
 * Parser for seed 003: the official form's printout of NMF's answer to the LIS1 hearing.
 * It is independent of our template and exporter on purpose: tests compare our output with it.
 *
 * Layout: "• N. question", "o answer" or "o N.k. option", "▪ rank". Lines are PDF-wrapped;
 * a whitespace-only line (or a line ending in two spaces) ends a paragraph.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface SeedOption {
  number: string;
  text: string;
  rank?: number;
}
export interface SeedItem {
  number: string;
  text: string;
  /** Answer paragraphs ("Ja", a name, feedback paragraphs). Empty when unanswered. */
  answer: string[];
  options: SeedOption[];
}

const SEED_FILE = "003_82f385efaf29cb1c.txt";

/** Finds seed 003: $SEED_DIR, then ../shared/seeds next to the repository, then a committed copy. */
export function seed003Path(): string {
  const root = path.resolve(import.meta.dirname, "../..");
  const candidates = [
    process.env.SEED_DIR && path.join(process.env.SEED_DIR, SEED_FILE),
    path.resolve(root, "../shared/seeds", SEED_FILE),
    path.resolve(root, "test/fixtures", SEED_FILE),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`seed 003 not found; looked in ${candidates.join(", ")}`);
  return found;
}

/** Joins PDF-wrapped lines: a line ending in "word-" continues without a space. */
export function joinWrapped(lines: string[]): string {
  let out = "";
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (!out) out = line;
    else if (/\S-$/.test(out)) out += line;
    else out += " " + line;
  }
  return out.replace(/\s+/g, " ");
}

export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

type Target = { lines: string[][] };

export function parseSeed003(text = readFileSync(seed003Path(), "utf8")): SeedItem[] {
  const items: SeedItem[] = [];
  const answerParagraphs = new Map<SeedItem, string[][]>();
  const optionLines = new Map<SeedOption, string[]>();
  let current: Target | null = null;

  for (const rawLine of text.split("\n")) {
    if (rawLine === "") continue;
    const line = rawLine.replace(/\s+$/, "");
    const endsParagraph = /\S {2,}$/.test(rawLine);
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^• (\d+)\. ?(.*)$/))) {
      const item: SeedItem = { number: m[1]!, text: "", answer: [], options: [] };
      items.push(item);
      const lines = [[m[2]!]];
      current = { lines };
      answerParagraphs.set(item, []);
      (item as SeedItem & { _q?: string[][] })._q = lines;
      continue;
    }
    const item = items.at(-1);
    if (!item) continue; // "Svar:" heading and anything before item 1
    if ((m = line.match(/^o (\d+\.\d+)\. ?(.*)$/))) {
      const option: SeedOption = { number: m[1]!, text: "" };
      item.options.push(option);
      const lines = [[m[2]!]];
      optionLines.set(option, lines[0]!);
      current = { lines };
      continue;
    }
    if ((m = line.match(/^▪ (\d+)$/))) {
      item.options.at(-1)!.rank = Number(m[1]);
      current = null;
      continue;
    }
    if ((m = line.match(/^o (.*)$/))) {
      const paragraphs = answerParagraphs.get(item)!;
      paragraphs.push([m[1]!]);
      current = { lines: paragraphs };
      if (endsParagraph) paragraphs.push([]);
      continue;
    }
    if (!current) throw new Error(`seed 003: stray line ${JSON.stringify(line)}`);
    if (line.trim() === "") {
      current.lines.push([]);
      continue;
    }
    current.lines.at(-1)!.push(line);
    if (endsParagraph && current.lines === answerParagraphs.get(item)) current.lines.push([]);
  }

  for (const item of items) {
    const q = (item as SeedItem & { _q?: string[][] })._q!;
    item.text = joinWrapped(q.flat());
    delete (item as SeedItem & { _q?: string[][] })._q;
    item.answer = answerParagraphs
      .get(item)!
      .map(joinWrapped)
      .filter((p) => p !== "");
    for (const option of item.options) option.text = joinWrapped(optionLines.get(option)!);
  }
  return items;
}
