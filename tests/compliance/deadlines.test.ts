import path from "node:path";
import { describe, expect, it } from "vitest";
import { deadlineCalendar, dueAt, DeadlineConfigError } from "@/server/compliance/deadlines";

// Every expected date below was worked out by hand from the rules (weekdays from a calendar),
// not from the code: Regulation 1182/71 Art. 3 for GDPR, CCPA regs § 7021 and § 7026(f).
const utc = deadlineCalendar({});
const berlin = deadlineCalendar({ COMPLIANCE_TIMEZONE: "Europe/Berlin" });
const euHolidays = deadlineCalendar({
  COMPLIANCE_HOLIDAYS_FILE: path.join(import.meta.dirname, "../../docs/holidays/eu-institutions-2026.json"),
});
const due = (...args: Parameters<typeof dueAt>) => dueAt(...args).toISOString();

describe("GDPR deadlines (one month, Regulation 1182/71)", () => {
  it("end at the end of the same date a month later", () => {
    // Thu 15 Jan 2026 → Sun 15 Feb → the next working day, Mon 16 Feb.
    expect(due("gdpr", "access", new Date("2026-01-15T10:00:00Z"), false, utc)).toBe("2026-02-16T23:59:59.999Z");
    // Mon 20 Apr 2026 → Wed 20 May.
    expect(due("gdpr", "erasure", new Date("2026-04-20T08:00:00Z"), false, utc)).toBe("2026-05-20T23:59:59.999Z");
  });

  it("received on 31 January: the last day of February, moved past a weekend", () => {
    // 2026: 28 Feb is a Saturday → Monday 2 March.
    expect(due("gdpr", "access", new Date("2026-01-31T12:00:00Z"), false, utc)).toBe("2026-03-02T23:59:59.999Z");
    // 2028 is a leap year: Tuesday 29 February.
    expect(due("gdpr", "access", new Date("2028-01-31T12:00:00Z"), false, utc)).toBe("2028-02-29T23:59:59.999Z");
  });

  it("extended: three months from receipt, the month's last day when it has no such date", () => {
    // 31 Jan 2026 + 3 months → 30 April (a Thursday).
    expect(due("gdpr", "access", new Date("2026-01-31T12:00:00Z"), true, utc)).toBe("2026-04-30T23:59:59.999Z");
  });

  it("a public holiday in the configured calendar moves the end to the next working day", () => {
    // Fri 6 Mar 2026 → Easter Monday 6 April: a holiday → Tue 7 April; without the calendar, 6 April.
    expect(due("gdpr", "access", new Date("2026-03-06T09:00:00Z"), false, euHolidays)).toBe("2026-04-07T23:59:59.999Z");
    expect(due("gdpr", "access", new Date("2026-03-06T09:00:00Z"), false, utc)).toBe("2026-04-06T23:59:59.999Z");
    // Mon 2 Mar → Maundy Thursday 2 Apr, Good Friday, the weekend, Easter Monday → Tue 7 April.
    expect(due("gdpr", "access", new Date("2026-03-02T09:00:00Z"), false, euHolidays)).toBe("2026-04-07T23:59:59.999Z");
  });

  it("counts in the compliance time zone, whatever the instant's UTC date", () => {
    // 23:30 UTC on 31 Jan is 00:30 on Sun 1 Feb in Berlin → Sun 1 Mar → Mon 2 Mar, ending 24:00 CET.
    expect(due("gdpr", "access", new Date("2026-01-31T23:30:00Z"), false, berlin)).toBe("2026-03-02T22:59:59.999Z");
    // Across the switch to summer time (29 Mar 2026): Sat 28 Feb → Sat 28 Mar → Mon 30 Mar, 24:00 CEST.
    expect(due("gdpr", "access", new Date("2026-02-28T12:00:00Z"), false, berlin)).toBe("2026-03-30T21:59:59.999Z");
  });
});

describe("CCPA deadlines", () => {
  it("45 calendar days, extendable to 90", () => {
    expect(due("ccpa", "access", new Date("2026-01-31T10:00:00Z"), false, utc)).toBe("2026-03-17T23:59:59.999Z");
    expect(due("ccpa", "erasure", new Date("2026-01-31T10:00:00Z"), true, utc)).toBe("2026-05-01T23:59:59.999Z");
  });

  it("an opt-out of sale or sharing: 15 business days", () => {
    // Fri 30 Jan 2026: Feb 2–6, 9–13, 16–20 → Fri 20 Feb.
    expect(due("ccpa", "opt_out", new Date("2026-01-30T15:00:00Z"), false, utc)).toBe("2026-02-20T23:59:59.999Z");
    const withHoliday = { zone: "UTC", holidays: new Set(["2026-02-16"]) };
    expect(due("ccpa", "opt_out", new Date("2026-01-30T15:00:00Z"), false, withHoliday)).toBe(
      "2026-02-23T23:59:59.999Z",
    );
  });
});

describe("configuration", () => {
  it("refuses an unknown time zone and a malformed holiday file, saying which", () => {
    expect(() => deadlineCalendar({ COMPLIANCE_TIMEZONE: "Mars/Olympus" })).toThrow(/COMPLIANCE_TIMEZONE/);
    expect(() => deadlineCalendar({ COMPLIANCE_HOLIDAYS_FILE: "/nonexistent/holidays.json" })).toThrow(
      DeadlineConfigError,
    );
  });
});
