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
  inviteAcceptPerIp: { limit: 20, windowMs: HOUR },
  organisationPerUser: { limit: 5, windowMs: 24 * HOUR },
  organisationPerIp: { limit: 20, windowMs: 24 * HOUR },
  /** Wrong current passwords on the password-change form, per user. */
  passwordChangePerUser: { limit: 5, windowMs: 15 * MINUTE },
} as const;
