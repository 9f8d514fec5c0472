/** The invitation mail (Members page): in the reader's language, names neutralised, one link. */
import type { Role } from "../../../db/schema";
import { formatDate } from "../dates";
import { translator, type Lang } from "../i18n";
import { mailT } from "../i18n/mail";
import { composeMail } from "./compose";
import { neutraliseName } from "./safe-text";

export function inviteMail(lang: Lang, input: { org: string; inviter: string; role: Role; link: string; expiresAt: Date }) {
  const m = mailT(lang);
  const org = neutraliseName(input.org, 120);
  const { text, html } = composeMail({
    paragraphs: [m("inviteBody", { inviter: neutraliseName(input.inviter), org, role: translator(lang)(`accounts.role.${input.role}`) })],
    action: { label: m("inviteAction"), url: input.link },
    after: [m("inviteValid", { date: formatDate(input.expiresAt, lang) }), m("inviteIgnore")],
  });
  return { subject: m("inviteSubject", { org }), body: text, html, kind: "invite" };
}
