/**
 * The Members page's "invite" intent: mailed invites for the addresses given (limited per
 * organisation a day: no spam relay), or one link to pass on when there are none.
 */
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { linkOrigin } from "../config/public-url.server";
import type { Lang } from "../i18n";
import { rateLimited } from "../security/limit-request.server";
import { InviteSchema } from "./forms";
import { parseInviteAddresses } from "./invite-addresses";
import { createInviteLink, inviteByMail } from "./members.server";

export interface InviteActionResult {
  intent: "invite";
  inviteUrl?: string;
  role?: string;
  expiresAt?: string;
  mailed?: number;
  result: SubmissionResult<string[]>;
}

export async function inviteAction(input: {
  formData: FormData;
  request: Request;
  organisation: { id: number; name: string };
  user: { id: number; name: string };
  ip: string;
  lang: Lang;
  audit: (detail: Record<string, string | number>) => Promise<void>;
}) {
  const { organisation, user } = input;
  const submission = parseWithZod(input.formData, { schema: InviteSchema });
  if (submission.status !== "success") return data<InviteActionResult>({ intent: "invite", result: submission.reply() }, { status: 400 });
  const { role, emails } = submission.value;
  const origin = linkOrigin(input.request);
  const addresses = parseInviteAddresses(emails ?? "").addresses;
  if (addresses.length) {
    const limited = await rateLimited(
      addresses.map(() => ["inviteMailPerOrganisation", `invite-mail:org:${organisation.id}`] as ["inviteMailPerOrganisation", string]),
      { ip: input.ip, userId: user.id, organisationId: organisation.id },
    );
    if (limited)
      return data<InviteActionResult>({ intent: "invite", result: submission.reply({ formErrors: ["accounts.invite.mailLimit"] }) }, { status: 429, headers: limited.headers });
    const mailed = await inviteByMail({ organisation, role, inviter: user, emails: addresses, origin, lang: input.lang });
    await input.audit({ role, mailed });
    return data<InviteActionResult>({ intent: "invite", mailed, role, result: submission.reply({ resetForm: true }) });
  }
  const { token, expiresAt } = await createInviteLink({ organisationId: organisation.id, role, createdBy: user.id });
  await input.audit({ role });
  return data<InviteActionResult>({
    intent: "invite",
    inviteUrl: `${origin}/invite/${token}`,
    role,
    expiresAt: expiresAt.toISOString(),
    result: submission.reply({ resetForm: true }),
  });
}
