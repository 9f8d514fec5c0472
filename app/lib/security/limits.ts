/** Every rate limit in one place (used by the routes through consumeRateLimit). */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const LIMITS = {
  /** Failed sign-ins per client IP (all accounts). */
  loginPerIp: { limit: 20, windowMs: 15 * MINUTE },
  /** Failed sign-ins per account and client (a known device, or else the IP address). */
  loginPerAccountClient: { limit: 5, windowMs: 15 * MINUTE },
  /** Failed sign-ins per account from all unknown devices together (bounds distributed guessing). */
  loginPerAccountUnknownDevices: { limit: 20, windowMs: 15 * MINUTE },
  signupPerIp: { limit: 10, windowMs: HOUR },
  /** "Forgot password" and "send the confirmation again" requests per client IP. */
  accountMailPerIp: { limit: 10, windowMs: HOUR },
  /** Account mails (confirm, reset, "already registered") per address: past it, nothing is sent (same answer). */
  accountMailPerAddress: { limit: 5, windowMs: HOUR },
  /** Invitation mails per organisation. */
  inviteMailPerOrganisation: { limit: 200, windowMs: 24 * HOUR },
  inviteAcceptPerIp: { limit: 20, windowMs: HOUR },
  organisationPerUser: { limit: 5, windowMs: 24 * HOUR },
  organisationPerIp: { limit: 20, windowMs: 24 * HOUR },
  /** Wrong current passwords on the password-change form, per user. */
  passwordChangePerUser: { limit: 5, windowMs: 15 * MINUTE },
  /**
   * Expensive work per user and per client IP, so one tenant cannot keep both cores busy for all:
   * downloads (export), Markdown imports (dry run and apply), history pages.
   */
  exportPerUser: { limit: 60, windowMs: 10 * MINUTE },
  exportPerIp: { limit: 120, windowMs: 10 * MINUTE },
  importPerUser: { limit: 30, windowMs: 10 * MINUTE },
  importPerIp: { limit: 60, windowMs: 10 * MINUTE },
  historyPerUser: { limit: 300, windowMs: 10 * MINUTE },
  historyPerIp: { limit: 600, windowMs: 10 * MINUTE },
  /** Template previews (each parses and numbers up to 1 MB in the parse worker): per person and per organisation. */
  previewPerUser: { limit: 300, windowMs: 10 * MINUTE },
  previewPerOrganisation: { limit: 600, windowMs: 10 * MINUTE },
  /** New comments and replies per user (each may notify several people). */
  commentPerUser: { limit: 120, windowMs: 10 * MINUTE },
} as const;
