import { describe, expect, it } from "vitest";
import { describeProgress, estimateSecondsLeft, formatTimeLeft, isRetryable } from "./upload-progress";

describe("isRetryable", () => {
  it.each([
    [{ network: true as const }, true],
    [{ status: 0 }, true],
    [{ status: 408 }, true],
    [{ status: 429 }, true],
    [{ status: 500 }, true],
    [{ status: 502 }, true],
    [{ status: 503 }, true],
  ])("offers a retry after %o", (failure, expected) => expect(isRetryable(failure)).toBe(expected));

  it.each([400, 401, 403, 404, 409, 413, 415, 422])("offers none after a %i, which refuses the file itself", (status) => {
    expect(isRetryable({ status })).toBe(false);
  });
});

describe("estimateSecondsLeft", () => {
  it("divides what is left by the average speed so far", () => {
    // 1 MB of 4 MB in 2 s: 3 MB to go at 0.5 MB/s.
    expect(estimateSecondsLeft({ loaded: 1_000_000, total: 4_000_000, elapsedMs: 2_000 })).toBeCloseTo(6);
  });

  it("gives no estimate too early, before any byte, or when everything is sent", () => {
    expect(estimateSecondsLeft({ loaded: 500, total: 1_000, elapsedMs: 100 })).toBeNull();
    expect(estimateSecondsLeft({ loaded: 0, total: 1_000, elapsedMs: 5_000 })).toBeNull();
    expect(estimateSecondsLeft({ loaded: 1_000, total: 1_000, elapsedMs: 5_000 })).toBeNull();
    expect(estimateSecondsLeft({ loaded: 0, total: 0, elapsedMs: 5_000 })).toBeNull();
  });
});

describe("formatTimeLeft", () => {
  it.each([
    [2, "a few seconds left"],
    [6, "about 10 s left"],
    [41, "about 45 s left"],
    [59.5, "about 60 s left"],
    [61, "about 1 min left"],
    [170, "about 3 min left"],
    [3_600, "about 1 h left"],
    [3_900, "about 1 h 5 min left"],
  ])("%f s reads “%s”", (seconds, text) => expect(formatTimeLeft(seconds)).toBe(text));
});

describe("describeProgress", () => {
  it("shows the percent, then the time left once there is a speed", () => {
    expect(describeProgress({ loaded: 420, total: 1_000, elapsedMs: 200 })).toBe("42% · estimating time left…");
    expect(describeProgress({ loaded: 250, total: 1_000, elapsedMs: 10_000 })).toBe("25% · about 30 s left");
  });

  it("says the server is checking the file once every byte is sent", () => {
    expect(describeProgress({ loaded: 1_000, total: 1_000, elapsedMs: 3_000 })).toBe("100% · waiting for the server to accept it…");
  });
});
