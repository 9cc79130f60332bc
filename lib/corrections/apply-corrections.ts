import { isContiguous, phraseKey, tokenize, type WordToken } from "./words";

export interface CorrectionRule {
  id: string;
  originalText: string;
  correctedText: string;
}

/** Approved corrections that rewrite the same words to different targets: shown, never applied. */
export interface CorrectionConflict {
  originalKey: string;
  corrections: { id: string; originalText: string; correctedText: string }[];
}

export interface CompiledCorrections {
  byKey: Map<string, CorrectionRule>;
  /** Phrase lengths in words that start with a given word, longest first. */
  lengthsByFirstWord: Map<string, number[]>;
  conflicts: CorrectionConflict[];
  size: number;
}

export interface AppliedEdit {
  correctionId: string;
  /** The words as they were written. */
  from: string;
  /** What replaced them, after case matching. */
  to: string;
  /** Position of the replacement in the corrected text. */
  start: number;
  end: number;
}

export function compileCorrections(rules: readonly CorrectionRule[]): CompiledCorrections {
  const grouped = new Map<string, CorrectionRule[]>();
  for (const rule of rules) {
    const key = phraseKey(rule.originalText);
    if (!key) continue;
    const group = grouped.get(key);
    if (group) group.push(rule);
    else grouped.set(key, [rule]);
  }
  const byKey = new Map<string, CorrectionRule>();
  const lengths = new Map<string, Set<number>>();
  const conflicts: CorrectionConflict[] = [];
  for (const [key, group] of grouped) {
    const targets = new Set(group.map((r) => r.correctedText.trim()));
    if (targets.size > 1) {
      conflicts.push({ originalKey: key, corrections: group.map(({ id, originalText, correctedText }) => ({ id, originalText, correctedText })) });
      continue;
    }
    byKey.set(key, group[0]!);
    const words = key.split(" ");
    const set = lengths.get(words[0]!) ?? new Set<number>();
    set.add(words.length);
    lengths.set(words[0]!, set);
  }
  const lengthsByFirstWord = new Map([...lengths].map(([w, s]) => [w, [...s].sort((a, b) => b - a)]));
  return { byKey, lengthsByFirstWord, conflicts, size: byKey.size };
}

/**
 * Carries the source's casing over to the target: an all-capitals source gives an all-capitals
 * target; a capitalised source capitalises a lower-case target (sentence starts). Otherwise the
 * target is written as the correction says, so proper names keep their capitals.
 */
export function matchCase(source: string, target: string): string {
  const letters = source.replace(/[^\p{L}]/gu, "");
  if (letters.length > 1 && letters === letters.toLocaleUpperCase() && letters !== letters.toLocaleLowerCase()) return target.toLocaleUpperCase();
  const first = letters[0];
  const at = target.search(/\p{L}/u);
  if (first && first !== first.toLocaleLowerCase() && at >= 0) {
    const t = target[at]!;
    if (t === t.toLocaleLowerCase()) return target.slice(0, at) + t.toLocaleUpperCase() + target.slice(at + 1);
  }
  return target;
}

/** The replacement for tokens[i..i+n): word for word when the counts agree, so line breaks between words survive. */
function replacementFor(text: string, tokens: readonly WordToken[], i: number, n: number, target: string): string {
  const first = tokens[i]!;
  const last = tokens[i + n - 1]!;
  const cased = matchCase(text.slice(first.start, last.end), target.trim());
  const targetWords = cased.split(/\s+/u);
  if (targetWords.length !== n || n === 1) return cased;
  let out = targetWords[0]!;
  for (let j = 1; j < n; j++) out += text.slice(tokens[i + j - 1]!.end, tokens[i + j]!.start) + targetWords[j]!;
  return out;
}

/**
 * Applies approved corrections to one cue or line in a single left-to-right pass: at each word the
 * longest matching phrase wins, whole words only, and replaced text is never looked at again.
 */
export function applyCorrections(
  text: string,
  compiled: CompiledCorrections,
  { markup }: { markup: boolean },
): { text: string; edits: AppliedEdit[] } {
  if (compiled.size === 0) return { text, edits: [] };
  const tokens = tokenize(text, { markup });
  const edits: AppliedEdit[] = [];
  let out = "";
  let copiedTo = 0;
  let i = 0;
  while (i < tokens.length) {
    const lengths = compiled.lengthsByFirstWord.get(tokens[i]!.key);
    let matched = 0;
    if (lengths) {
      for (const n of lengths) {
        if (i + n > tokens.length || !isContiguous(tokens, i, n)) continue;
        const key = n === 1 ? tokens[i]!.key : tokens.slice(i, i + n).map((t) => t.key).join(" ");
        const rule = compiled.byKey.get(key);
        if (!rule) continue;
        const from = text.slice(tokens[i]!.start, tokens[i + n - 1]!.end);
        const to = replacementFor(text, tokens, i, n, rule.correctedText);
        out += text.slice(copiedTo, tokens[i]!.start);
        if (to !== from) edits.push({ correctionId: rule.id, from, to, start: out.length, end: out.length + to.length });
        out += to;
        copiedTo = tokens[i + n - 1]!.end;
        matched = n;
        break;
      }
    }
    i += matched || 1;
  }
  if (edits.length === 0) return { text, edits };
  return { text: out + text.slice(copiedTo), edits };
}
