/**
 * Dates shown in the UI. Consultations are Norwegian, so days and times are Norwegian time
 * (Europe/Oslo) whatever the server's or browser's zone: server and browser render the same text.
 *
 * Formatters are built once per process (per locale and style): `new Intl.DateTimeFormat` costs
 * far more than `format`, and a page shows dozens of dates.
 */
const TIME_ZONE = "Europe/Oslo";
type Lang = "nb" | "en";
const locale = (lang: Lang) => (lang === "nb" ? "nb-NO" : "en-GB");

const isoDay = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
const formatters = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per language and style. */
function formatter(lang: Lang, style: "date" | "dateTime"): Intl.DateTimeFormat {
  const key = `${lang}:${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      locale(lang),
      style === "date" ? { dateStyle: "long", timeZone: TIME_ZONE } : { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE },
    );
    formatters.set(key, f);
  }
  return f;
}

/** Today's date in Norway as YYYY-MM-DD. */
export function norwegianDate(now: Date): string {
  return isoDay.format(now);
}

/** Whole days from today (in Norway) to a YYYY-MM-DD deadline (negative once it has passed). */
export function daysUntil(deadline: string, now: Date): number {
  return Math.round((Date.parse(deadline) - Date.parse(norwegianDate(now))) / 86_400_000);
}

/** A calendar date ("1. mars 2021"); a YYYY-MM-DD string is taken as that day. */
export function formatDate(value: Date | string, lang: Lang): string {
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return formatter(lang, "date").format(date);
}

/** Recently formatted date-times: a page shows the same few timestamps many times. */
const formatted = new Map<string, string>();

export function formatDateTime(value: Date | string | number, lang: Lang): string {
  const date = new Date(value);
  const key = `${lang}${date.getTime()}`;
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size >= 2000) formatted.clear();
    text = formatter(lang, "dateTime").format(date);
    formatted.set(key, text);
  }
  return text;
}
