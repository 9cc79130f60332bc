import type { EmbeddingProvider } from "./provider";

/**
 * The built-in offline embedder: feature hashing of words, word pairs and character trigrams into a
 * fixed number of dimensions, sublinear term weights, L2-normalised. Deterministic, instant, and no
 * download. It captures lexical similarity (shared words, word order in pairs, spelling variants
 * through trigrams), not meaning: "car" and "automobile" are unrelated to it. Use an
 * OpenAI-compatible provider (EMBEDDING_API_URL) for semantic similarity.
 */
export const HASHING_MODEL = "tkc-hashing-v1";

const STOP_WORDS = new Set(
  "a an and are as at be but by for from has have in is it its of on or that the this to was were will with".split(" "),
);

const WORD = 1;
const PAIR = 0.6;
const TRIGRAM = 0.25;

function fnv1a(text: string, seed: number): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function tokenize(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w));
}

/** A query word's weight in [0, 1], e.g. its inverse document frequency in the workspace, normalised. */
export type WordWeight = (word: string) => number;

export class HashingEmbedder implements EmbeddingProvider {
  readonly model = HASHING_MODEL;
  readonly kind = "lexical" as const;

  constructor(readonly dimensions = 384) {}

  /**
   * Stored vectors use `weightOf` never (they must not go stale as the corpus grows); a query may
   * weight its features by its words' rarity, so common words stop dominating the match.
   */
  embedOne(text: string, weightOf?: WordWeight): number[] {
    const counts = new Map<string, number>();
    const rarity = new Map<string, number>();
    const add = (feature: string, weight: number, word: number) => {
      counts.set(feature, (counts.get(feature) ?? 0) + weight);
      rarity.set(feature, Math.max(rarity.get(feature) ?? 0, word));
    };
    const words = tokenize(text);
    const wordWeights = words.map((w) => (weightOf ? weightOf(w) : 1));
    words.forEach((word, i) => {
      const w = wordWeights[i]!;
      add(`w:${word}`, WORD, w);
      if (i > 0) add(`p:${words[i - 1]} ${word}`, PAIR, (w + wordWeights[i - 1]!) / 2);
      const padded = `#${word}#`;
      for (let j = 0; j + 3 <= padded.length; j++) add(`t:${padded.slice(j, j + 3)}`, TRIGRAM, w);
    });
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const [feature, weight] of counts) {
      const slot = fnv1a(feature, 0) % this.dimensions;
      // A second hash picks the sign, so collisions cancel out on average instead of piling up.
      const sign = fnv1a(feature, 0x9e3779b9) & 1 ? 1 : -1;
      vector[slot]! += sign * Math.log1p(weight) * rarity.get(feature)!;
    }
    const norm = Math.hypot(...vector);
    return norm > 0 ? vector.map((v) => v / norm) : vector;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }
}
