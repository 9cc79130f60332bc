/** A word broken at a line end: its first part, the hyphen, the newline and the part that goes on. */
const LINE_END_HYPHEN = /(\p{L}[\p{L}\p{M}]*)[-\u2010]\n(\p{L}[\p{L}\p{M}]*)/gu;
const WORD = /\p{L}[\p{L}\p{M}]*/gu;

/** Endings an inflected form may add to the joined word ("Übergangsfunktion" / "-en"). */
const MAX_ENDING = 3;

function vocabulary(texts: string[]): Set<string> {
  const words = new Set<string>();
  // The broken words' own halves are not evidence for the joined form: leave them out.
  for (const text of texts) for (const word of text.replace(LINE_END_HYPHEN, " ").match(WORD) ?? []) words.add(word.toLocaleLowerCase());
  return words;
}

/** Whether the joined word, or an inflection of it, is in the (sorted) vocabulary. */
function occursElsewhere(joined: string, sorted: string[]): boolean {
  const lower = joined.toLocaleLowerCase();
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < lower) low = mid + 1;
    else high = mid;
  }
  // Words that start with it sort right from where it would stand.
  for (let i = low; i < sorted.length && sorted[i]!.startsWith(lower); i++) if (sorted[i]!.length - lower.length <= MAX_ENDING) return true;
  return false;
}

/**
 * Joins words a line end hyphenated (`Karten-` / `wechselabbildung`) across the whole document's
 * texts, so the word is found as written. A break is joined only when the joined word occurs
 * elsewhere in the document (itself or with a short inflection ending) and the second part starts
 * lowercase, as a syllable break does; otherwise the hyphen is a real one (`well-known`,
 * `Nord-Süd-Paar`) and stays, with the line break removed so the compound reads as one word.
 */
export function joinHyphenatedLineEnds(texts: string[]): string[] {
  const sorted = [...vocabulary(texts)].sort();
  return texts.map((text) =>
    text.replace(LINE_END_HYPHEN, (_, head: string, tail: string) => {
      const joined = head + tail;
      const isSyllableBreak = tail[0] === tail[0]!.toLocaleLowerCase() && tail[0] !== tail[0]!.toLocaleUpperCase();
      return isSyllableBreak && occursElsewhere(joined, sorted) ? joined : `${head}-${tail}`;
    }),
  );
}
