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

const FNV_OFFSET = 0x811c9dc5;
/** The second hash's seed: it picks a feature's sign. */
const SIGN_SEED = 0x9e3779b9;

/** FNV-1a continued from `hash` over `text`'s UTF-16 code units [from, to). */
function fnv1a(hash: number, text: string, from = 0, to = text.length): number {
  for (let i = from; i < to; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}

/** A feature's two hashes (slot and sign), both from the start states of its prefix ("w:", "p:"...). */
interface FeatureHash {
  slot: number;
  sign: number;
}
const start = (prefix: string): FeatureHash => ({ slot: fnv1a(FNV_OFFSET, prefix), sign: fnv1a(FNV_OFFSET ^ SIGN_SEED, prefix) });
const WORD_START = start("w:");
const PAIR_START = start("p:");
const TRIGRAM_START = start("t:");

/**
 * Each feature's summed weight and greatest word weight, the feature known by its two 32-bit hashes
 * (slot and sign) instead of a string built for it: the strings and their map were most of the
 * ingest pipeline's embedding time. Open addressing over typed arrays; features come back in order
 * of first appearance, so the vector's sums add up in the same order as before.
 */
class FeatureTable {
  private readonly mask: number;
  private readonly slotHashes: Uint32Array;
  private readonly signHashes: Uint32Array;
  /** Position in `order` + 1 of the feature in each cell; 0: empty. */
  private readonly cells: Int32Array;
  private readonly order: number[] = [];
  private readonly weights: number[] = [];
  private readonly rarities: number[] = [];

  /** `most`: how many features can come at most; the table stays at most half full. */
  constructor(most: number) {
    let size = 16;
    while (size < most * 2) size *= 2;
    this.mask = size - 1;
    this.slotHashes = new Uint32Array(size);
    this.signHashes = new Uint32Array(size);
    this.cells = new Int32Array(size);
  }

  add(slotHash: number, signHash: number, weight: number, word: number): void {
    const slot = slotHash >>> 0;
    const sign = signHash >>> 0;
    let cell = (slot ^ Math.imul(sign, 0x9e3779b1)) & this.mask;
    for (;;) {
      const k = this.cells[cell]!;
      if (k === 0) {
        this.slotHashes[cell] = slot;
        this.signHashes[cell] = sign;
        this.order.push(cell);
        this.weights.push(weight);
        this.rarities.push(word);
        this.cells[cell] = this.order.length;
        return;
      }
      if (this.slotHashes[cell] === slot && this.signHashes[cell] === sign) {
        this.weights[k - 1]! += weight;
        this.rarities[k - 1] = Math.max(this.rarities[k - 1]!, word);
        return;
      }
      cell = (cell + 1) & this.mask;
    }
  }

  forEach(fn: (slotHash: number, signHash: number, weight: number, rarity: number) => void): void {
    this.order.forEach((cell, i) => fn(this.slotHashes[cell]!, this.signHashes[cell]!, this.weights[i]!, this.rarities[i]!));
  }
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
    const words = tokenize(text);
    // At most a word, a pair and len(word) trigrams per word.
    const features = new FeatureTable(words.reduce((sum, word) => sum + word.length + 2, 0));
    let previousWeight = 0;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      const w = weightOf ? weightOf(word) : 1;
      features.add(fnv1a(WORD_START.slot, word), fnv1a(WORD_START.sign, word), WORD, w);
      if (i > 0) {
        const previous = words[i - 1]!;
        features.add(fnv1a(fnv1a(fnv1a(PAIR_START.slot, previous), " "), word), fnv1a(fnv1a(fnv1a(PAIR_START.sign, previous), " "), word), PAIR, (w + previousWeight) / 2);
      }
      const padded = `#${word}#`;
      for (let j = 0; j + 3 <= padded.length; j++) features.add(fnv1a(TRIGRAM_START.slot, padded, j, j + 3), fnv1a(TRIGRAM_START.sign, padded, j, j + 3), TRIGRAM, w);
      previousWeight = w;
    }
    const vector = new Array<number>(this.dimensions).fill(0);
    features.forEach((slotHash, signHash, weight, rarity) => {
      vector[slotHash % this.dimensions]! += (signHash & 1 ? 1 : -1) * Math.log1p(weight) * rarity;
    });
    const norm = Math.hypot(...vector);
    return norm > 0 ? vector.map((v) => v / norm) : vector;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }
}
