import { describe, expect, it } from "vitest";
import { resolveRange } from "./dashboard-range";

const DAY = 86_400_000;
const NOW = new Date("2024-04-10T12:30:00.000Z");
const GENERIC_PROBLEM = "The link's range or mode was not understood; showing the last 30 days.";
const CUSTOM_PROBLEM =
  "A custom range needs a start and an end date, the end not before the start, at most 366 days apart; showing the last 30 days.";
const iso = (d: Date) => d.toISOString();

/** The 30-day fallback ending at NOW: from = NOW - 30 d, previousFrom = NOW - 60 d. */
const fallback = {
  preset: "30d",
  from: "2024-03-11T12:30:00.000Z",
  to: "2024-04-10T12:30:00.000Z",
  previousFrom: "2024-02-10T12:30:00.000Z",
  bucket: "day",
};

function resolved(params: Record<string, string | string[] | undefined>) {
  const { range, problem } = resolveRange(params, NOW);
  return { preset: range.preset, from: iso(range.from), to: iso(range.to), previousFrom: iso(range.previousFrom), bucket: range.bucket, mode: range.mode, problem };
}

describe("resolveRange", () => {
  it("defaults to the last 30 days, daily, no mode, no problem", () => {
    expect(resolved({})).toEqual({ ...fallback, mode: null, problem: null });
  });

  it.each([
    // preset, from = NOW - n days, previousFrom = NOW - 2n days, bucket (hourly only up to 2 days)
    ["24h", "2024-04-09T12:30:00.000Z", "2024-04-08T12:30:00.000Z", "hour"],
    ["7d", "2024-04-03T12:30:00.000Z", "2024-03-27T12:30:00.000Z", "day"],
    ["30d", "2024-03-11T12:30:00.000Z", "2024-02-10T12:30:00.000Z", "day"],
    // 90 days back from 10 April crosses 29 Feb 2024: 10 Apr - 90 d = 11 Jan; 11 Jan - 90 d = 13 Oct 2023.
    ["90d", "2024-01-11T12:30:00.000Z", "2023-10-13T12:30:00.000Z", "day"],
  ] as const)("preset %s ends now with the same-length previous window", (preset, from, previousFrom, bucket) => {
    expect(resolved({ range: preset })).toEqual({ preset, from, to: iso(NOW), previousFrom, bucket, mode: null, problem: null });
  });

  it("uses the current time when none is given", () => {
    const before = Date.now();
    const { range } = resolveRange({ range: "7d" });
    const after = Date.now();
    expect(range.to.getTime()).toBeGreaterThanOrEqual(before);
    expect(range.to.getTime()).toBeLessThanOrEqual(after);
    expect(range.to.getTime() - range.from.getTime()).toBe(7 * DAY);
  });

  it("keeps a valid mode and takes the first value of repeated parameters", () => {
    expect(resolved({ range: "24h", mode: "semantic" }).mode).toBe("semantic");
    expect(resolved({ mode: "fulltext" })).toMatchObject({ preset: "30d", mode: "fulltext", problem: null });
    expect(resolved({ range: ["7d", "24h"], mode: ["hybrid", "bogus"] })).toMatchObject({ preset: "7d", from: "2024-04-03T12:30:00.000Z", mode: "hybrid", problem: null });
  });

  it("ignores from/to on a preset", () => {
    expect(resolved({ range: "7d", from: "2020-01-01", to: "2020-01-31" })).toMatchObject({ preset: "7d", from: "2024-04-03T12:30:00.000Z", to: iso(NOW), problem: null });
  });

  it("covers whole UTC days of a custom range, both ends included", () => {
    // 1..7 March: [1 Mar 00:00, 8 Mar 00:00), 7 days; the previous 7 days start 23 Feb.
    expect(resolved({ range: "custom", from: "2024-03-01", to: "2024-03-07", mode: "hybrid" })).toEqual({
      preset: "custom",
      from: "2024-03-01T00:00:00.000Z",
      to: "2024-03-08T00:00:00.000Z",
      previousFrom: "2024-02-23T00:00:00.000Z",
      bucket: "day",
      mode: "hybrid",
      problem: null,
    });
  });

  it("buckets a custom range of up to two days by hour, longer ones by day", () => {
    // One day (1 Mar): span 1 d; previous window is 29 Feb (2024 is a leap year).
    expect(resolved({ range: "custom", from: "2024-03-01", to: "2024-03-01" })).toMatchObject({
      from: "2024-03-01T00:00:00.000Z",
      to: "2024-03-02T00:00:00.000Z",
      previousFrom: "2024-02-29T00:00:00.000Z",
      bucket: "hour",
      problem: null,
    });
    // Two days: span exactly 2 d, still hourly.
    expect(resolved({ range: "custom", from: "2024-03-01", to: "2024-03-02" })).toMatchObject({ to: "2024-03-03T00:00:00.000Z", previousFrom: "2024-02-28T00:00:00.000Z", bucket: "hour" });
    // Three days: daily.
    expect(resolved({ range: "custom", from: "2024-03-01", to: "2024-03-03" })).toMatchObject({ to: "2024-03-04T00:00:00.000Z", previousFrom: "2024-02-27T00:00:00.000Z", bucket: "day" });
  });

  it("accepts a custom range of exactly 366 days and refuses 367", () => {
    // 1 Jan 2023 .. 1 Jan 2024 inclusive = 365 + 1 = 366 days.
    expect(resolved({ range: "custom", from: "2023-01-01", to: "2024-01-01" })).toMatchObject({
      preset: "custom",
      from: "2023-01-01T00:00:00.000Z",
      to: "2024-01-02T00:00:00.000Z",
      // 366 days before 1 Jan 2023: 2022 has 365, so one more day lands on 31 Dec 2021.
      previousFrom: "2021-12-31T00:00:00.000Z",
      problem: null,
    });
    expect(resolved({ range: "custom", from: "2023-01-01", to: "2024-01-02" })).toEqual({ ...fallback, mode: null, problem: CUSTOM_PROBLEM });
  });

  it.each([
    ["no dates", { range: "custom" }],
    ["no end", { range: "custom", from: "2024-03-01" }],
    ["no start", { range: "custom", to: "2024-03-01" }],
    ["end before start", { range: "custom", from: "2024-03-05", to: "2024-03-04" }],
  ])("falls back to 30 days with an explanation on a custom range with %s, keeping the mode", (_, params) => {
    expect(resolved({ ...params, mode: "semantic" })).toEqual({ ...fallback, mode: "semantic", problem: CUSTOM_PROBLEM });
  });

  it.each([
    ["an unknown preset", { range: "1y" }],
    ["an unknown mode", { range: "7d", mode: "fuzzy" }],
    ["an impossible date", { range: "custom", from: "2024-02-30", to: "2024-03-01" }],
    ["a malformed date", { range: "custom", from: "2024-3-1", to: "2024-03-02" }],
    ["a timestamp instead of a date", { range: "custom", from: "2024-03-01T00:00:00Z", to: "2024-03-02" }],
    // ISO's year 0000, which PostgreSQL refuses: it used to break the runs export mid-stream.
    ["year 0000", { range: "custom", from: "0000-01-01", to: "0000-01-02" }],
  ])("falls back to the last 30 days, no mode, on %s", (_, params) => {
    // The whole query is dropped, so even a valid range (7d) or mode next to the bad value is not kept.
    expect(resolved(params)).toEqual({ ...fallback, mode: null, problem: GENERIC_PROBLEM });
  });
});
