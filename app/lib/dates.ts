/**
 * Dates shown in the UI. Consultations are Norwegian, so days and times are Norwegian time
 * (Europe/Oslo) whatever the server's or browser's zone: server and browser render the same text.
 */
const TIME_ZONE = "Europe/Oslo";
const locale = (lang: "nb" | "en") => (lang === "nb" ? "nb-NO" : "en-GB");

/** Today's date in Norway as YYYY-MM-DD. */
export function norwegianDate(now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** Whole days from today (in Norway) to a YYYY-MM-DD deadline (negative once it has passed). */
export function daysUntil(deadline: string, now: Date): number {
  return Math.round((Date.parse(deadline) - Date.parse(norwegianDate(now))) / 86_400_000);
}

/** A calendar date ("1. mars 2021"); a YYYY-MM-DD string is taken as that day. */
export function formatDate(value: Date | string, lang: "nb" | "en"): string {
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "long", timeZone: TIME_ZONE }).format(date);
}

export function formatDateTime(value: Date | string | number, lang: "nb" | "en"): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE }).format(new Date(value));
}
