import winkBm25 from "wink-bm25-text-search";
import { stemmer } from "stemmer";
import { stopwordsFor } from "@/lib/corrections/stopwords";

const STOP_WORDS = stopwordsFor("en");

/** Lower-cased words and numbers, English stop words removed, Porter-stemmed. */
export function referenceTokens(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !STOP_WORDS.has(w)).map((w) => stemmer(w));
}

/**
 * The textbook BM25 every quality figure is compared with: wink-bm25-text-search (k1 1.2, b 0.75,
 * idf ln(1 + (N - n + 0.5) / (n + 0.5))) over whole documents, with English stop words (the
 * `stopword` package's list) and the Porter stemmer (`stemmer`). Independent of PostgreSQL on purpose.
 */
export function bm25Reference(documents: { id: string; text: string }[], params: { k1: number; b: number } = { k1: 1.2, b: 0.75 }) {
  const engine = winkBm25();
  engine.defineConfig({ fldWeights: { text: 1 }, bm25Params: { k1: params.k1, b: params.b, k: 1 } });
  engine.definePrepTasks([referenceTokens as (input: never) => unknown]);
  for (const doc of documents) engine.addDoc({ text: doc.text }, doc.id);
  engine.consolidate(9);
  return { search: (query: string, limit: number): string[] => engine.search(query, limit).map(([id]) => String(id)) };
}
