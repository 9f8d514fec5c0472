import { pageStringsClientLoader } from "~/lib/i18n";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorList } from "~/components/form-field";
import { clientIp } from "~/lib/auth/client-ip.server";
import { ChangeRoleSchema, RemoveMemberSchema, RevokeInviteSchema } from "~/lib/auth/forms";
import { inviteAction, type InviteActionResult } from "~/lib/auth/invite-action.server";
import { notFound, requireMembership } from "~/lib/auth/membership.server";
import { InviteSection } from "~/components/members/invite-section";
import { changeMemberRole, membersPage, removeOrgMember, revokeOrgInvite } from "~/lib/auth/members.server";
import { linkOrigin } from "~/lib/config/public-url.server";
import { getLang } from "~/lib/i18n/lang.server";
import { ROLES } from "~/lib/auth/roles";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { readForm } from "~/lib/form-data.server";
import { logSecurityEvent } from "~/lib/security/events.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts.members.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, user } = await requireMembership(request, params.org, "manageMembers");
  return { org: organisation, currentUserId: user.id, ...(await membersPage(organisation.id, linkOrigin(request))) };
}

type ActionResult =
  | InviteActionResult
  | { intent: "member"; error: "accounts.members.lastAdmin" | "accounts.members.stale" | "accounts.error.formInvalid" };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { organisation, user } = await requireMembership(request, params.org, "manageMembers");
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const back = `/o/${organisation.slug}/members`;
  const audit = async (type: "invite.created" | "invite.revoked" | "member.roleChanged" | "member.removed", detail: Record<string, string | number>) =>
    await logSecurityEvent({ type, userId: user.id, organisationId: organisation.id, ip: clientIp(context), detail });

  if (intent === "invite")
    return await inviteAction({ formData, request, organisation, user, ip: clientIp(context), lang: await getLang(request), audit: async (detail) => await audit("invite.created", detail) });

  if (intent === "changeRole") {
    const submission = parseWithZod(formData, { schema: ChangeRoleSchema });
    if (submission.status !== "success") return data<ActionResult>({ intent: "member", error: "accounts.error.formInvalid" }, { status: 400 });
    const { userId, role, version } = submission.value;
    const outcome = await changeMemberRole({ organisationId: organisation.id, userId, role, version });
    // A user id from another organisation is simply not here.
    if (outcome === "notMember") throw notFound();
    if (outcome === "lastAdmin") return data<ActionResult>({ intent: "member", error: "accounts.members.lastAdmin" }, { status: 409 });
    if (outcome === "stale") return data<ActionResult>({ intent: "member", error: "accounts.members.stale" }, { status: 409 });
    if (outcome === "changed") await audit("member.roleChanged", { targetUserId: userId, role });
    // An admin who demoted themselves can no longer see this page.
    return redirect(userId === user.id && role !== "admin" ? `/o/${organisation.slug}` : back);
  }

  if (intent === "remove") {
    const submission = parseWithZod(formData, { schema: RemoveMemberSchema });
    if (submission.status !== "success") return data<ActionResult>({ intent: "member", error: "accounts.error.formInvalid" }, { status: 400 });
    const { userId, version } = submission.value;
    const outcome = await removeOrgMember({ organisationId: organisation.id, userId, version });
    if (outcome === "notMember") throw notFound();
    if (outcome === "lastAdmin") return data<ActionResult>({ intent: "member", error: "accounts.members.lastAdmin" }, { status: 409 });
    if (outcome === "stale") return data<ActionResult>({ intent: "member", error: "accounts.members.stale" }, { status: 409 });
    await audit("member.removed", { targetUserId: userId });
    return redirect(userId === user.id ? "/" : back);
  }

  if (intent === "revokeInvite") {
    const submission = parseWithZod(formData, { schema: RevokeInviteSchema });
    if (submission.status !== "success") return data<ActionResult>({ intent: "member", error: "accounts.error.formInvalid" }, { status: 400 });
    if (!(await revokeOrgInvite(organisation.id, submission.value.inviteId))) throw notFound();
    await audit("invite.revoked", { inviteId: submission.value.inviteId });
    return redirect(back);
  }

  return data<ActionResult>({ intent: "member", error: "accounts.error.formInvalid" }, { status: 400 });
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

export default function Members() {
  const { org, currentUserId, members, invites } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const inviteResult = actionData?.intent === "invite" ? actionData : undefined;

  return (
    <section className="stack">
      <p className="muted">{org.name}</p>
      <h1>{t("accounts.members.title")}</h1>
      <ErrorList errors={actionData?.intent === "member" ? [actionData.error] : undefined} />
      <table className="members">
        <thead>
          <tr>
            <th scope="col">{t("accounts.members.name")}</th>
            <th scope="col">{t("accounts.members.email")}</th>
            <th scope="col">{t("accounts.members.role")}</th>
            <th scope="col">{t("accounts.members.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            // Keyed by version so a role changed elsewhere re-renders the select with the new role.
            <tr key={`${m.userId}-${m.version}`}>
              <td>
                {m.name} {m.userId === currentUserId ? <span className="muted">{t("accounts.members.you")}</span> : null}
              </td>
              <td>{m.email}</td>
              <td>
                <Form method="post" className="actions">
                  <input type="hidden" name="intent" value="changeRole" />
                  <input type="hidden" name="userId" value={m.userId} />
                  <input type="hidden" name="version" value={m.version} />
                  <select name="role" defaultValue={m.role} aria-label={t("accounts.members.roleFor", { name: m.name })}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`accounts.role.${r}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="secondary" aria-label={t("accounts.members.changeRoleFor", { name: m.name })}>
                    {t("accounts.members.changeRole")}
                  </button>
                </Form>
              </td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="userId" value={m.userId} />
                  <input type="hidden" name="version" value={m.version} />
                  <button type="submit" className="secondary" aria-label={t("accounts.members.removeFor", { name: m.name })}>
                    {t("accounts.members.remove")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <InviteSection invites={invites} result={inviteResult} />
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
