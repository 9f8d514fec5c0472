/**
 * The account mails (confirm, already registered, pending, reset, password changed), in
 * Norwegian bokmål and English. Names are neutralised (never links, cut to the field limit).
 */
import type { Lang } from "../i18n";
import { composeMail } from "./compose";
import { neutraliseName } from "./safe-text";

export interface AccountMail {
  subject: string;
  body: string;
  html: string;
  kind: string;
}

const fill = (s: string, p: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (w, k: string) => (k in p ? String(p[k]) : w));

const text = {
  nb: {
    hi: "Hei {name}!",
    hiPlain: "Hei!",
    ignore: "Har du ikke bedt om dette, kan du se bort fra denne e-posten. Ingenting er endret.",
    confirmSubject: "Bekreft e-postadressen din",
    confirm: "Bekreft e-postadressen din for å ta i bruk kontoen.",
    confirmAction: "Bekreft e-postadressen",
    confirmValid: "Lenken kan brukes én gang og gjelder i {hours} timer.",
    existsSubject: "Noen prøvde å opprette en konto med e-postadressen din",
    exists: "Noen (kanskje du) prøvde å opprette en ny konto med denne e-postadressen, men du har allerede en konto. Ingenting er endret, og passordet ditt er det samme.",
    signInAction: "Logg inn",
    forgotHint: "Har du glemt passordet, kan du velge et nytt her: {link}",
    pendingSubject: "Noen prøvde å opprette en konto med e-postadressen din",
    pending: "Noen (kanskje du) prøvde å opprette en konto med denne e-postadressen, men det er allerede opprettet en konto som venter på bekreftelse. Ingenting er endret: den første registreringen gjelder, med passordet som ble valgt da.",
    pendingAction: "Send bekreftelsen på nytt",
    pendingForgot: "Var det ikke du som opprettet kontoen, eller husker du ikke passordet, kan du velge et nytt passord her (det bekrefter også adressen): {link}",
    resetSubject: "Velg et nytt passord",
    reset: "Noen (forhåpentligvis du) ba om å få velge et nytt passord for kontoen med denne e-postadressen.",
    resetAction: "Velg nytt passord",
    resetValid: "Lenken kan brukes én gang og gjelder i én time. Når du har valgt et nytt passord, blir du logget ut alle andre steder.",
    changedSubject: "Passordet ditt er endret",
    changed: "Passordet for kontoen din ble nettopp endret, og du er logget ut alle andre steder.",
    changedNotYou: "Var det ikke deg, velg et nytt passord med en gang: {link}",
  },
  en: {
    hi: "Hi {name}!",
    hiPlain: "Hi!",
    ignore: "If you did not ask for this, ignore this e-mail. Nothing has changed.",
    confirmSubject: "Confirm your e-mail address",
    confirm: "Confirm your e-mail address to start using your account.",
    confirmAction: "Confirm the address",
    confirmValid: "The link works once and for {hours} hours.",
    existsSubject: "Someone tried to create an account with your e-mail address",
    exists: "Someone (maybe you) tried to create a new account with this e-mail address, but you already have one. Nothing has changed and your password is the same.",
    signInAction: "Sign in",
    forgotHint: "If you have forgotten your password, choose a new one here: {link}",
    pendingSubject: "Someone tried to create an account with your e-mail address",
    pending: "Someone (maybe you) tried to create an account with this e-mail address, but an account for it is already waiting for confirmation. Nothing has changed: the first sign-up stands, with the password chosen then.",
    pendingAction: "Send the confirmation again",
    pendingForgot: "If you did not create that account, or do not remember its password, choose a new password here (this also confirms the address): {link}",
    resetSubject: "Choose a new password",
    reset: "Someone (hopefully you) asked to choose a new password for the account with this e-mail address.",
    resetAction: "Choose a new password",
    resetValid: "The link works once and for one hour. Once you have chosen a new password, you are signed out everywhere else.",
    changedSubject: "Your password has been changed",
    changed: "The password of your account was just changed, and you are signed out everywhere else.",
    changedNotYou: "If this was not you, choose a new password right away: {link}",
  },
} as const;

export function confirmMail(lang: Lang, input: { name: string; link: string; hours: number }): AccountMail {
  const t = text[lang];
  const { text: body, html } = composeMail({
    paragraphs: [fill(t.hi, { name: neutraliseName(input.name) }), t.confirm],
    action: { label: t.confirmAction, url: input.link },
    after: [fill(t.confirmValid, { hours: input.hours }), t.ignore],
  });
  return { subject: t.confirmSubject, body, html, kind: "confirm" };
}

export function existsMail(lang: Lang, input: { origin: string }): AccountMail {
  const t = text[lang];
  const { text: body, html } = composeMail({
    paragraphs: [t.hiPlain, t.exists],
    action: { label: t.signInAction, url: `${input.origin}/login` },
    after: [fill(t.forgotHint, { link: `${input.origin}/forgot` })],
  });
  return { subject: t.existsSubject, body, html, kind: "exists" };
}

export function pendingMail(lang: Lang, input: { origin: string }): AccountMail {
  const t = text[lang];
  const { text: body, html } = composeMail({
    paragraphs: [t.hiPlain, t.pending],
    action: { label: t.pendingAction, url: `${input.origin}/signup/resend` },
    after: [fill(t.pendingForgot, { link: `${input.origin}/forgot` })],
  });
  return { subject: t.pendingSubject, body, html, kind: "pending" };
}

export function resetMail(lang: Lang, input: { name: string; link: string }): AccountMail {
  const t = text[lang];
  const { text: body, html } = composeMail({
    paragraphs: [fill(t.hi, { name: neutraliseName(input.name) }), t.reset],
    action: { label: t.resetAction, url: input.link },
    after: [t.resetValid, t.ignore],
  });
  return { subject: t.resetSubject, body, html, kind: "reset" };
}

export function passwordChangedMail(lang: Lang, input: { name: string; origin: string }): AccountMail {
  const t = text[lang];
  const { text: body, html } = composeMail({
    paragraphs: [fill(t.hi, { name: neutraliseName(input.name) }), t.changed],
    after: [fill(t.changedNotYou, { link: `${input.origin}/forgot` })],
  });
  return { subject: t.changedSubject, body, html, kind: "passwordChanged" };
}
