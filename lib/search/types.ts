import { z } from "zod";
import type { ChunkMetadata, SearchMode } from "@/db/schema";
import { searchModeEnum } from "@/db/schema";
import { DOCUMENT_KINDS } from "@/lib/ingest/kinds";

export const MAX_TOP_K = 50;

// JavaScript dates reach year 275760 and year 0; PostgreSQL timestamps refuse year 0.
const searchDate = z.coerce
  .date()
  .min(new Date("0001-01-01T00:00:00Z"), "Dates start at 0001-01-01.")
  .max(new Date("9999-12-31T23:59:59.999Z"), "Dates end at 9999-12-31.");

export const searchInputSchema = z.object({
  query: z.string().trim().min(1, "Type something to search for.").max(500, "Keep the query under 500 characters."),
  mode: z.enum(searchModeEnum.enumValues).default("hybrid"),
  topK: z.coerce.number().int().min(1).max(MAX_TOP_K).default(10),
  documentIds: z.array(z.uuid()).max(100).optional(),
  kinds: z.array(z.enum(DOCUMENT_KINDS)).max(DOCUMENT_KINDS.length).optional(),
  from: searchDate.optional(),
  to: searchDate.optional(),
});
export type SearchInput = z.infer<typeof searchInputSchema>;

/** Why a result is where it is: each retriever's rank and score, and the fused score. */
export interface Explanation {
  /** Cosine distance between query and chunk vectors (0 = same direction, 2 = opposite). */
  vectorDistance: number | null;
  /** Rank among the semantic candidates (1 = nearest), null when not among them. */
  vectorRank: number | null;
  /** Rank among the full-text matches (1 = best ts_rank_cd), null when the words did not match. */
  fulltextRank: number | null;
  fulltextScore: number | null;
  /** Reciprocal rank fusion: sum of 1/(60 + rank) over the retrievers that found it. */
  fusedScore: number | null;
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
  explanation: Explanation;
}

export interface SearchResponse {
  runId: string;
  mode: SearchMode;
  query: string;
  results: SearchResult[];
  latencyMs: number;
  qualityScore: number;
}
