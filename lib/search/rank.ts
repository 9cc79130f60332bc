import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { queryRows } from "@/db/connect";
import { tenants, type SearchMode } from "@/db/schema";
import { HashingEmbedder, tokenize, type WordWeight } from "@/lib/embeddings/hashing-embedder";
import type { EmbeddingProvider } from "@/lib/embeddings/provider";
import type { DocumentKind } from "@/lib/ingest/kinds";
import { parseQuery } from "./query-parser";
import { rankingOf, type RankingSettings } from "./ranking-settings";
import { prepareRetrieval, retrieve, type RetrievedRow } from "./retrieve";
import { DEFAULT_TEXT_CONFIG } from "./text-language";

export interface SearchSettings {
  ranking: RankingSettings;
  textConfig: string;
}

/** The workspace's ranking settings and text search configuration, defaults filled in. */
export async function readSearchSettings(tx: Executor, tenantId: string): Promise<SearchSettings> {
  const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  return { ranking: rankingOf(tenant?.settings.ranking), textConfig: tenant?.settings.textConfig ?? DEFAULT_TEXT_CONFIG };
}

export interface RankRequest {
  tenantId: string;
  mode: SearchMode;
  text: string;
  topK: number;
  /** The query's vector from an embedding model, made before the transaction (a network call). */
  modelVector?: number[];
  documentIds?: string[];
  kinds?: DocumentKind[];
  from?: Date;
  to?: Date;
}

export interface Ranked {
  rows: RetrievedRow[];
  /** Why nothing could match, when the query is the reason. */
  notice: string | null;
}

export const NOTICE_NO_WORDS = "Type a word to search for: punctuation and exclusions alone match nothing.";
export const NOTICE_STOP_WORDS = "Your query has only very common words (like “the” or “of”), which are not indexed. Add a more specific word.";
export const NOTICE_UNKNOWN_WORDS = "None of these words occur in this workspace's documents.";

/**
 * The query's words as the workspace sees them: how many of its lexemes the index knows, and each
 * word's rarity (idf over the largest possible idf), which weights the offline embedder's query.
 */
async function analyseQuery(tx: Executor, tenantId: string, textConfig: string, terms: string, words: string[]) {
  const rows = await queryRows<{ word: string | null; lexemes: number; known: number; concepts: boolean; idf: number | null; max_idf: number }>(
    tx,
    sql`with corpus as (select coalesce(max(chunks), 0)::float8 as n from chunk_corpus_stats where tenant_id = ${tenantId}),
        query as (
          select count(*)::int as lexemes, count(s.lexeme)::int as known
          from unnest(to_tsvector(${textConfig}::regconfig, ${terms})) u
            left join chunk_lexeme_stats s on s.tenant_id = ${tenantId} and s.lexeme = u.lexeme
        )
        select w.word, query.lexemes, query.known, ln(1 + (corpus.n + 0.5) / 0.5) as max_idf,
               exists (select 1 from concept_models where tenant_id = ${tenantId} and dimensions > 0) as concepts,
               (select max(ln(1 + (corpus.n - coalesce(s.chunks, 0) + 0.5) / (coalesce(s.chunks, 0) + 0.5)))
                from unnest(tsvector_to_array(to_tsvector(${textConfig}::regconfig, w.word))) l(lexeme)
                  left join chunk_lexeme_stats s on s.tenant_id = ${tenantId} and s.lexeme = l.lexeme) as idf
        from query, corpus left join unnest(string_to_array(nullif(${words.join(" ")}, ''), ' ')) w(word) on true`,
  );
  const weights = new Map(rows.filter((r) => r.word !== null).map((r) => [r.word!, r.idf === null ? 0 : Number(r.idf) / Number(r.max_idf)]));
  const weightOf: WordWeight | undefined = [...weights.values()].some((w) => w > 0) ? (word) => weights.get(word) ?? 1 : undefined;
  return { lexemes: rows[0]?.lexemes ?? 0, known: rows[0]?.known ?? 0, concepts: rows[0]?.concepts ?? false, weightOf };
}

/**
 * Ranks a workspace's chunks for one query, inside the caller's withTenant transaction: parse, read
 * the workspace's settings (or the ones being tried), embed the query (the offline embedder with
 * the workspace's word rarity), and run the one retrieval statement.
 */
export async function rankChunks(tx: Executor, embedder: EmbeddingProvider, request: RankRequest, override?: SearchSettings): Promise<Ranked> {
  const settings = override ?? (await readSearchSettings(tx, request.tenantId));
  const query = parseQuery(request.text);
  if (query.terms.length === 0) return { rows: [], notice: NOTICE_NO_WORDS };
  const words = [...new Set(tokenize(request.text))].slice(0, 100);
  const analysis = await analyseQuery(tx, request.tenantId, settings.textConfig, query.terms.join(" "), words);
  const semanticOnly = request.mode === "semantic" && embedder.kind === "model";
  if (analysis.lexemes === 0 && !semanticOnly) return { rows: [], notice: NOTICE_STOP_WORDS };
  if (analysis.known === 0 && request.mode === "fulltext") return { rows: [], notice: NOTICE_UNKNOWN_WORDS };
  const vector = request.modelVector ?? (embedder instanceof HashingEmbedder ? embedder.embedOne(request.text, analysis.weightOf) : (await embedder.embed([request.text]))[0]!);
  const { vectorsWaiting } = await prepareRetrieval(tx, request.tenantId);
  // A model's vectors carry meaning already; the concept model stands in for them with the offline embedder.
  const concepts = embedder.kind === "lexical" && analysis.concepts;
  const rows = await retrieve(tx, { ...request, query, vector, model: embedder.model, concepts, textConfig: settings.textConfig, ranking: settings.ranking, vectorsWaiting });
  return { rows, notice: rows.length === 0 && analysis.known === 0 ? NOTICE_UNKNOWN_WORDS : null };
}

/** Vectors a model must make before the transaction opens; the offline embedder works inside it. */
export async function embedWithModel(embedder: EmbeddingProvider, texts: string[]): Promise<(number[] | undefined)[]> {
  return embedder.kind === "model" ? embedder.embed(texts) : texts.map(() => undefined);
}
