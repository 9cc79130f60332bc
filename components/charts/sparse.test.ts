import { describe, expect, it } from "vitest";
import { isolatedIndices } from "./sparse";

describe("isolatedIndices", () => {
  it("marks a single value, alone or among empty buckets", () => {
    expect([...isolatedIndices([{ p50: 12 }], "p50")]).toEqual([0]);
    expect([...isolatedIndices([{ p50: null }, { p50: 12 }, { p50: null }], "p50")]).toEqual([1]);
  });

  it("leaves values that join a neighbour into a line", () => {
    const data = [{ p50: 1 }, { p50: 2 }, { p50: null }, { p50: 4 }, { p50: null }, { p50: 6 }, { p50: 7 }];
    expect([...isolatedIndices(data, "p50")]).toEqual([3]);
  });

  it("ignores missing keys and empty data", () => {
    expect(isolatedIndices([], "p50").size).toBe(0);
    expect([...isolatedIndices([{}, { p50: 0 }, {}], "p50")]).toEqual([1]);
  });
});
