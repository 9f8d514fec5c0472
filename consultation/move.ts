/**
 * Planning the move of a response to another version of its consultation: answers map by stable
 * key; an answer maps only when its key exists in the new version, its value fits the new
 * question's rules, and (for conditional feedback) the question is still asked. Pure.
 */
import { isAnswered, isAsked, type AnswerValue } from "./answers";
import { formItems } from "./form";
import type { Template } from "./schema";
import { checkAnswer } from "./validate";

export interface StoredForMove {
  value: AnswerValue;
  version: number;
}

export type UnmappedReason = "gone" | "invalid" | "notAsked";

export interface MoveEntry {
  key: string;
  value: AnswerValue;
  version: number;
  /** Number in the old form (undefined when the old form no longer had the key either). */
  fromNumber?: number;
  /** The question's text in the old form. */
  fromText?: string;
  /** Number in the new form (mapped answers and answers that do not fit). */
  toNumber?: number;
  reason?: UnmappedReason;
}

export interface MovePlan {
  mapped: MoveEntry[];
  unmapped: MoveEntry[];
  /** Fingerprint of the answers planned with (key and version): a change since makes the plan stale. */
  fingerprint: string;
}

export function planMove(from: Template, to: Template, answers: ReadonlyMap<string, StoredForMove>): MovePlan {
  const fromItems = new Map(formItems(from).map((item) => [item.key, item]));
  const toItems = new Map(formItems(to).map((item) => [item.key, item]));
  const mapped: MoveEntry[] = [];
  const unmapped: MoveEntry[] = [];
  // Values as they would stand in the new version (conditional questions look at their trigger).
  const fits = new Map<string, AnswerValue>();
  const entries = [...answers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, { value }] of entries) {
    const item = toItems.get(key);
    if (item && checkAnswer(item, value).length === 0) fits.set(key, value);
  }
  for (const [key, { value, version }] of entries) {
    const entry: MoveEntry = { key, value, version, fromNumber: fromItems.get(key)?.number, fromText: fromItems.get(key)?.text };
    const item = toItems.get(key);
    if (!item) {
      unmapped.push({ ...entry, reason: "gone" });
      continue;
    }
    entry.toNumber = item.number;
    if (!fits.has(key)) unmapped.push({ ...entry, reason: "invalid" });
    else if (isAnswered(value) && !isAsked(item, (k) => fits.get(k))) unmapped.push({ ...entry, reason: "notAsked" });
    else mapped.push(entry);
  }
  const byNumber = (a: MoveEntry, b: MoveEntry) => (a.toNumber ?? a.fromNumber ?? Infinity) - (b.toNumber ?? b.fromNumber ?? Infinity);
  mapped.sort(byNumber);
  unmapped.sort(byNumber);
  const fingerprint = entries.map(([key, { version }]) => `${key}@${version}`).join(",");
  return { mapped, unmapped, fingerprint: simpleHash(fingerprint) };
}

/** A short stable hash (FNV-1a, 2 × 32 bits) of the plan's key@version list; not a security measure. */
function simpleHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return `${a.toString(16)}${b.toString(16)}-${text.length}`;
}

/** The key an answer that could not be mapped keeps (out of every form, its history intact). */
export function unmappedKey(key: string, fromVersionId: number): string {
  return `unmapped~v${fromVersionId}~${key}`;
}

/** The original key and the version it came from, for a key made by `unmappedKey`; undefined otherwise. */
export function parseUnmappedKey(stored: string): { key: string; fromVersionId: number } | undefined {
  const match = /^unmapped~v(\d+)~(.+)$/.exec(stored);
  return match ? { key: match[2]!, fromVersionId: Number(match[1]) } : undefined;
}
