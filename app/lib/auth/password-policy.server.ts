/**
 * Server-side password checks: the common-password list (zxcvbn-ts language-common, ~49k entries,
 * bundled, no network) and a zxcvbn strength hint. Kept out of the client bundle on purpose.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

let commonSet: Set<string> | undefined;

function commonPasswords(): Set<string> {
  commonSet ??= new Set((common.dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return commonSet;
}

/** True for a listed password, case-insensitively and ignoring surrounding spaces. */
export function isCommonPassword(password: string): boolean {
  const set = commonPasswords();
  const lower = password.toLowerCase();
  return set.has(lower) || set.has(lower.trim());
}

export const commonPasswordCount = () => commonPasswords().size;

let zxcvbn: ZxcvbnFactory | undefined;

export interface PasswordStrength {
  /** 0 (too guessable) … 4 (very unguessable). */
  score: number;
  /** zxcvbn warning key, e.g. "commonNames"; translated as `password.warning.<key>` when known. */
  warning: string | null;
}

export function passwordStrength(password: string): PasswordStrength {
  zxcvbn ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  // zxcvbn is quadratic in the length; the rules cap passwords at 200 characters anyway.
  const result = zxcvbn.check(password.slice(0, 100));
  return { score: result.score, warning: result.feedback.warning ?? null };
}
