import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, plural } from "./format";

describe("plural", () => {
  it("uses the singular for exactly one, the plural otherwise", () => {
    expect(plural(1, "day")).toBe("1 day");
    expect(plural(0, "day")).toBe("0 days");
    expect(plural(7, "day")).toBe("7 days");
  });

  it("takes an irregular plural and groups thousands", () => {
    expect(plural(1, "query", "queries")).toBe("1 query");
    expect(plural(1234, "query", "queries")).toBe("1,234 queries");
  });
});

describe("formatDate and formatDateTime", () => {
  // Each month, midnight and the last minute of a day, a leap day, single and double-digit days.
  const dates = Array.from({ length: 12 }, (_, month) => [new Date(2026, month, 7, 0, 7), new Date(2025, month, 28, 23, 59)]).flat().concat(new Date(2024, 1, 29, 12, 0));

  it("write what en-GB's Intl formatter writes, in local time", () => {
    const date = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });
    const dateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
    for (const d of dates) {
      expect(formatDate(d)).toBe(date.format(d));
      expect(formatDateTime(d.toISOString())).toBe(dateTime.format(d));
    }
  });

  it("refuses an invalid date as Intl does", () => {
    expect(() => formatDate("not a date")).toThrow(RangeError);
  });
});
