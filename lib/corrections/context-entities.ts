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

/** Counts each name in a piece of prose into `counts` (see namesInProse). */
function countNamesInProse(text: string, stopwords: ReadonlySet<string>, counts: Map<string, number>): void {
  let run: string[] = [];
  const flush = () => {
    while (run.length && stopwords.has(run[0]!.toLocaleLowerCase())) run.shift();
    if (run.length && !(run.length === 1 && run[0]!.length < 3)) {
      const name = run.join(" ");
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    run = [];
  };
  for (const token of tokenize(text, { markup: false })) {
    if (!token.joinsPrevious || run.length === MAX_ENTITY_WORDS) flush();
    if (isCapitalised(token.text) && !/^\p{N}/u.test(token.text)) run.push(token.text);
    else flush();
  }
  flush();
}

/** Most mentioned first; equal counts keep the order of first mention. */
function byMentions(counts: Map<string, number>): string[] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
}

/**
 * The names in a piece of prose: runs of capitalised words ("Hope Uzodinma", "Imo State"),
 * without function words such as a sentence-initial "The", split at punctuation.
 */
export function namesInProse(text: string, stopwords: ReadonlySet<string>): string[] {
  const counts = new Map<string, number>();
  countNamesInProse(text, stopwords, counts);
  return byMentions(counts);
}

function listEntries(source: ContextSource): string[] {
  return [...new Set(source.content.split(/\r\n|\n|\r/).map((l) => l.trim()).filter(Boolean))];
}

export function entitiesFromContext(source: ContextSource, stopwords: ReadonlySet<string>): string[] {
  return LIST_TYPES.has(source.type.toLowerCase()) ? listEntries(source) : namesInProse(source.content, stopwords);
}

/**
 * Each candidate name costs time on every cue, so a request uses at most this many from its context
 * sources; 20 sources of prose can hold over 100,000 names.
 */
export const MAX_CONTEXT_ENTITIES = 5_000;

export interface ContextEntity {
  text: string;
  authority: number;
  sourceId: string | undefined;
}

/**
 * The candidate names of a request's context sources, at most `limit`: listed names first (someone
 * chose each), then names found in prose, the most mentioned across all sources first. A name found
 * in several sources keeps the highest authority.
 */
export function entitiesFromSources(sources: readonly ContextSource[], stopwords: ReadonlySet<string>, limit = MAX_CONTEXT_ENTITIES): { entities: ContextEntity[]; leftOut: number } {
  const best = new Map<string, ContextEntity>();
  const note = (text: string, source: ContextSource) => {
    const known = best.get(text);
    if (!known || source.authority > known.authority) best.set(text, { text, authority: source.authority, sourceId: source.sourceId });
  };
  const listed: string[] = [];
  const mentions = new Map<string, number>();
  for (const source of sources) {
    if (LIST_TYPES.has(source.type.toLowerCase())) {
      for (const name of listEntries(source)) {
        listed.push(name);
        note(name, source);
      }
    } else {
      const counts = new Map<string, number>();
      countNamesInProse(source.content, stopwords, counts);
      for (const [name, n] of counts) {
        mentions.set(name, (mentions.get(name) ?? 0) + n);
        note(name, source);
      }
    }
  }
  const ordered = [...new Set([...listed, ...byMentions(mentions)])];
  return { entities: ordered.slice(0, limit).map((name) => best.get(name)!), leftOut: Math.max(0, ordered.length - limit) };
}
