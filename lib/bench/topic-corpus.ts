import { mulberry32 } from "@/lib/random/seeded";

/**
 * Text with the shape of real collections, for the search benchmark: a large Zipf-distributed
 * vocabulary, and documents about topics that each favour their own words. Uniform random text
 * (or a tiny vocabulary) makes every index and every full-text query look worse than real data.
 */
export class TopicCorpus {
  private readonly random: () => number;
  private readonly lexicon: string[];
  private readonly topics: string[][];

  constructor({ seed = 5, lexiconSize = 20_000, topicCount = 60, wordsPerTopic = 400 } = {}) {
    this.random = mulberry32(seed);
    const syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "an", "el", "ir", "on", "us", "bra", "cle", "dri", "fro", "gla", "pre", "sto", "tra"];
    const seen = new Set<string>();
    this.lexicon = [];
    while (this.lexicon.length < lexiconSize) {
      const n = 2 + Math.floor(this.random() * 3);
      const word = Array.from({ length: n }, () => syllables[Math.floor(this.random() * syllables.length)]).join("");
      if (!seen.has(word)) {
        seen.add(word);
        this.lexicon.push(word);
      }
    }
    this.topics = Array.from({ length: topicCount }, () => Array.from({ length: wordsPerTopic }, () => this.lexicon[Math.floor(this.random() * this.lexicon.length)]!));
  }

  /** A Zipf-distributed index into a list of `n` (rank 1 most likely). */
  private zipf(n: number): number {
    // Inverse-CDF approximation of Zipf with exponent 1.
    return Math.min(n - 1, Math.floor(Math.exp(this.random() * Math.log(n + 1)) - 1));
  }

  topicOf(index: number): number {
    return index % this.topics.length;
  }

  passage(topic: number, words: number): string {
    const vocabulary = this.topics[topic]!;
    const out: string[] = [];
    for (let i = 0; i < words; i++) {
      out.push(this.random() < 0.7 ? vocabulary[this.zipf(vocabulary.length)]! : this.lexicon[this.zipf(this.lexicon.length)]!);
      if (i % 14 === 13) out[out.length - 1] += ".";
    }
    return out.join(" ") + ".";
  }

  next(): number {
    return this.random();
  }
}
