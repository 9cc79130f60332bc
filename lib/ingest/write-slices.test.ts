import { describe, expect, it } from "vitest";
import { ROWS_PER_INSERT } from "./chunk-writer";
import { nextSliceRows } from "./process-document";

describe("the size of a document's next write slice", () => {
  it("keeps the pace of the last slice: as many rows as fit in 100 ms", () => {
    expect(nextSliceRows(8, 80)).toBe(10);
    expect(nextSliceRows(100, 1_000)).toBe(10);
    expect(nextSliceRows(10, 20)).toBe(50);
  });

  it("writes at least one row, at most one statement's worth, whatever the clock said", () => {
    expect(nextSliceRows(1, 5_000)).toBe(1);
    expect(nextSliceRows(8, 0)).toBe(800);
    expect(nextSliceRows(2_000, 1)).toBe(ROWS_PER_INSERT);
  });
});
