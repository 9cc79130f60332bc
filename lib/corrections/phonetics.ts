import { doubleMetaphone } from "double-metaphone";
import { distance } from "fastest-levenshtein";

/** Lower-case letters and digits only, accents removed: "Opus Odima" -> "opusodima". */
export function foldLetters(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLocaleLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * Double Metaphone codes of the folded phrase without a leading vowel or H sound: speech
 * recognition often drops or adds an initial aspirate ("Opus" for "Hope Uz..."), which would
 * otherwise cost a whole edit on codes only four to six letters long.
 */
export function phoneticCodes(letters: string): string[] {
  const [primary, secondary] = doubleMetaphone(letters);
  const strip = (code: string) => code.replace(/^[AH]+/, "");
  const codes = [strip(primary)];
  const second = strip(secondary);
  if (second !== codes[0]) codes.push(second);
  return codes.filter((c) => c.length > 0);
}

/** 1 - edit distance / longer length: 1 for equal strings, 0 for nothing in common. */
export function normalisedSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  return 1 - distance(a, b) / longest;
}

/** The code and each code with one letter deleted: two codes within one edit share a key. */
export function deletionKeys(code: string): string[] {
  const keys = [code];
  if (code.length > 1) for (let i = 0; i < code.length; i++) keys.push(code.slice(0, i) + code.slice(i + 1));
  return keys;
}
