import { describe, expect, it } from "vitest";
import { formatDateTime, formatMoney, formatUtc, toDate } from "@/lib/format";

describe("one date and money format", () => {
  it("reads ISO instants, zone-less timestamps as UTC, and refuses garbage", () => {
    expect(toDate("2026-12-02T13:05:09.123Z")?.getTime()).toBe(Date.UTC(2026, 11, 2, 13, 5, 9, 123));
    expect(toDate("2026-12-02T13:05:09.123")?.getTime()).toBe(Date.UTC(2026, 11, 2, 13, 5, 9, 123));
    expect(toDate("2026-12-02T14:05:09+01:00")?.getTime()).toBe(Date.UTC(2026, 11, 2, 13, 5, 9));
    expect(toDate("not a date")).toBeNull();
    expect(formatDateTime(null)).toBe("—");
  });

  it("gives the exact UTC instant for evidence", () => {
    expect(formatUtc("2026-12-02T14:05:09.123+01:00")).toBe("2026-12-02 13:05:09.123 UTC");
  });

  it("writes money with its currency and two decimals, never rounding a cent away", () => {
    const text = formatMoney("10.5");
    expect(text).toMatch(/10[.,]50/);
    expect(text).toMatch(/\$|USD/);
    expect(formatMoney(1234.56)).toMatch(/1.?234[.,]56/);
    expect(formatMoney(null)).toBe("—");
  });
});
