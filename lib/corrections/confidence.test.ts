import { describe, expect, it } from "vitest";
import { confidenceAfterApproval, confidenceAfterOutcome, confidenceLevel } from "./confidence";

describe("confidence", () => {
  it("maps to levels at 0.5, 0.75 and 0.9", () => {
    expect([0, 0.49, 0.5, 0.74, 0.75, 0.89, 0.9, 1].map(confidenceLevel)).toEqual(["LOW", "LOW", "MEDIUM", "MEDIUM", "HIGH", "HIGH", "VERY_HIGH", "VERY_HIGH"]);
  });

  it("rises on approval and success, never past 0.99", () => {
    expect(confidenceAfterApproval(0.3)).toBe(0.6);
    expect(confidenceAfterApproval(0.8)).toBe(0.9);
    expect(confidenceAfterApproval(0.95)).toBe(0.99);
    expect(confidenceAfterOutcome(0.8, [true, false])).toEqual({ confidence: 0.82, flagReason: null });
  });

  it("falls on failure and drops a level when failures keep coming", () => {
    expect(confidenceAfterOutcome(0.8, [false, true, true])).toEqual({ confidence: 0.75, flagReason: null });
    const flagged = confidenceAfterOutcome(0.8, [false, false, true, false, true, true]);
    expect(flagged.confidence).toBe(0.7);
    expect(confidenceLevel(flagged.confidence)).toBe("MEDIUM");
    expect(flagged.flagReason).toBe("3 of the latest 5 applications were reported wrong.");
    expect(confidenceAfterOutcome(0.4, [false, false, false]).confidence).toBe(0.2);
  });
});
