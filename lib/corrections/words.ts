/**
 * Word tokens of a cue or line. Corrections and proposals work on whole tokens, so "Odima" never
 * matches inside "Odimas", and markup (`<i>`, `<v Speaker>`, `{\an8}`) is never read or rewritten.
 */
export interface WordToken {
  /** As written. */
  text: string;
  /** Case-folded, curly apostrophes straightened: the form corrections are looked up by. */
  key: string;
  start: number;
  end: number;
  /** Only whitespace (no markup, no punctuation) lies between this token and the previous one. */
  joinsPrevious: boolean;
}

// Letters and digits, with apostrophes or hyphens inside a word ("don't", "Jean-Pierre").
const WORD = String.raw`[\p{L}\p{N}\p{M}]+(?:['’\-][\p{L}\p{N}\p{M}]+)*`;
const MARKUP = String.raw`<[^>\n]*>|\{\\[^}\n]*\}`;
const WITH_MARKUP = new RegExp(`(${MARKUP})|${WORD}`, "gu");
const PLAIN = new RegExp(WORD, "gu");

export function wordKey(word: string): string {
  return word.normalize("NFC").toLocaleLowerCase().replace(/’/g, "'");
}

export function tokenize(text: string, { markup }: { markup: boolean }): WordToken[] {
  const tokens: WordToken[] = [];
  let previousEnd = -1;
  let brokenByMarkup = true;
  for (const m of text.matchAll(markup ? WITH_MARKUP : PLAIN)) {
    const start = m.index;
    if (m[1] !== undefined) {
      brokenByMarkup = true;
      continue;
    }
    const joinsPrevious = !brokenByMarkup && previousEnd >= 0 && /^\s+$/u.test(text.slice(previousEnd, start));
    tokens.push({ text: m[0], key: wordKey(m[0]), start, end: start + m[0].length, joinsPrevious });
    previousEnd = start + m[0].length;
    brokenByMarkup = false;
  }
  return tokens;
}

/** The lookup form of a phrase: its word keys joined by single spaces. */
export function phraseKey(phrase: string): string {
  return tokenize(phrase, { markup: false })
    .map((t) => t.key)
    .join(" ");
}

/** Tokens i..i+n-1 form one phrase only when nothing but whitespace separates them. */
export function isContiguous(tokens: readonly WordToken[], i: number, n: number): boolean {
  for (let j = i + 1; j < i + n; j++) if (!tokens[j]!.joinsPrevious) return false;
  return true;
}
