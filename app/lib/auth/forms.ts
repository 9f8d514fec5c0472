/**
 * One zod schema per form, shared by the browser (Conform's client validation) and the server.
 * Error messages are i18n keys; components translate them.
 */
import { z } from "zod";
import { isBlank, isRepeated, PASSWORD_MAX, PASSWORD_MIN } from "./password-policy";
import { INVITE_LIST_CHARS, parseInviteAddresses } from "./invite-addresses";
import { ROLES } from "./roles";

export { PASSWORD_MAX, PASSWORD_MIN };

const required = "accounts.error.required";

export const emailField = z
  .string({ error: required })
  .trim()
  .toLowerCase()
  .max(254, { error: "accounts.error.tooLong" })
  .pipe(z.email({ error: "accounts.error.email" }));

const redirectTo = z.string().optional();

export const LoginSchema = z.object({
  email: emailField,
  // Generous upper bound: scrypt of a megabyte-long "password" is wasted work.
  password: z.string({ error: required }).max(1000, { error: "accounts.error.passwordLong" }),
  redirectTo,
});

/**
 * The rules for every new password (sign-up, password change). `isCommon` is the server's
 * common-password list: the browser validates without it, the server always with it.
 */
export function newPasswordField(isCommon?: (password: string) => boolean) {
  return z
    .string({ error: required })
    .min(PASSWORD_MIN, { error: "accounts.error.passwordShort" })
    .max(PASSWORD_MAX, { error: "accounts.error.passwordLong", abort: true })
    .refine((p) => !isBlank(p), { error: "accounts.error.passwordBlank" })
    .refine((p) => !isRepeated(p), { error: "accounts.error.passwordRepeated" })
    .refine((p) => !isCommon?.(p), { error: "accounts.error.passwordCommon" });
}

export const signupSchema = (isCommon?: (password: string) => boolean) =>
  z.object({
    email: emailField,
    name: z.string({ error: required }).trim().min(2, { error: "accounts.error.nameShort" }).max(100, { error: "accounts.error.tooLong" }),
    password: newPasswordField(isCommon),
    redirectTo,
  });
export const SignupSchema = signupSchema();

export const changePasswordSchema = (isCommon?: (password: string) => boolean) =>
  z.object({
    intent: z.literal("changePassword"),
    currentPassword: z.string({ error: required }).max(1000, { error: "accounts.error.passwordLong" }),
    newPassword: newPasswordField(isCommon),
  });
export const ChangePasswordSchema = changePasswordSchema();

/** "Forgot password" and "send the confirmation again": just the address. */
export const EmailOnlySchema = z.object({ email: emailField });

/** The form behind a reset link: the new password twice. */
export const resetPasswordSchema = (isCommon?: (password: string) => boolean) =>
  z
    .object({ password: newPasswordField(isCommon), confirm: z.string({ error: required }).max(1000, { error: "accounts.error.passwordLong" }) })
    .refine((v) => v.password === v.confirm, { error: "accounts.reset.mismatch", path: ["confirm"] });
export const ResetPasswordSchema = resetPasswordSchema();

export const OrganisationSchema = z.object({
  name: z.string({ error: required }).trim().min(2, { error: "accounts.error.nameShort" }).max(120, { error: "accounts.error.tooLong" }),
});

const role = z.enum(ROLES, { error: "accounts.error.role" });
const id = z.coerce.number({ error: required }).int().positive();

/**
 * One invite link (no addresses), or one mailed invite per address in `emails` (one per line).
 * A bad line refuses the whole list; the page names each line (parseInviteAddresses).
 */
export const InviteSchema = z.object({
  intent: z.literal("invite"),
  role,
  emails: z
    .string()
    .max(INVITE_LIST_CHARS, { error: "accounts.invite.listTooLong" })
    .refine((v) => parseInviteAddresses(v).problems.length === 0, { error: "accounts.invite.badLines" })
    .optional(),
});
/** `version` is the membership version the admin saw: a change by someone else meanwhile is refused. */
const version = z.coerce.number({ error: required }).int().positive();
export const ChangeRoleSchema = z.object({ intent: z.literal("changeRole"), userId: id, role, version });
export const RemoveMemberSchema = z.object({ intent: z.literal("remove"), userId: id, version });
export const RevokeInviteSchema = z.object({ intent: z.literal("revokeInvite"), inviteId: id });

export const StartResponseSchema = z.object({ intent: z.literal("startResponse"), consultationVersionId: id });
