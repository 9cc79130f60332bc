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

export class HashingEmbedder implements EmbeddingProvider {
  readonly model = HASHING_MODEL;

  constructor(readonly dimensions = 384) {}

  embedOne(text: string): number[] {
    const weights = new Map<string, number>();
    const add = (feature: string, weight: number) => weights.set(feature, (weights.get(feature) ?? 0) + weight);
    const words = tokenize(text);
    words.forEach((word, i) => {
      add(`w:${word}`, WORD);
      if (i > 0) add(`p:${words[i - 1]} ${word}`, PAIR);
      const padded = `#${word}#`;
      for (let j = 0; j + 3 <= padded.length; j++) add(`t:${padded.slice(j, j + 3)}`, TRIGRAM);
    });
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const [feature, weight] of weights) {
      const slot = fnv1a(feature, 0) % this.dimensions;
      // A second hash picks the sign, so collisions cancel out on average instead of piling up.
      const sign = fnv1a(feature, 0x9e3779b9) & 1 ? 1 : -1;
      vector[slot]! += sign * Math.log1p(weight);
    }
    const norm = Math.hypot(...vector);
    return norm > 0 ? vector.map((v) => v / norm) : vector;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }
}
