/**
 * The notification mails: one event right away, the day's digest, a deadline reminder. In the
 * reader's language, plain text plus simple HTML, the organisation's name in the subject, and in
 * the footer why it came and how to stop it (also as List-Unsubscribe headers, RFC 8058).
 * Everything someone else wrote (names, comment text, titles) is neutralised: never a link.
 */
import type { Lang } from "../../i18n";
import { formatDate } from "../../dates";
import { mailT } from "../../i18n/mail";
import { composeMail } from "../compose";
import type { MailKind } from "../preferences.server";
import { neutraliseName } from "../safe-text";

export type EventKind = "mention" | "reply" | "resolved" | "assigned";

export interface EventForMail {
  kind: EventKind;
  actorName: string | null;
  /** Question number in its form, and the consultation's title. */
  number: string | number;
  title: string;
  excerpt: string;
  link: string;
}

export interface Reader {
  name: string;
  lang: Lang;
}

export interface Footer {
  org: string;
  settingsUrl: string;
  /** Unsubscribe links, per kind this mail is about. */
  unsubscribe: { kind: MailKind | "digest"; url: string }[];
}

const EXCERPT = 300;

function eventParagraphs(lang: Lang, e: EventForMail): string[] {
  const m = mailT(lang);
  const question = m("question", { number: e.number, title: neutraliseName(e.title, 200) });
  const actor = neutraliseName(e.actorName ?? "?");
  const line = m(`${e.kind}Line` as "mentionLine", { actor, question });
  const excerpt = e.excerpt ? `«${neutraliseName(e.excerpt, EXCERPT)}»` : null;
  return [line, ...(excerpt ? [excerpt] : [])];
}

function footerLines(lang: Lang, f: Footer, why: string): string[] {
  const m = mailT(lang);
  return [
    why,
    ...f.unsubscribe.map((u) => m("unsubscribe", { kind: m(`kind_${u.kind}`), link: u.url })),
    m("settings", { link: f.settingsUrl }),
  ];
}

export function eventMail(reader: Reader, e: EventForMail, footer: Footer) {
  const m = mailT(reader.lang);
  const org = neutraliseName(footer.org, 120);
  const { text, html } = composeMail({
    paragraphs: [m("hi", { name: neutraliseName(reader.name) }), ...eventParagraphs(reader.lang, e)],
    action: { label: m("openAction"), url: e.link },
    footer: footerLines(reader.lang, footer, m("whyKind", { org, kind: m(`kind_${e.kind}`) })),
  });
  const subject = m(`${e.kind}Subject` as "mentionSubject", { org, actor: neutraliseName(e.actorName ?? "?") });
  return { subject, body: text, html };
}

export function digestMail(reader: Reader, day: string, events: EventForMail[], footer: Footer) {
  const m = mailT(reader.lang);
  const org = neutraliseName(footer.org, 120);
  const date = formatDate(day, reader.lang);
  const paragraphs = [m("hi", { name: neutraliseName(reader.name) }), m("digestIntro", { org, date })];
  for (const e of events) paragraphs.push([...eventParagraphs(reader.lang, e), e.link].join("\n"));
  const { text, html } = composeMail({ paragraphs, footer: footerLines(reader.lang, footer, m("digestWhy", { org })) });
  return { subject: m(events.length === 1 ? "digestSubjectOne" : "digestSubject", { org, count: events.length, date }), body: text, html };
}

export function reminderMail(
  reader: Reader,
  input: { which: "internal" | "official"; deadline: string; daysLeft: number; title: string; numbers: (string | number)[]; link: string },
  footer: Footer,
) {
  const m = mailT(reader.lang);
  const org = neutraliseName(footer.org, 120);
  const title = neutraliseName(input.title, 200);
  const which = m(input.which);
  const subject =
    input.daysLeft <= 0
      ? m("reminderSubjectToday", { org, which, whichCap: m(`${input.which}Cap`), title })
      : m(input.daysLeft === 1 ? "reminderSubjectOne" : "reminderSubject", { org, days: input.daysLeft, which, title });
  const { text, html } = composeMail({
    paragraphs: [
      m("hi", { name: neutraliseName(reader.name) }),
      m("reminderIntro", { which: m(`${input.which}Cap`), title, date: formatDate(input.deadline, reader.lang), count: input.numbers.length }),
      input.numbers.map((n) => `- ${m("reminderItem", { number: n })}`).join("\n"),
    ],
    action: { label: m("reminderAction"), url: input.link },
    footer: footerLines(reader.lang, footer, m("whyKind", { org, kind: m("kind_reminder") })),
  });
  return { subject, body: text, html };
}
