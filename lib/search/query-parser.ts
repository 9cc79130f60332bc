/**
 * The one parser of search queries, in the web-search syntax of OR-by-default engines (Lucene's
 * simple query string, Elasticsearch, OpenSearch): plain words are alternatives ranked by BM25 (an
 * explicit OR changes nothing), a "quoted phrase" ranks chunks with that exact phrase higher,
 * +word or +"a phrase" must occur, and -word or -"a phrase" must not. A hyphenated compound stays
 * one token (PostgreSQL indexes it and its parts, so it matches either); other punctuation splits
 * words, and a path- or address-like token is also kept whole so it can still match the same text
 * indexed as one unit. Stemming and stop words belong to the workspace's text configuration.
 */
export interface ParsedQuery {
  /** Pieces of text whose lexemes are the scored terms: plain words, compounds and phrase words. */
  terms: string[];
  /** Quoted phrases of two or more words: a chunk containing one scores its words once more. */
  phrases: string[];
  /** Words or phrases every result must contain. */
  required: string[];
  /** Words or phrases no result may contain. */
  excluded: string[];
}

/** At most this many phrases, requirements or exclusions count; the rest are read as plain words. */
export const MAX_CLAUSES = 8;

// Control characters (NUL included) and Unicode line and paragraph separators.
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const WORD_PART = /[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu;
// A token with inner dots, slashes, @, colons or underscores (a host, a path, an address, a version).
const WHOLE_TOKEN = /^[\p{L}\p{N}]+(?:[./@:_\\-][\p{L}\p{N}]+)*$/u;

interface Item {
  kind: "word" | "phrase";
  text: string;
  sign: "+" | "-" | null;
}

function lex(input: string): Item[] {
  const items: Item[] = [];
  const text = input.replace(CONTROL, " ");
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    const signed = (text[i] === "-" || text[i] === "+") && i + 1 < text.length && !/\s/.test(text[i + 1]!);
    const sign = signed ? (text[i] as "+" | "-") : null;
    const start = signed ? i + 1 : i;
    if (text[start] === '"') {
      const close = text.indexOf('"', start + 1);
      // An unbalanced quote is read as plain words, not as a phrase to the end of the query.
      if (close !== -1) {
        items.push({ kind: "phrase", text: text.slice(start + 1, close), sign });
        i = close + 1;
      } else {
        i = start + 1;
      }
      continue;
    }
    let end = start;
    while (end < text.length && !/\s/.test(text[end]!) && text[end] !== '"') end++;
    const token = text.slice(start, end);
    if (token && !(token === "OR" && !sign)) items.push({ kind: "word", text: token, sign });
    i = end;
  }
  return items;
}

/** The searchable forms of a token: its words (compounds kept) and, for a path-like token, itself. */
export function normaliseToken(token: string): string[] {
  const parts = token.match(WORD_PART) ?? [];
  const core = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  if (parts.length > 1 && WHOLE_TOKEN.test(core) && /[./@:_\\]/.test(core)) return [core, ...parts];
  return parts;
}

export function parseQuery(input: string): ParsedQuery {
  const parsed: ParsedQuery = { terms: [], phrases: [], required: [], excluded: [] };
  for (const item of lex(input)) {
    const words = item.kind === "phrase" ? (item.text.match(WORD_PART) ?? []) : normaliseToken(item.text);
    if (words.length === 0) continue;
    const text = words.join(" ");
    if (item.sign === "-") {
      if (parsed.excluded.length < MAX_CLAUSES) parsed.excluded.push(item.kind === "phrase" ? text : words[0]!);
      continue;
    }
    parsed.terms.push(...words);
    if (item.sign === "+" && parsed.required.length < MAX_CLAUSES) parsed.required.push(item.kind === "phrase" ? text : words[0]!);
    else if (item.kind === "phrase" && words.length > 1 && parsed.phrases.length < MAX_CLAUSES) parsed.phrases.push(text);
  }
  return parsed;
}
