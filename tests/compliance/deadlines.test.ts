import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deadlineCalendar, deadlineRule, dueAt, DeadlineConfigError } from "@/server/compliance/deadlines";

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

  it("across the turn of the year, unextended and extended", () => {
    // Tue 15 Dec 2026 → Fri 15 Jan 2027 (1 Jan 2027 is a Friday).
    expect(due("gdpr", "access", new Date("2026-12-15T10:00:00Z"), false, utc)).toBe("2027-01-15T23:59:59.999Z");
    // Extended: 15 Dec 2026 + 3 months → Mon 15 Mar 2027.
    expect(due("gdpr", "access", new Date("2026-12-15T10:00:00Z"), true, utc)).toBe("2027-03-15T23:59:59.999Z");
    // Mon 30 Nov 2026 + 3 months → 2027 has no 30 February: Sun 28 Feb → Mon 1 Mar 2027.
    expect(due("gdpr", "erasure", new Date("2026-11-30T10:00:00Z"), true, utc)).toBe("2027-03-01T23:59:59.999Z");
  });

  it("counts in the compliance time zone, whatever the instant's UTC date", () => {
    // 23:30 UTC on 31 Jan is 00:30 on Sun 1 Feb in Berlin → Sun 1 Mar → Mon 2 Mar, ending 24:00 CET.
    expect(due("gdpr", "access", new Date("2026-01-31T23:30:00Z"), false, berlin)).toBe("2026-03-02T22:59:59.999Z");
    // Across the switch to summer time (29 Mar 2026): Sat 28 Feb → Sat 28 Mar → Mon 30 Mar, 24:00 CEST.
    expect(due("gdpr", "access", new Date("2026-02-28T12:00:00Z"), false, berlin)).toBe("2026-03-30T21:59:59.999Z");
    // 22:30 UTC on Sun 19 Apr is 00:30 on Mon 20 Apr in Berlin → Wed 20 May (not Tue 19 May), 24:00 CEST.
    expect(due("gdpr", "access", new Date("2026-04-19T22:30:00Z"), false, berlin)).toBe("2026-05-20T21:59:59.999Z");
  });
});

describe("CCPA deadlines", () => {
  it("45 calendar days, extendable to 90", () => {
    expect(due("ccpa", "access", new Date("2026-01-31T10:00:00Z"), false, utc)).toBe("2026-03-17T23:59:59.999Z");
    expect(due("ccpa", "erasure", new Date("2026-01-31T10:00:00Z"), true, utc)).toBe("2026-05-01T23:59:59.999Z");
  });

  it("end at local midnight on the days the clocks change", () => {
    // Wed 11 Feb 2026 + 45 days → Sat 28 Mar, the eve of summer time in Berlin: 24:00 CET = 23:00 UTC.
    expect(due("ccpa", "access", new Date("2026-02-11T12:00:00Z"), false, berlin)).toBe("2026-03-28T22:59:59.999Z");
    // Thu 10 Sep 2026 + 45 days → Sun 25 Oct, the day winter time returns: 24:00 CET = 23:00 UTC.
    expect(due("ccpa", "access", new Date("2026-09-10T12:00:00Z"), false, berlin)).toBe("2026-10-25T22:59:59.999Z");
    // Its eve, Sat 24 Oct (Wed 9 Sep + 45 days), still ends at 24:00 CEST = 22:00 UTC.
    expect(due("ccpa", "access", new Date("2026-09-09T12:00:00Z"), false, berlin)).toBe("2026-10-24T21:59:59.999Z");
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

describe("the rule a request is shown with", () => {
  // Regime × type → extendable, and the periods its label must name (GDPR Art. 12(3); CCPA § 7021, § 7026(f)).
  const rules: [
    regime: "gdpr" | "ccpa",
    type: Parameters<typeof deadlineRule>[1],
    extendable: boolean,
    label: RegExp,
  ][] = [
    ["gdpr", "access", true, /GDPR: 1 month, extendable by 2 months/],
    ["gdpr", "erasure", true, /GDPR: 1 month, extendable by 2 months/],
    ["gdpr", "opt_out", true, /GDPR: 1 month, extendable by 2 months/],
    ["ccpa", "access", true, /CCPA: 45 days, extendable by 45 days/],
    ["ccpa", "portability", true, /CCPA: 45 days, extendable by 45 days/],
    ["ccpa", "opt_out", false, /CCPA opt-out .*15 business days, not extendable/],
  ];
  it.each(rules)("%s %s: extendable %s", (regime, type, extendable, label) => {
    expect(deadlineRule(regime, type)).toEqual({ extendable, label: expect.stringMatching(label) });
  });
});

describe("configuration", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "holidays-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const holidaysFile = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return { COMPLIANCE_HOLIDAYS_FILE: file };
  };

  it("refuses an unknown time zone and a malformed holiday file, saying which", () => {
    expect(() => deadlineCalendar({ COMPLIANCE_TIMEZONE: "Mars/Olympus" })).toThrow(/COMPLIANCE_TIMEZONE/);
    expect(() => deadlineCalendar({ COMPLIANCE_HOLIDAYS_FILE: "/nonexistent/holidays.json" })).toThrow(
      DeadlineConfigError,
    );
    expect(() => deadlineCalendar({ COMPLIANCE_HOLIDAYS_FILE: "/nonexistent/holidays.json" })).toThrow(
      /COMPLIANCE_HOLIDAYS_FILE \/nonexistent\/holidays\.json: ENOENT/,
    );
    expect(() => deadlineCalendar(holidaysFile("broken.json", '["2026-04-06"'))).toThrow(DeadlineConfigError);
  });

  it("reads a holiday file as a list of days, or an object with a holidays list", () => {
    expect(deadlineCalendar(holidaysFile("list.json", '["2026-04-06", "2026-05-01"]'))).toEqual({
      zone: "UTC",
      holidays: new Set(["2026-04-06", "2026-05-01"]),
    });
    expect(deadlineCalendar(holidaysFile("object.json", '{ "holidays": ["2026-12-25"] }')).holidays).toEqual(
      new Set(["2026-12-25"]),
    );
    expect(deadlineCalendar({}).holidays).toEqual(new Set());
  });

  it.each([
    ["null", "null"],
    ["a day, not a list", '"2026-04-06"'],
    ["an object without holidays", '{ "days": ["2026-04-06"] }'],
    ["a number", "[20260406]"],
    ["a day inside a list", '[["2026-04-06"]]'],
    ["a day without leading zeros", '["2026-4-6"]'],
    ["text before the day", '["x2026-04-06"]'],
    ["text after the day", '["2026-04-06x"]'],
    ["one bad day among good ones", '["2026-04-06", "6 April 2026", "2026-05-01"]'],
  ])("refuses a holiday file holding %s", (name, content) => {
    const env = holidaysFile(`${name.replace(/\W+/g, "-")}.json`, content);
    expect(() => deadlineCalendar(env)).toThrow(DeadlineConfigError);
    expect(() => deadlineCalendar(env)).toThrow(/expected a JSON array of "YYYY-MM-DD" dates/);
  });
});
