import { eq, inArray } from "drizzle-orm";
import { documents, evaluationRuns, type EvaluationSource } from "@/db/schema";
import { getRunRatings } from "./result-feedback";
import { inLane } from "@/db/pglite-turns";
import { getEmbeddingProvider } from "@/lib/embeddings";
import { AppError } from "@/lib/errors";
import { countTokens } from "@/lib/ingest/chunker";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { semanticLabel } from "@/lib/embeddings/provider";
import { embedWithModel, rankChunks, readSearchSettings } from "./rank";
import { RRF_K, type RankingSettings } from "./ranking-settings";
import type { RetrievedRow } from "./retrieve";
import type { SearchInput, SearchResponse, SearchResult } from "./types";

/** A result scoring under this share of the best one is a weaker match. */
export const WEAK_SHARE = 0.5;

function toResult(row: RetrievedRow, index: number, top: number, ranking: RankingSettings): SearchResult {
  const score = Number(row.score);
  const num = (v: number | null) => (v === null ? null : Number(v));
  return {
    rank: index + 1,
    chunkId: row.id,
    documentId: row.document_id,
    filename: row.filename,
    mimeType: row.mime_type,
    ordinal: row.ordinal,
    metadata: row.metadata,
    snippet: row.snippet,
    score,
    weak: top > 0 && score < top * WEAK_SHARE,
    explanation: {
      vectorDistance: num(row.distance),
      conceptSimilarity: num(row.concept_similarity),
      vectorRank: row.sem_rank,
      fulltextRank: row.ft_rank,
      fulltextScore: num(row.ft_score),
      semanticPart: num(row.sem_norm),
      fulltextPart: num(row.ft_norm),
      fusedScore: num(row.fused),
      fusion: row.fused === null ? null : ranking.fusion === "rrf" ? { method: "rrf", k: RRF_K } : { method: "convex", alpha: ranking.alpha },
      terms: row.terms ?? [],
      matchedSemantic: row.sem_rank !== null,
      matchedFulltext: Boolean(row.matched_fulltext),
    },
  };
}

/** Rows in rank order as results, each marked weak when it falls below half the best score. */
export function toResults(rows: RetrievedRow[], ranking: RankingSettings): SearchResult[] {
  const top = rows.length ? Number(rows[0]!.score) : 0;
  return rows.map((row, i) => toResult(row, i, top, ranking));
}

/**
 * The quality score of a search: the cosine similarity between the query and the closest result,
 * whichever mode found it (0 with no results). With the offline embedder it reads as "how much of
 * the query's wording the best passage shares"; with a semantic model, how close in meaning it is.
 */
export function qualityOf(results: SearchResult[]): number {
  const best = Math.max(0, ...results.map((r) => (r.explanation.vectorDistance === null ? 0 : 1 - r.explanation.vectorDistance)));
  return Math.round(Math.min(1, best) * 1000) / 1000;
}

/** Runs a search in the actor's workspace and records it as an evaluation run. */
export async function search({ actor, input }: { actor: Actor; input: SearchInput }): Promise<SearchResponse> {
  const started = performance.now();
  const embedder = getEmbeddingProvider();
  const [modelVector] = await embedWithModel(embedder, [input.query]);
  // In the searches lane: fifty queued searches must not hold up an upload on the embedded engine.
  return inLane("searches", () => withTenant(actor, async (tx) => {
    const settings = await readSearchSettings(tx, actor.tenantId);
    const { rows, notice } = await rankChunks(
      tx,
      embedder,
      { tenantId: actor.tenantId, mode: input.mode, text: input.query, topK: input.topK, modelVector, documentIds: input.documentIds, kinds: input.kinds, from: input.from, to: input.to },
      settings,
    );
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const results = toResults(rows, settings.ranking);
    const qualityScore = qualityOf(results);
    const [run] = await tx
      .insert(evaluationRuns)
      .values({
        tenantId: actor.tenantId,
        userId: actor.userId,
        apiKeyId: actor.apiKeyId,
        query: input.query,
        mode: input.mode,
        sources: results.map((r) => ({ chunkId: r.chunkId, documentId: r.documentId, rank: r.rank, score: r.score })),
        latencyMs,
        tokenCount: countTokens(input.query),
        qualityScore,
        metadata: {
          topK: input.topK,
          model: embedder.model,
          ranking: settings.ranking,
          filters: { documentIds: input.documentIds, kinds: input.kinds, from: input.from, to: input.to },
        },
      })
      .returning({ id: evaluationRuns.id });
    return {
      runId: run!.id,
      mode: input.mode,
      query: input.query,
      results,
      latencyMs,
      qualityScore,
      notice,
      semantic: { kind: embedder.kind, model: embedder.model, label: semanticLabel(embedder) },
    };
  }));
}

/** One evaluation run with its sources named, for the dashboard's drill-down and for checks. */
export async function getEvaluationRun({ actor, id }: { actor: Actor; id: string }) {
  return withTenant(actor, async (tx) => {
    const [run] = await tx.select().from(evaluationRuns).where(eq(evaluationRuns.id, id));
    if (!run) throw new AppError("not_found:evaluation_run", "That search run does not exist in this workspace.");
    const documentIds = [...new Set(run.sources.map((s) => s.documentId))];
    const names = documentIds.length
      ? await tx.select({ id: documents.id, filename: documents.filename }).from(documents).where(inArray(documents.id, documentIds))
      : [];
    const filename = new Map(names.map((n) => [n.id, n.filename]));
    const ratings = await getRunRatings(tx, id);
    const ratingOf = (s: EvaluationSource) => ratings.find((r) => r.documentId === s.documentId && r.chunkId === (s.chunkId ?? null))?.rating ?? null;
    // A rating of the whole list, from before per-result feedback.
    const listRating = ratings.find((r) => r.documentId === null && r.chunkId === null)?.rating ?? null;
    return { ...run, listRating, sources: run.sources.map((s) => ({ ...s, filename: filename.get(s.documentId) ?? null, rating: ratingOf(s) })) };
  });
}
