import { describe, expect, it } from "vitest";
import { HashingEmbedder, tokenize } from "./hashing-embedder";

const cosine = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

describe("HashingEmbedder", () => {
  const embedder = new HashingEmbedder(384);

  it("gives deterministic unit vectors of the configured size", async () => {
    const [a, b] = await embedder.embed(["Reset your password from the sign-in page", "Reset your password from the sign-in page"]);
    expect(a).toHaveLength(384);
    expect(a).toEqual(b);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 6);
  });

  it("scores texts that share words above texts that do not", () => {
    const query = embedder.embedOne("how do I reset my password");
    const related = embedder.embedOne("To reset a forgotten password, open the sign-in page.");
    const unrelated = embedder.embedOne("Travel above 500 euros needs approval from a budget owner.");
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.2);
  });

  it("tolerates spelling variants through character trigrams", () => {
    const a = embedder.embedOne("Uzodinma");
    expect(cosine(a, embedder.embedOne("Uzodima"))).toBeGreaterThan(cosine(a, embedder.embedOne("Owerri")));
  });

  it("embeds words of any length: a 5,000-letter word makes 5,000 trigrams", () => {
    for (const text of ["x".repeat(5_000), "Pneumonoultramicroscopicsilicovolcanoconiosis", `${"ab".repeat(40)} ${"cd".repeat(40)}`]) {
      expect(Math.hypot(...embedder.embedOne(text))).toBeCloseTo(1, 6);
    }
    const a = embedder.embedOne("Pneumonoultramicroscopicsilicovolcanoconiosis");
    expect(cosine(a, embedder.embedOne("Pneumonoultramicroscopicsilicovolcanokoniosis"))).toBeGreaterThan(0.7);
  });

  it("returns a zero vector for text without words, never NaN", () => {
    const v = embedder.embedOne(" ... !!! ");
    expect(v.every((x) => x === 0)).toBe(true);
  });

  it("tokenizes without accents, case or stop words", () => {
    expect(tokenize("The Café in Owerri is OPEN")).toEqual(["cafe", "owerri", "open"]);
  });
});
