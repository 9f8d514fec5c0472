/**
 * The action shared by "forgot password" and "send the confirmation again": one address in, the
 * same answer whether or not it has an account, limited per client address.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type AppLoadContext } from "@remix-run/node";
import { clientIp } from "~/lib/auth/client-ip.server";
import { EmailOnlySchema } from "~/lib/auth/forms";
import { linkOrigin } from "~/lib/config/public-url.server";
import { readForm } from "~/lib/form-data.server";
import { rateLimited } from "~/lib/security/limit-request.server";

export async function accountMailAction(
  request: Request,
  context: AppLoadContext,
  send: (input: { email: string; origin: string; ip: string }) => void,
) {
  const submission = parseWithZod(await readForm(request), { schema: EmailOnlySchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sentTo: null, retryAfterMinutes: 0 }, { status: 400 });
  const ip = clientIp(context);
  const limited = await rateLimited([["accountMailPerIp", `account-mail:ip:${ip}`]], { ip });
  if (limited)
    return data(
      { result: submission.reply({ formErrors: ["accounts.mail.tooMany"] }), sentTo: null, retryAfterMinutes: limited.minutes },
      { status: 429, headers: limited.headers },
    );
  send({ email: submission.value.email, origin: linkOrigin(request), ip });
  return data({ result: undefined, sentTo: submission.value.email, retryAfterMinutes: 0 });
}

export type AccountMailActionData = Awaited<ReturnType<typeof accountMailAction>>["data"];
