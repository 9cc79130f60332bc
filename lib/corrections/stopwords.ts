import * as lists from "stopword";

// The clean API takes ISO 639-1 codes ("en"); the word lists are named by ISO 639-3.
const ISO_639_3: Record<string, string> = {
  en: "eng", fr: "fra", de: "deu", es: "spa", it: "ita", pt: "por", nl: "nld", sv: "swe", da: "dan",
  nb: "nob", no: "nob", fi: "fin", pl: "pol", ro: "ron", ru: "rus", tr: "tur", ha: "hau", yo: "yor", sw: "swa",
};

const cache = new Map<string, ReadonlySet<string>>();

/** Function words of a language (English when the language has no list): never proposed on their own. */
export function stopwordsFor(language: string): ReadonlySet<string> {
  const code = ISO_639_3[language.toLowerCase().split(/[-_]/)[0]!] ?? "eng";
  let set = cache.get(code);
  if (!set) {
    set = new Set((lists[code] ?? lists.eng ?? []).map((w) => w.toLocaleLowerCase()));
    cache.set(code, set);
  }
  return set;
}
