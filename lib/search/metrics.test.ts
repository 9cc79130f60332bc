import { describe, expect, it } from "vitest";
import { mean, scoreRanking, signTestP } from "./metrics";

const hit = (documentId: string, chunkId = `${documentId}-c`) => ({ documentId, chunkId });

describe("scoreRanking", () => {
  it("scores a perfect list as 1 on every metric", () => {
    expect(scoreRanking([hit("a"), hit("b")], { documentIds: ["a", "b"], chunkIds: [] }, 10)).toEqual({ recall: 1, reciprocalRank: 1, ndcg: 1 });
  });

  it("counts a document once however many of its chunks come back", () => {
    const m = scoreRanking([hit("a", "a1"), hit("a", "a2"), hit("x"), hit("b")], { documentIds: ["a", "b"], chunkIds: [] }, 10);
    expect(m.recall).toBe(1);
    expect(m.reciprocalRank).toBe(1);
    // Gains at ranks 1 and 4: (1 + 1/log2(5)) / (1 + 1/log2(3)).
    expect(m.ndcg).toBeCloseTo((1 + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3)), 10);
  });

  it("uses only the top k for recall, and the first hit for the reciprocal rank", () => {
    const m = scoreRanking([hit("x"), hit("y"), hit("a"), hit("b")], { documentIds: ["a", "b"], chunkIds: [] }, 3);
    expect(m.recall).toBe(0.5);
    expect(m.reciprocalRank).toBeCloseTo(1 / 3, 10);
  });

  it("matches chunk targets by chunk id", () => {
    const m = scoreRanking([hit("a", "a1"), hit("a", "a2")], { documentIds: [], chunkIds: ["a2"] }, 10);
    expect(m).toMatchObject({ recall: 1, reciprocalRank: 0.5 });
  });

  it("is zero when nothing relevant comes back or nothing is expected", () => {
    expect(scoreRanking([hit("x")], { documentIds: ["a"], chunkIds: [] }, 10)).toEqual({ recall: 0, reciprocalRank: 0, ndcg: 0 });
    expect(scoreRanking([hit("x")], { documentIds: [], chunkIds: [] }, 10)).toEqual({ recall: 0, reciprocalRank: 0, ndcg: 0 });
    expect(mean([])).toBe(0);
    expect(mean([1, 0.5])).toBe(0.75);
  });
});

describe("signTestP", () => {
  it("is the binomial tail of the wins", () => {
    expect(signTestP(0, 0)).toBe(1);
    expect(signTestP(1, 0)).toBeCloseTo(0.5, 10);
    expect(signTestP(5, 0)).toBeCloseTo(1 / 32, 10);
    // 8 wins of 10: (45 + 10 + 1) / 1024
    expect(signTestP(8, 2)).toBeCloseTo(56 / 1024, 10);
    expect(signTestP(2, 8)).toBeGreaterThan(0.9);
  });

  it("stays finite for a hundred queries", () => {
    expect(signTestP(70, 30)).toBeLessThan(0.001);
    expect(signTestP(50, 50)).toBeGreaterThan(0.5);
  });
});
