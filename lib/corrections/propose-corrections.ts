import { deletionKeys, foldLetters, normalisedSimilarity, phoneticCodes } from "./phonetics";
import { phraseKey, tokenize, type WordToken } from "./words";

export interface KnownEntity {
  text: string;
  /** 0..1: how far the source is trusted (a curated glossary near 1, a scraped page lower). */
  authority: number;
  origin: "glossary" | "context";
  sourceId: string | null;
}

interface IndexedEntity extends KnownEntity {
  key: string;
  letters: string;
  codes: string[];
  words: number;
}

export interface EntityIndex {
  entities: IndexedEntity[];
  byCode: Map<string, number[]>;
  /** Phrases already written the way the tenant writes them: never proposed for change. */
  knownKeys: Set<string>;
  /** Every word of every glossary entry: a proposal may not alter one of them. */
  glossaryWords: Set<string>;
  maxWords: number;
}

export interface Proposal {
  start: number;
  end: number;
  originalText: string;
  suggestedText: string;
  similarity: number;
  confidence: number;
  entity: KnownEntity;
}

// Below these a pair is noise: "oral" and "Orlu" sound alike but share too few letters.
const MIN_LETTER_SIMILARITY = 0.55;
const MIN_PHONETIC_SIMILARITY = 0.5;
const MIN_SIMILARITY = 0.65;
/** Speech recognition splits and merges words ("or lou" for "Orlu"), so n-grams may be this much longer. */
const EXTRA_WORDS = 2;
const MAX_WORDS = 6;

export function buildEntityIndex(entities: readonly KnownEntity[]): EntityIndex {
  const indexed: IndexedEntity[] = [];
  const byCode = new Map<string, number[]>();
  const knownKeys = new Set<string>();
  const glossaryWords = new Set<string>();
  const seen = new Map<string, number>();
  let maxEntityWords = 0;
  for (const entity of entities) {
    const key = phraseKey(entity.text);
    const letters = foldLetters(entity.text);
    if (!key || letters.length < 2) continue;
    knownKeys.add(key);
    if (entity.origin === "glossary") for (const w of key.split(" ")) glossaryWords.add(w);
    // One entry per spelling, keeping the most trusted source.
    const dedupe = `${key}\u0000${entity.text}`;
    const known = seen.get(dedupe);
    if (known !== undefined) {
      const existing = indexed[known]!;
      if (entity.authority > existing.authority) Object.assign(existing, entity);
      continue;
    }
    const codes = phoneticCodes(letters);
    const words = key.split(" ").length;
    maxEntityWords = Math.max(maxEntityWords, words);
    const n = indexed.push({ ...entity, key, letters, codes, words }) - 1;
    seen.set(dedupe, n);
    for (const code of codes)
      for (const k of deletionKeys(code)) {
        const list = byCode.get(k);
        if (!list) byCode.set(k, [n]);
        else if (list[list.length - 1] !== n) list.push(n);
      }
  }
  // A loop, not Math.max(...spread): a request may bring more entities than the call stack holds arguments.
  const maxWords = Math.min(MAX_WORDS, maxEntityWords + EXTRA_WORDS);
  return { entities: indexed, byCode, knownKeys, glossaryWords, maxWords };
}

function codeSimilarity(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  for (const x of a) for (const y of b) best = Math.max(best, normalisedSimilarity(x, y));
  return best;
}

export interface ProposeOptions {
  markup: boolean;
  stopwords: ReadonlySet<string>;
  /** Character ranges already rewritten by an approved correction: their output is never corrected again. */
  protectedRanges?: readonly (readonly [number, number])[];
  /** Pairs a reviewer has rejected, as `phraseKey(original) + "\u0000" + suggested`. */
  rejected?: ReadonlySet<string>;
  /** Shared across calls so repeated words are encoded once per clean. */
  codeCache?: Map<string, string[]>;
}

/**
 * Finds word n-grams that sound and read like a known entity but are not written like it.
 * Similarity is the mean of letter and phonetic-code similarity; confidence scales it by the
 * source's authority and lowers it for each function word in the n-gram.
 */
export function proposeCorrections(text: string, index: EntityIndex, options: ProposeOptions): Proposal[] {
  if (index.entities.length === 0) return [];
  const tokens = tokenize(text, { markup: options.markup });
  const cache = options.codeCache ?? new Map<string, string[]>();
  const ranges = options.protectedRanges ?? [];
  const known = knownSpans(tokens, index);
  const candidates: Proposal[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let letters = "";
    let stopwordCount = 0;
    for (let n = 1; n <= index.maxWords && i + n <= tokens.length; n++) {
      if (n > 1 && !tokens[i + n - 1]!.joinsPrevious) break;
      const last = tokens[i + n - 1]!;
      letters += foldLetters(last.text);
      if (options.stopwords.has(last.key)) stopwordCount++;
      const start = tokens[i]!.start;
      const end = last.end;
      if (letters.length < 3 || stopwordCount === n) continue;
      if (ranges.some(([a, b]) => start < b && end > a)) break;
      // A name already written right may only grow into a longer name that contains it ("Imo" -> "Imo State").
      const touching = known.filter((k) => start < k.end && end > k.start);
      if (touching.some((k) => k.start < start || k.end > end)) continue;
      const words = tokens.slice(i, i + n).map((t) => t.key);
      const key = words.join(" ");
      if (index.knownKeys.has(key) || words.every((w) => index.glossaryWords.has(w))) continue;
      let codes = cache.get(letters);
      if (!codes) {
        codes = phoneticCodes(letters);
        cache.set(letters, codes);
      }
      const seen = new Set<number>();
      for (const code of codes)
        for (const k of deletionKeys(code))
          for (const e of index.byCode.get(k) ?? []) {
            if (seen.has(e)) continue;
            seen.add(e);
            const entity = index.entities[e]!;
            if (n > entity.words + EXTRA_WORDS) continue;
            const ratio = letters.length / entity.letters.length;
            if (ratio < 0.5 || ratio > 2) continue;
            const letterSim = normalisedSimilarity(letters, entity.letters);
            if (letterSim < MIN_LETTER_SIMILARITY) continue;
            const phoneticSim = codeSimilarity(codes, entity.codes);
            if (phoneticSim < MIN_PHONETIC_SIMILARITY) continue;
            const similarity = (letterSim + phoneticSim) / 2;
            if (similarity < MIN_SIMILARITY) continue;
            const targetWords = new Set(entity.key.split(" "));
            if (words.some((w) => index.glossaryWords.has(w) && !targetWords.has(w))) continue;
            if (touching.some((k) => k.words >= entity.words || !` ${entity.key} `.includes(` ${k.key} `))) continue;
            if (options.rejected?.has(`${key}\u0000${entity.text}`)) continue;
            const confidence = similarity * (0.6 + 0.4 * entity.authority) * (1 - 0.15 * stopwordCount);
            candidates.push({
              start,
              end,
              originalText: text.slice(start, end),
              suggestedText: entity.text,
              similarity: round(similarity),
              confidence: round(Math.min(0.99, confidence)),
              entity: { text: entity.text, authority: entity.authority, origin: entity.origin, sourceId: entity.sourceId },
            });
          }
    }
  }
  return pickNonOverlapping(candidates);
}

interface KnownSpan {
  start: number;
  end: number;
  key: string;
  words: number;
}

function knownSpans(tokens: readonly WordToken[], index: EntityIndex): KnownSpan[] {
  const spans: KnownSpan[] = [];
  const longest = index.maxWords - EXTRA_WORDS;
  for (let i = 0; i < tokens.length; i++) {
    let key = "";
    for (let n = 1; n <= longest && i + n <= tokens.length; n++) {
      if (n > 1 && !tokens[i + n - 1]!.joinsPrevious) break;
      key = n === 1 ? tokens[i]!.key : `${key} ${tokens[i + n - 1]!.key}`;
      if (index.knownKeys.has(key)) spans.push({ start: tokens[i]!.start, end: tokens[i + n - 1]!.end, key, words: n });
    }
  }
  return spans;
}

function pickNonOverlapping(candidates: Proposal[]): Proposal[] {
  candidates.sort((a, b) => b.confidence - a.confidence || b.end - b.start - (a.end - a.start));
  const chosen: Proposal[] = [];
  for (const c of candidates) if (!chosen.some((p) => c.start < p.end && c.end > p.start)) chosen.push(c);
  return chosen.sort((a, b) => a.start - b.start);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
