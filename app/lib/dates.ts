/** Whole days from `today` to a YYYY-MM-DD deadline (negative once it has passed). */
export function daysUntil(deadline: string, today: Date): number {
  const [y, m, d] = deadline.split("-").map(Number) as [number, number, number];
  const due = Date.UTC(y, m - 1, d);
  const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((due - start) / 86_400_000);
}

export function formatDate(value: Date | string, lang: "nb" | "en"): string {
  const date = typeof value === "string" ? new Date(`${value}T12:00:00Z`) : value;
  return new Intl.DateTimeFormat(lang === "nb" ? "nb-NO" : "en-GB", { dateStyle: "long" }).format(date);
}

export function formatDateTime(value: Date | string | number, lang: "nb" | "en"): string {
  return new Intl.DateTimeFormat(lang === "nb" ? "nb-NO" : "en-GB", { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(value),
  );
}
