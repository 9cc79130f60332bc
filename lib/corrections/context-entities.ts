import { tokenize } from "./words";

export interface ContextSource {
  /** "entities" (or "glossary"): one name per line. Anything else is prose to find names in. */
  type: string;
  content: string;
  sourceId?: string;
  authority: number;
}

const LIST_TYPES = new Set(["entities", "glossary"]);
const MAX_ENTITY_WORDS = 4;

function isCapitalised(word: string): boolean {
  const first = word[0]!;
  return first !== first.toLocaleLowerCase();
}

/**
 * The names in a piece of prose: runs of capitalised words ("Hope Uzodinma", "Imo State"),
 * without function words such as a sentence-initial "The", split at punctuation.
 */
export function namesInProse(text: string, stopwords: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  let run: string[] = [];
  const flush = () => {
    while (run.length && stopwords.has(run[0]!.toLocaleLowerCase())) run.shift();
    if (run.length && !(run.length === 1 && run[0]!.length < 3)) names.add(run.join(" "));
    run = [];
  };
  for (const token of tokenize(text, { markup: false })) {
    if (!token.joinsPrevious || run.length === MAX_ENTITY_WORDS) flush();
    if (isCapitalised(token.text) && !/^\p{N}/u.test(token.text)) run.push(token.text);
    else flush();
  }
  flush();
  return [...names];
}

export function entitiesFromContext(source: ContextSource, stopwords: ReadonlySet<string>): string[] {
  if (LIST_TYPES.has(source.type.toLowerCase())) {
    return [...new Set(source.content.split(/\r\n|\n|\r/).map((l) => l.trim()).filter(Boolean))];
  }
  return namesInProse(source.content, stopwords);
}
