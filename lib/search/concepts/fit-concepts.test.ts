import { describe, expect, it } from "vitest";
import { fitConcepts, type ConceptModel, type TermCounts } from "./fit-concepts";

const counts = (text: string): TermCounts => {
  const map = new Map<string, number>();
  for (const word of text.split(" ")) map.set(word, (map.get(word) ?? 0) + 1);
  return map;
};

/** A text's concept vector as the retrieval statement folds it in: the sum of its terms' vectors weighted by 1 + ln tf. */
function foldIn(model: ConceptModel, text: string): number[] {
  const out = new Array<number>(model.dimensions).fill(0);
  for (const [term, n] of counts(text)) {
    const t = model.terms.indexOf(term);
    if (t < 0) continue;
    for (let d = 0; d < model.dimensions; d++) out[d]! += (1 + Math.log(n)) * model.vectors[t * model.dimensions + d]!;
  }
  return out;
}

const cosine = (a: number[], b: number[]) => {
  const dot = a.reduce((s, v, i) => s + v * b[i]!, 0);
  return dot / (Math.hypot(...a) * Math.hypot(...b));
};

/** Two topics; in the first, half the chunks say "car" and half "automobile", never both. */
function corpus(size: number): TermCounts[] {
  const texts: string[] = [];
  for (let i = 0; i < size; i++) {
    const extra = ["fast", "red", "old", "new", "cheap"][i % 5];
    if (i % 2 === 0) texts.push(`${i % 4 === 0 ? "car" : "automobile"} engine wheel road driver ${extra}`);
    else texts.push(`bread flour oven bake dough ${extra} ${extra}`);
  }
  return texts.map(counts);
}

describe("fitting concepts", () => {
  it("puts words that share contexts together, though they never occur together", async () => {
    const model = (await fitConcepts(corpus(80), { dimensions: 4, maxTerms: 1000, minChunks: 2, oversampling: 4, powerIterations: 2, seed: 1 }))!;
    expect(model.chunks).toBe(80);
    expect(model.terms).toContain("automobile");
    const query = foldIn(model, "automobile");
    expect(cosine(query, foldIn(model, "car engine road"))).toBeGreaterThan(0.8);
    expect(cosine(query, foldIn(model, "bread oven dough"))).toBeLessThan(0.2);
  });

  it("is deterministic for a given seed", async () => {
    const a = (await fitConcepts(corpus(40)))!;
    const b = (await fitConcepts(corpus(40)))!;
    expect(a.terms).toEqual(b.terms);
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
  });

  it("gives no model when there is too little to learn from", async () => {
    expect(await fitConcepts([counts("one two"), counts("three four")])).toBeNull();
    // Words in a single chunk carry no co-occurrence: they are left out.
    expect(await fitConcepts([counts("alpha beta"), counts("gamma delta"), counts("epsilon zeta")])).toBeNull();
  });

  it("keeps only the most frequent terms, and yields to the event loop while it works", async () => {
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    try {
      const model = (await fitConcepts(corpus(3000), { dimensions: 3, maxTerms: 12, minChunks: 2, oversampling: 2, powerIterations: 1, seed: 3 }))!;
      expect(model.terms).toHaveLength(12);
      expect(model.vectors).toHaveLength(12 * model.dimensions);
    } finally {
      clearInterval(ticker);
    }
    expect(turns).toBeGreaterThan(0);
  });
});
