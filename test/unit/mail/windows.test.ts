import { describe, expect, it } from "vitest";
import { addDays, digestWindow, dueReminder, dueWindows, osloDay, osloTime, windowOf } from "~/lib/mail/notify/windows";

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe("digest windows are calendar days in Europe/Oslo", () => {
  it("an ordinary winter day is 24 hours from local midnight (23:00 UTC the day before)", () => {
    const w = digestWindow("2026-01-15", 7);
    expect(iso(w.start)).toBe("2026-01-14T23:00:00.000Z");
    expect(w.end - w.start).toBe(24 * H);
    expect(iso(w.dueAt)).toBe("2026-01-16T06:00:00.000Z");
  });

  it("2026-03-29 (clocks forward) is a 23-hour day; the next digest hour is 07:00 summer time", () => {
    const w = digestWindow("2026-03-29", 7);
    expect(iso(w.start)).toBe("2026-03-28T23:00:00.000Z");
    expect(iso(w.end)).toBe("2026-03-29T22:00:00.000Z");
    expect(w.end - w.start).toBe(23 * H);
    expect(iso(w.dueAt)).toBe("2026-03-30T05:00:00.000Z");
    // 07:00 on the short day itself is 05:00 UTC (02:00-03:00 does not exist).
    expect(iso(osloTime("2026-03-29", 7))).toBe("2026-03-29T05:00:00.000Z");
  });

  it("2026-10-25 (clocks back) is a 25-hour day", () => {
    const w = digestWindow("2026-10-25", 7);
    expect(iso(w.start)).toBe("2026-10-24T22:00:00.000Z");
    expect(iso(w.end)).toBe("2026-10-25T23:00:00.000Z");
    expect(w.end - w.start).toBe(25 * H);
    expect(iso(w.dueAt)).toBe("2026-10-26T06:00:00.000Z");
  });

  it("consecutive windows tile time across both changes: every instant is in exactly one window", () => {
    let day = "2026-03-20";
    let prev = digestWindow(day, 7);
    for (let i = 0; i < 230; i++) {
      day = addDays(day, 1);
      const w = digestWindow(day, 7);
      expect(w.start).toBe(prev.end);
      prev = w;
    }
    // Every hour (and the instants either side of each window's edges) falls in the window of its own Oslo day.
    for (let t = Date.parse("2026-03-28T00:00:00Z"); t < Date.parse("2026-03-31T00:00:00Z"); t += 15 * 60_000) {
      const w = windowOf(t, 7);
      expect(t >= w.start && t < w.end).toBe(true);
      expect(w.day).toBe(osloDay(t));
    }
    for (let t = Date.parse("2026-10-24T00:00:00Z"); t < Date.parse("2026-10-27T00:00:00Z"); t += 15 * 60_000) {
      const w = windowOf(t, 7);
      expect(t >= w.start && t < w.end).toBe(true);
    }
    const edge = digestWindow("2026-10-25", 7);
    expect(windowOf(edge.end - 1, 7).day).toBe("2026-10-25");
    expect(windowOf(edge.end, 7).day).toBe("2026-10-26");
    // 02:30 local happens twice on 2026-10-25: both are that day.
    expect(osloDay(Date.parse("2026-10-25T00:30:00Z"))).toBe("2026-10-25");
    expect(osloDay(Date.parse("2026-10-25T01:30:00Z"))).toBe("2026-10-25");
  });
});

describe("which digests are due", () => {
  /** A scheduler's record of handled windows (mail_once in the app). */
  function scheduler() {
    const done = new Set<string>();
    return {
      run(now: number) {
        const sent = dueWindows(now, 7).filter((w) => !done.has(w.day)).map((w) => w.day);
        for (const d of sent) done.add(d);
        return sent;
      },
    };
  }

  it("before 07:00 yesterday's digest is not due; at 07:00 it is", () => {
    expect(dueWindows(Date.parse("2026-03-30T04:59:59Z"), 7, 1)).toEqual([]);
    expect(dueWindows(Date.parse("2026-03-30T05:00:00Z"), 7, 1).map((w) => w.day)).toEqual(["2026-03-29"]);
  });

  it("running every 20 minutes through both changes sends each day once, none skipped", () => {
    const s = scheduler();
    const sent: string[] = [];
    for (let t = Date.parse("2026-03-25T00:00:00Z"); t < Date.parse("2026-11-01T00:00:00Z"); t += 20 * 60_000) sent.push(...s.run(t));
    // The first run also picks up the days of the week before it (the horizon).
    const fromMarch = sent.filter((d) => d >= "2026-03-25");
    expect(new Set(fromMarch).size).toBe(fromMarch.length);
    let expected = "2026-03-25";
    for (const d of fromMarch) {
      expect(d).toBe(expected);
      expected = addDays(expected, 1);
    }
    expect(fromMarch.at(-1)).toBe("2026-10-30");
    expect(fromMarch).toContain("2026-03-29");
    expect(fromMarch).toContain("2026-10-25");
  });

  it("run twice: the second run sends nothing; run late (three days): the missed days are sent, oldest first", () => {
    const s = scheduler();
    s.run(Date.parse("2026-10-24T06:00:00Z"));
    expect(s.run(Date.parse("2026-10-25T06:00:00Z"))).toEqual(["2026-10-24"]);
    expect(s.run(Date.parse("2026-10-25T06:00:00Z"))).toEqual([]);
    expect(s.run(Date.parse("2026-10-25T06:00:01Z"))).toEqual([]);
    // Down from Sunday morning until Wednesday noon (across the 25-hour day).
    expect(s.run(Date.parse("2026-10-28T11:00:00Z"))).toEqual(["2026-10-25", "2026-10-26", "2026-10-27"]);
    expect(s.run(Date.parse("2026-10-28T11:00:00Z"))).toEqual([]);
  });
});

describe("deadline reminders", () => {
  const at = (day: string, hour: number) => osloTime(day, hour);
  it("3 and 1 days before at the digest hour; a late run still sends the missed mark once with the real days left", () => {
    const deadline = "2026-03-31";
    expect(dueReminder(deadline, at("2026-03-27", 12), 7)).toBeNull();
    expect(dueReminder(deadline, at("2026-03-28", 6), 7)).toBeNull();
    expect(dueReminder(deadline, at("2026-03-28", 7), 7)).toEqual({ mark: 3, daysLeft: 3 });
    expect(dueReminder(deadline, at("2026-03-29", 12), 7)).toEqual({ mark: 3, daysLeft: 2 });
    expect(dueReminder(deadline, at("2026-03-30", 6), 7)).toEqual({ mark: 3, daysLeft: 1 });
    expect(dueReminder(deadline, at("2026-03-30", 7), 7)).toEqual({ mark: 1, daysLeft: 1 });
    expect(dueReminder(deadline, at("2026-03-31", 12), 7)).toEqual({ mark: 1, daysLeft: 0 });
    expect(dueReminder(deadline, at("2026-04-01", 12), 7)).toBeNull();
  });
});
