/**
 * What looks like personal data in answer texts: e-mail addresses, Norwegian phone numbers,
 * fødselsnummer / D-numbers with valid check digits, and (optionally) given names such as the
 * organisation's members. Every answer to a Norwegian hearing is published (offentleglova), so
 * exports warn about these — a warning, never a block. Pure and linear in the text length (no
 * backtracking patterns over user text): the browser, exports and later checks share it.
 */
import { isAsked, type AnswerValue } from "./answers";
import { formSections, type FormItem } from "./form";
import type { Template } from "./schema";

export type PersonalDataKind = "email" | "phone" | "nationalId" | "name";

export interface PersonalDataMatch {
  kind: PersonalDataKind;
  /** The text as it stands in the answer. */
  match: string;
  /** Offset in the text (UTF-16 units). */
  index: number;
}

export interface PersonalDataFinding extends PersonalDataMatch {
  /** Answer key (e.g. `kap3-tiltak-1.feedback`, `cover.text`). */
  key: string;
  /** The form's item number ("6"), when the answer belongs to a numbered item. */
  number?: string;
}

export interface PersonalDataOptions {
  /** Extra names to look for (e.g. the organisation's members); matched as whole words, any case. */
  names?: readonly string[];
}

const FNR_WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const FNR_WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: readonly number[], weights: readonly number[]): number | undefined {
  const sum = weights.reduce((s, w, i) => s + w * digits[i]!, 0);
  const k = 11 - (sum % 11);
  return k === 11 ? 0 : k === 10 ? undefined : k;
}

/**
 * An 11-digit fødselsnummer (or D-number: day + 40) with a possible date and both mod-11 check
 * digits right. Spaces are ignored ("010190 12345").
 */
export function isValidNationalId(value: string): boolean {
  const s = value.replace(/ /g, "");
  if (!/^\d{11}$/.test(s)) return false;
  const d = [...s].map(Number);
  const day = d[0]! * 10 + d[1]!;
  const month = d[2]! * 10 + d[3]!;
  const realDay = day > 40 ? day - 40 : day;
  if (realDay < 1 || realDay > 31 || month < 1 || month > 12) return false;
  return checkDigit(d, FNR_WEIGHTS_1) === d[9] && checkDigit(d, FNR_WEIGHTS_2) === d[10];
}

// Each pattern is a plain sequence of fixed-width groups: no nested quantifiers, so no backtracking blow-up.
/** 11 digits, or 6 + space + 5, not inside a longer number. */
const NATIONAL_ID = /(?<![\d])\d{6} ?\d{5}(?![\d])/g;
/**
 * Norwegian numbers: 8 digits starting 2–9, written together or grouped 2-2-2-2 / 3-2-3 with
 * spaces, optionally after +47 or 0047; not inside a longer number.
 */
const PHONE = /(?<![\d+])(?:(?:\+|00)47 ?)?(?:[2-9]\d{7}|[2-9]\d (?:\d\d ){2}\d\d|[2-9]\d\d \d\d \d\d\d)(?![\d])/g;

const LOCAL_CHAR = /[A-Za-z0-9._%+\-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.\-]/;

/** E-mail addresses, found from each "@" outwards (bounded scans, linear overall). */
function emails(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  let at = text.indexOf("@");
  let scannedTo = 0;
  while (at >= 0) {
    let start = at;
    while (start > scannedTo && at - start < 64 && LOCAL_CHAR.test(text[start - 1]!)) start--;
    let end = at + 1;
    while (end < text.length && end - at <= 253 && DOMAIN_CHAR.test(text[end]!)) end++;
    let domain = text.slice(at + 1, end);
    // A sentence's full stop or hyphen after the address is not part of it.
    while (/[.\-]$/.test(domain)) domain = domain.slice(0, -1);
    const local = text.slice(start, at).replace(/^[.]+/, "");
    if (local && /^[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$/.test(domain)) {
      const index = at - local.length;
      found.push({ kind: "email", match: `${local}@${domain}`, index });
      scannedTo = at + 1 + domain.length;
    }
    at = text.indexOf("@", at + 1);
  }
  return found;
}

function patternMatches(text: string, pattern: RegExp, kind: PersonalDataKind, accept: (m: string) => boolean = () => true): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  for (const m of text.matchAll(pattern)) if (accept(m[0])) found.push({ kind, match: m[0], index: m.index });
  return found;
}

const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

function names(text: string, list: readonly string[]): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  const lower = text.toLocaleLowerCase("nb");
  for (const raw of list) {
    const name = raw.trim().replace(/\s+/g, " ");
    if (name.length < 3) continue;
    const needle = name.toLocaleLowerCase("nb");
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + 1)) {
      if (isLetter(lower[i - 1]) || isLetter(lower[i + needle.length])) continue;
      found.push({ kind: "name", match: text.slice(i, i + needle.length), index: i });
    }
  }
  return found;
}

/** Everything in one text that looks like personal data, in text order. */
export function findPersonalData(text: string, options: PersonalDataOptions = {}): PersonalDataMatch[] {
  const ids = patternMatches(text, NATIONAL_ID, "nationalId", isValidNationalId);
  const phones = patternMatches(text, PHONE, "phone").filter((p) => !ids.some((id) => overlaps(p, id)));
  const found = [...emails(text), ...ids, ...phones, ...(options.names?.length ? names(text, options.names) : [])];
  return found.sort((a, b) => a.index - b.index);
}

const overlaps = (a: PersonalDataMatch, b: PersonalDataMatch) => a.index < b.index + b.match.length && b.index < a.index + a.match.length;

/** Answer types that store an option id, not the organisation's own words. */
const OPTION_TYPES = new Set<string>(["yes_no", "choice", "scale", "multiple_choice", "ranking"]);

/**
 * The items whose answers are checked for personal data: every part of the form except the
 * sender's. The form itself asks for the sender's name, e-mail and the like (and prints them as the
 * sender), so finding them there would only be noise that hides the real findings.
 */
export function personalDataItems(template: Template): FormItem[] {
  return formSections(template)
    .filter((section) => section.kind !== "sender")
    .flatMap((section) => section.items);
}

/**
 * Findings in a response's answers, naming the item: every asked text answer of the form, then any
 * `extra` texts (e.g. the cover letter's fields) under their own keys.
 */
export function findPersonalDataInAnswers(
  items: readonly FormItem[],
  valueOf: (key: string) => AnswerValue | undefined,
  options: PersonalDataOptions & { extra?: readonly { key: string; text: string }[] } = {},
): PersonalDataFinding[] {
  const findings: PersonalDataFinding[] = [];
  for (const item of items) {
    const value = valueOf(item.key);
    if (typeof value !== "string" || value === "" || OPTION_TYPES.has(item.answerType) || !isAsked(item, valueOf)) continue;
    for (const m of findPersonalData(value, options)) findings.push({ key: item.key, number: String(item.number), ...m });
  }
  for (const { key, text } of options.extra ?? []) for (const m of findPersonalData(text, options)) findings.push({ key, ...m });
  return findings;
}
