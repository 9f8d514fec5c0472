/** Password rules that need no data (shared by browser and server); the common-password list is server-only. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

/** "aaaaaaaaaaaa", "passwordpassword", "abcabcabcabc": one short unit repeated. */
export function isRepeated(password: string): boolean {
  return /^([\s\S]{1,8}?)\1+$/u.test(password);
}

export function isBlank(password: string): boolean {
  return password.trim().length === 0;
}
