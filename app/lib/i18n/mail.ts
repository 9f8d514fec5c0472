/**
 * The words of invitation and notification mails, nb and en (server only: mails are written in
 * the reader's language, users.lang). `{name}` placeholders as in the page dictionaries.
 */
export const mailStrings = {
  nb: {
    inviteSubject: "Invitasjon til {org}",
    inviteBody: "{inviter} har invitert deg til {org} i Høringssvar, med rollen «{role}».",
    inviteAction: "Godta invitasjonen",
    inviteValid: "Lenken kan brukes én gang og gjelder til {date}. Har du ikke konto, kan du opprette en fra lenken.",
    inviteIgnore: "Venter du ikke denne invitasjonen, kan du se bort fra e-posten. Ingenting skjer da.",
    hi: "Hei {name}!",
    mentionSubject: "{org}: {actor} nevnte deg",
    mentionLine: "{actor} nevnte deg i en kommentar til {question}:",
    replyLine: "{actor} svarte i en tråd du deltar i, om {question}:",
    resolvedLine: "{actor} markerte tråden din om {question} som løst.",
    assignedLine: "{actor} ga deg ansvaret for {question}.",
    openAction: "Åpne i Høringssvar",
    digestSubject: "{org}: {count} nye hendelser {date}",
    digestIntro: "Dette skjedde i {org} {date}:",
    reminderSubject: "{org}: {days} dager til {which} for «{title}»",
    reminderSubjectOne: "{org}: 1 dag til {which} for «{title}»",
    reminderIntro: "{which} for «{title}» er {date}. Du har {count} spørsmål som ikke er ferdige:",
    reminderAction: "Se det som gjenstår",
    internal: "intern frist",
    official: "høringsfristen",
    internalCap: "Den interne fristen",
    officialCap: "Høringsfristen",
    whyKind: "Du får denne e-posten fordi du er medlem av {org} og har slått på varsler om «{kind}».",
    settings: "Endre varslene dine: {link}",
    unsubscribe: "Ingen flere e-poster om «{kind}»: {link}",
    kind_mention: "nevnt",
    kind_reply: "svar",
    kind_resolved: "løste tråder",
    kind_assigned: "tildelt ansvar",
    kind_reminder: "fristpåminnelser",
  },
  en: {
    inviteSubject: "Invitation to {org}",
    inviteBody: "{inviter} has invited you to {org} in Høringssvar, with the role “{role}”.",
    inviteAction: "Accept the invitation",
    inviteValid: "The link works once and until {date}. Without an account, you can create one from the link.",
    inviteIgnore: "If you did not expect this invitation, ignore this e-mail. Nothing will happen.",
    hi: "Hi {name}!",
    mentionSubject: "{org}: {actor} mentioned you",
    mentionLine: "{actor} mentioned you in a comment on {question}:",
    replyLine: "{actor} replied in a thread you take part in, on {question}:",
    resolvedLine: "{actor} marked your thread on {question} as resolved.",
    assignedLine: "{actor} made you responsible for {question}.",
    openAction: "Open in Høringssvar",
    digestSubject: "{org}: {count} new events on {date}",
    digestIntro: "This happened in {org} on {date}:",
    reminderSubject: "{org}: {days} days to the {which} for “{title}”",
    reminderSubjectOne: "{org}: 1 day to the {which} for “{title}”",
    reminderIntro: "The {which} for “{title}” is {date}. You have {count} question(s) that are not finished:",
    reminderAction: "See what remains",
    internal: "internal deadline",
    official: "official deadline",
    internalCap: "internal deadline",
    officialCap: "official deadline",
    whyKind: "You get this e-mail because you are a member of {org} and have turned on mail about “{kind}”.",
    settings: "Change your notifications: {link}",
    unsubscribe: "No more e-mails about “{kind}”: {link}",
    kind_mention: "mentions",
    kind_reply: "replies",
    kind_resolved: "resolved threads",
    kind_assigned: "assignments",
    kind_reminder: "deadline reminders",
  },
} as const;

export type MailStringKey = keyof (typeof mailStrings)["nb"];

export function mailT(lang: "nb" | "en") {
  const dict = mailStrings[lang] as Record<MailStringKey, string>;
  return (key: MailStringKey, params: Record<string, string | number> = {}) =>
    dict[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
