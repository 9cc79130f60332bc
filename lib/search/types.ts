import { z } from "zod";
import type { ChunkMetadata, SearchMode } from "@/db/schema";
import { searchModeEnum } from "@/db/schema";
import { DOCUMENT_KINDS } from "@/lib/ingest/kinds";
import { MAX_QUERY_CHARS } from "./limits";
import type { TermContribution } from "./retrieve";

export const MAX_TOP_K = 50;

// JavaScript dates reach year 275760 and year 0; PostgreSQL timestamps refuse year 0.
const searchDate = z.coerce
  .date()
  .min(new Date("0001-01-01T00:00:00Z"), "Dates start at 0001-01-01.")
  .max(new Date("9999-12-31T23:59:59.999Z"), "Dates end at 9999-12-31.");

export const searchInputSchema = z.object({
  query: z.string().trim().min(1, "Type something to search for.").max(MAX_QUERY_CHARS, `Keep the query under ${MAX_QUERY_CHARS} characters.`),
  mode: z.enum(searchModeEnum.enumValues).default("hybrid"),
  topK: z.coerce.number().int().min(1).max(MAX_TOP_K).default(10),
  documentIds: z.array(z.uuid()).max(100).optional(),
  kinds: z.array(z.enum(DOCUMENT_KINDS)).max(DOCUMENT_KINDS.length).optional(),
  from: searchDate.optional(),
  to: searchDate.optional(),
});
export type SearchInput = z.infer<typeof searchInputSchema>;

/** Why a result is where it is: each retriever's rank and score, their normalised parts and the fusion. */
export interface Explanation {
  /** Cosine distance between query and chunk vectors (0 = same direction, 2 = opposite). */
  vectorDistance: number | null;
  /**
   * Hybrid with the offline embedder once the workspace has a concept model: the cosine similarity
   * of query and chunk in it (lib/search/concepts), which is then hybrid's semantic part; else null.
   */
  conceptSimilarity: number | null;
  /** Rank among the semantic candidates (1 = nearest), null when not among them. */
  vectorRank: number | null;
  /** Rank among the full-text candidates (1 = best BM25), null when not among them. */
  fulltextRank: number | null;
  /** BM25 score (0 when no query word occurs in the chunk). */
  fulltextScore: number | null;
  /** Hybrid: each part min-max normalised over this query's candidates (0..1). */
  semanticPart: number | null;
  fulltextPart: number | null;
  /** Hybrid: the fused score and how it was made. */
  fusedScore: number | null;
  fusion: { method: "convex"; alpha: number } | { method: "rrf"; k: number } | null;
  /** Each query term's idf, term frequency in the chunk, query weight and BM25 contribution. */
  terms: TermContribution[];
  matchedSemantic: boolean;
  matchedFulltext: boolean;
}

export interface SearchResult {
  rank: number;
  chunkId: string;
  documentId: string;
  filename: string;
  mimeType: string;
  ordinal: number;
  metadata: ChunkMetadata;
  /** The passage with matching words between \u0001 and \u0002, to highlight without trusting HTML. */
  snippet: string;
  score: number;
  /** Below half the best result's score: shown apart as a weaker match, not as an equal. */
  weak: boolean;
  explanation: Explanation;
}

export interface SearchResponse {
  runId: string;
  mode: SearchMode;
  query: string;
  results: SearchResult[];
  latencyMs: number;
  qualityScore: number;
  /** Why the list is empty or narrower than asked, when the query itself is the reason. */
  notice: string | null;
  /** What "semantic" means here: the embedding model's name, or that it is approximate. */
  semantic: { kind: "model" | "lexical"; model: string; label: string };
}
