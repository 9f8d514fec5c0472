import { describe, expect, it } from "vitest";
import { daysUntil, formatDate, formatDateTime, norwegianDate } from "~/lib/dates";

describe("dates in Norwegian time", () => {
  it("counts days to a deadline from today's date in Norway, not the server's zone", () => {
    // 23:30 UTC on 28 February is already 1 March in Oslo: the deadline is today.
    expect(norwegianDate(new Date("2021-02-28T23:30:00Z"))).toBe("2021-03-01");
    expect(daysUntil("2021-03-01", new Date("2021-02-28T23:30:00Z"))).toBe(0);
    expect(daysUntil("2021-03-01", new Date("2021-02-28T12:00:00Z"))).toBe(1);
    expect(daysUntil("2021-03-01", new Date("2021-03-11T12:00:00Z"))).toBe(-10);
    // Across the change to summer time the count stays whole days.
    expect(daysUntil("2021-04-01", new Date("2021-03-01T12:00:00Z"))).toBe(31);
  });

  it("formats dates and times in Norwegian time and language", () => {
    expect(formatDate("2021-03-01", "nb")).toBe("1. mars 2021");
    expect(formatDate("2021-03-01", "en")).toBe("1 March 2021");
    expect(formatDateTime("2026-11-22T13:22:00Z", "nb")).toBe("22. nov. 2026, 14:22");
    expect(formatDateTime("2026-07-01T13:22:00Z", "en")).toBe("1 Jul 2026, 15:22");
  });
});
