/**
 * The Members page's list of addresses to invite: one per line, as pasted. Shared by the form's
 * schema (browser and server) and the page, which names each refused line. Pure.
 */
import { isDeliverableAddress } from "../mail/safe-text";

export const INVITE_LIST_MAX = 50;
export const INVITE_LIST_CHARS = 20_000;

export type InviteLineProblem = "lineBreak" | "severalAt" | "tooLong" | "invalid" | "tooMany";

export interface InviteLines {
  /** Distinct, lower-cased addresses in the order given. */
  addresses: string[];
  problems: { line: number; text: string; problem: InviteLineProblem }[];
}

export function parseInviteAddresses(text: string): InviteLines {
  const addresses: string[] = [];
  const problems: InviteLines["problems"] = [];
  // A browser sends a textarea's line breaks as CRLF: one CR before the LF is a line break, any
  // other CR (or control character) inside a line is refused.
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const shown = Array.from(line).slice(0, 80).join("");
    const refuse = (problem: InviteLineProblem) => problems.push({ line: i + 1, text: shown, problem });
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(line)) return refuse("lineBreak");
    if (line.length > 254) return refuse("tooLong");
    if ((line.match(/@/g) ?? []).length > 1) return refuse("severalAt");
    const address = line.toLowerCase();
    if (!isDeliverableAddress(address) || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) return refuse("invalid");
    if (addresses.includes(address)) return;
    if (addresses.length >= INVITE_LIST_MAX) return refuse("tooMany");
    addresses.push(address);
  });
  return { addresses, problems };
}
