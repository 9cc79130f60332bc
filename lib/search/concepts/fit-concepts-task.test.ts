import { describe, expect, it } from "vitest";
import { fitConcepts, type TermCounts } from "./fit-concepts";
import { fitConceptsTask } from "./fit-concepts-task";

const counts = (text: string): TermCounts => {
  const map: TermCounts = new Map();
  for (const word of text.split(" ")) map.set(word, (map.get(word) ?? 0) + 1);
  return map;
};
const TOPICS = ["car engine wheel road driver", "automobile engine road wheel garage", "violin orchestra concert music score", "piano concert music melody score"];
const corpus = Array.from({ length: 120 }, (_, i) => counts(`${TOPICS[i % 4]} ${TOPICS[(i + 1) % 4]!.split(" ")[i % 5]} filler${i % 7}`));

describe("the concept fit as a pool task", () => {
  it("gives each term its vector as the literal the database reads, the same values the fit found", async () => {
    const fitted = (await fitConceptsTask({ chunks: corpus }))!;
    const model = (await fitConcepts(corpus))!;
    expect(fitted.terms).toEqual(model.terms);
    expect(fitted.dimensions).toBe(model.dimensions);
    expect(fitted.literals).toHaveLength(model.terms.length);
    const first = fitted.literals[0]!;
    expect(first).toMatch(/^\[-?\d/);
    const values = JSON.parse(first) as number[];
    expect(values).toHaveLength(model.dimensions);
    values.forEach((v, d) => expect(v).toBeCloseTo(model.vectors[d]!, 5));
  });

  it("is null when there is too little to learn from", async () => {
    expect(await fitConceptsTask({ chunks: [counts("one two"), counts("three four")] })).toBeNull();
  });
});
