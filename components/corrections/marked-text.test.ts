import { describe, expect, it } from "vitest";
import { applyCorrections, compileCorrections } from "@/lib/corrections/apply-corrections";
import { originalRanges } from "./marked-text";

describe("originalRanges", () => {
  it("maps each edit back onto the text before cleaning", () => {
    const text = "Opus Odima met teh press in Imo stayed.";
    const { edits } = applyCorrections(text, compileCorrections([
      { id: "a", originalText: "Opus Odima", correctedText: "Hope Uzodinma" },
      { id: "b", originalText: "teh", correctedText: "the" },
      { id: "c", originalText: "Imo stayed", correctedText: "Imo State" },
    ]), { markup: false });
    expect(originalRanges(edits).map((r) => text.slice(r.start, r.end))).toEqual(["Opus Odima", "teh", "Imo stayed"]);
  });
});
