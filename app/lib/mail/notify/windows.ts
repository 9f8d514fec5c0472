/**
 * Digest windows: calendar days in Europe/Oslo, [local 00:00, next local 00:00), so 23 hours on
 * the last Sunday of March and 25 on the last Sunday of October. The digest of day D is due at the
 * digest hour (local) on day D+1. A scheduler run at `now` handles every due day of the last
 * `horizonDays` that it has not handled yet (the caller keeps that record in mail_once), so a run
 * that is late sends the missed days and a run that repeats finds nothing new. Pure: no clock, no I/O.
 */
export const ZONE = "Europe/Oslo";

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

function local(instant: number): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const p = Object.fromEntries(parts.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return { y: +p.year!, m: +p.month!, d: +p.day!, h: +p.hour!, min: +p.minute!, s: +p.second! };
}

/** Local time minus UTC at `instant`, in ms (Oslo: +1 h in winter, +2 h in summer). */
function offsetAt(instant: number): number {
  const l = local(instant);
  return Date.UTC(l.y, l.m - 1, l.d, l.h, l.min, l.s) - Math.floor(instant / 1000) * 1000;
}

/** The calendar day in Oslo of an instant, YYYY-MM-DD. */
export function osloDay(instant: Date | number): string {
  const l = local(+instant);
  return `${l.y}-${String(l.m).padStart(2, "0")}-${String(l.d).padStart(2, "0")}`;
}

/** YYYY-MM-DD plus `n` days (calendar arithmetic, no zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + n)).toISOString().slice(0, 10);
}

/** Days from `a` to `b` (both YYYY-MM-DD): b − a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * The instant when the Oslo wall clock shows `day` at `hour`:00. (Oslo's clock changes at 02:00
 * and 03:00 local, so 00:00 and the usual digest hours exist exactly once every day.)
 */
export function osloTime(day: string, hour = 0): number {
  const [y, m, d] = day.split("-").map(Number);
  const wall = Date.UTC(y!, m! - 1, d!, hour);
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  return t;
}

export interface DigestWindow {
  /** The calendar day (Oslo), YYYY-MM-DD: also the window's key. */
  day: string;
  /** First instant of the day (inclusive), ms. */
  start: number;
  /** First instant of the next day (exclusive), ms. */
  end: number;
  /** When its digest is due: the next day at the digest hour, ms. */
  dueAt: number;
}

export function digestWindow(day: string, digestHour: number): DigestWindow {
  const next = addDays(day, 1);
  return { day, start: osloTime(day), end: osloTime(next), dueAt: osloTime(next, digestHour) };
}

/** The window an instant belongs to (exactly one). */
export function windowOf(instant: number, digestHour: number): DigestWindow {
  return digestWindow(osloDay(instant), digestHour);
}

/**
 * The windows whose digest is due at `now` (dueAt ≤ now), oldest first, going back at most
 * `horizonDays` days. The caller skips those it has already handled.
 */
export function dueWindows(now: number, digestHour: number, horizonDays = 7): DigestWindow[] {
  const today = osloDay(now);
  const out: DigestWindow[] = [];
  for (let back = horizonDays; back >= 1; back--) {
    const w = digestWindow(addDays(today, -back), digestHour);
    if (w.dueAt <= now) out.push(w);
  }
  return out;
}

/**
 * Deadline reminders: for a deadline (YYYY-MM-DD) and the marks (e.g. [3, 1] days before), the
 * mark due at `now`, if any. A mark is due from its day's digest hour until the next smaller
 * mark's (a late run still sends it, saying how many days are really left); past the deadline's
 * own day nothing is due. Each mark is sent once (the caller's mail_once key names it).
 */
export function dueReminder(deadline: string, now: number, digestHour: number, marks: readonly number[] = [3, 1]): { mark: number; daysLeft: number } | null {
  const sorted = [...marks].sort((a, b) => b - a);
  const today = osloDay(now);
  let daysLeft = daysBetween(today, deadline);
  // Before today's digest hour the day counts as the previous one.
  if (now < osloTime(today, digestHour)) daysLeft += 1;
  if (daysLeft < 0) return null;
  let due: number | null = null;
  for (const mark of sorted) if (daysLeft <= mark) due = mark;
  if (due === null) return null;
  const actual = daysBetween(today, deadline);
  return actual >= 0 ? { mark: due, daysLeft: actual } : null;
}
