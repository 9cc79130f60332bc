import { describe, expect, it } from "vitest";
import { HIGHLIGHT_END as E, HIGHLIGHT_START as S, markedRanges, substringRanges, withMarkers } from "./highlight";

describe("highlight ranges (#20 item 4)", () => {
  it("reads the marked stretches out of a marked text", () => {
    expect(markedRanges(`a ${S}bc${E} d ${S}e${E}`)).toEqual({ text: "a bc d e", ranges: [[2, 4], [7, 8]] });
    expect(markedRanges("plain")).toEqual({ text: "plain", ranges: [] });
    expect(markedRanges(`${S}${E}x`)).toEqual({ text: "x", ranges: [] });
  });

  it("finds an in-document search in any case, its special characters taken literally", () => {
    expect(substringRanges("Gov, gov and GOV.", "gov")).toEqual([[0, 3], [5, 8], [13, 16]]);
    expect(substringRanges("a+b (c) a+b", " a+b ")).toEqual([[0, 3], [8, 11]]);
    expect(substringRanges("anything", "  ")).toEqual([]);
  });

  it("puts markers around the union of ranges, merging overlaps, and round-trips", () => {
    const text = "the governor of Imo";
    const marked = withMarkers(text, [[4, 12], [8, 15], [16, 19], [0, 0]]);
    expect(marked).toBe(`the ${S}governor of${E} ${S}Imo${E}`);
    expect(markedRanges(marked)).toEqual({ text, ranges: [[4, 15], [16, 19]] });
    expect(withMarkers(text, [])).toBe(text);
  });
});
