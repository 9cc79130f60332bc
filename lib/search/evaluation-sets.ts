import { asc, count, desc, eq, getTableColumns } from "drizzle-orm";
import { isUniqueViolation } from "@/db/connect";
import { inLane } from "@/db/pglite-turns";
import { evaluationSetItems, evaluationSetResults, evaluationSets, searchModeEnum, type EvaluationQueryScore, type EvaluationSetResult, type SearchMode } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { getEmbeddingProvider } from "@/lib/embeddings";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "./highlight";
import { mean, scoreRanking } from "./metrics";
import { embedWithModel, rankChunks, readSearchSettings } from "./rank";

export async function createEvaluationSet({ actor, name }: { actor: Actor; name: string }) {
  try {
    return await withTenant(actor, async (tx) => {
      const [set] = await tx.insert(evaluationSets).values({ tenantId: actor.tenantId, name, createdBy: actor.userId }).returning();
      await recordAudit(tx, actor, { action: "evaluation_set.created", targetType: "evaluation_set", targetId: set!.id, after: { name } });
      return set!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict:evaluation_set", `An evaluation set named “${name}” already exists.`);
    throw error;
  }
}

export async function deleteEvaluationSet({ actor, setId }: { actor: Actor; setId: string }): Promise<void> {
  await withTenant(actor, async (tx) => {
    const [set] = await tx.delete(evaluationSets).where(eq(evaluationSets.id, setId)).returning();
    if (!set) throw new AppError("not_found:evaluation_set", "That evaluation set no longer exists.");
    await recordAudit(tx, actor, { action: "evaluation_set.deleted", targetType: "evaluation_set", targetId: set.id, before: { name: set.name } });
  });
}

export async function addEvaluationItem({ actor, setId, query, documentIds, chunkIds }: { actor: Actor; setId: string; query: string; documentIds: string[]; chunkIds: string[] }) {
  if (documentIds.length + chunkIds.length === 0) throw new AppError("bad_request:evaluation_item", "Choose at least one document that should come back for this query.");
  return withTenant(actor, async (tx) => {
    const [set] = await tx.select({ id: evaluationSets.id }).from(evaluationSets).where(eq(evaluationSets.id, setId));
    if (!set) throw new AppError("not_found:evaluation_set", "That evaluation set no longer exists.");
    const [item] = await tx.insert(evaluationSetItems).values({ tenantId: actor.tenantId, setId, query, expectedDocumentIds: documentIds, expectedChunkIds: chunkIds }).returning();
    await recordAudit(tx, actor, { action: "evaluation_set.item_added", targetType: "evaluation_set", targetId: setId, after: { query, documentIds, chunkIds } });
    return item!;
  });
}

export async function deleteEvaluationItem({ actor, itemId }: { actor: Actor; itemId: string }): Promise<void> {
  await withTenant(actor, async (tx) => {
    const [item] = await tx.delete(evaluationSetItems).where(eq(evaluationSetItems.id, itemId)).returning();
    if (!item) throw new AppError("not_found:evaluation_item", "That query is no longer in the set.");
    await recordAudit(tx, actor, { action: "evaluation_set.item_removed", targetType: "evaluation_set", targetId: item.setId, before: { query: item.query } });
  });
}

export async function listEvaluationSets({ actor }: { actor: Actor }) {
  return withTenant(actor, async (tx) => {
    const sets = await tx.select().from(evaluationSets).orderBy(asc(evaluationSets.name));
    const counts = await tx.select({ setId: evaluationSetItems.setId, n: count() }).from(evaluationSetItems).groupBy(evaluationSetItems.setId);
    return sets.map((s) => ({ ...s, items: counts.find((c) => c.setId === s.id)?.n ?? 0 }));
  });
}

export async function getEvaluationSet({ actor, setId }: { actor: Actor; setId: string }) {
  return withTenant(actor, async (tx) => {
    const [set] = await tx.select().from(evaluationSets).where(eq(evaluationSets.id, setId));
    if (!set) throw new AppError("not_found:evaluation_set", "That evaluation set does not exist in this workspace.");
    const items = await tx.select().from(evaluationSetItems).where(eq(evaluationSetItems.setId, setId)).orderBy(asc(evaluationSetItems.createdAt));
    // Per-query scores and top results are read by the per-query view (evaluation-report.ts), not sent with every set.
    const { perQuery: _perQuery, ...summary } = getTableColumns(evaluationSetResults);
    const results = await tx.select(summary).from(evaluationSetResults).where(eq(evaluationSetResults.setId, setId)).orderBy(desc(evaluationSetResults.createdAt)).limit(60);
    return { set, items, results };
  });
}

/** How many of each query's results a run keeps for the per-query view. */
export const TOP_RESULTS = 3;
const SNIPPET_CHARS = 240;

/** A snippet cut to a readable length at a word, never inside a highlight. */
function shortSnippet(snippet: string): string {
  if (snippet.length <= SNIPPET_CHARS) return snippet;
  let cut = snippet.lastIndexOf(" ", SNIPPET_CHARS);
  if (cut < SNIPPET_CHARS / 2) cut = SNIPPET_CHARS;
  let text = snippet.slice(0, cut);
  if (text.lastIndexOf(HIGHLIGHT_START) > text.lastIndexOf(HIGHLIGHT_END)) text += HIGHLIGHT_END;
  return `${text}…`;
}

/**
 * Scores every mode on the set's labelled queries (recall@k, MRR, nDCG@10) with the current model and
 * settings, and stores one result per mode, so a change shows its effect over time.
 */
export async function runEvaluation({ actor, setId, k = 10 }: { actor: Actor; setId: string; k?: number }): Promise<EvaluationSetResult[]> {
  const embedder = getEmbeddingProvider();
  const { items } = await getEvaluationSet({ actor, setId });
  if (items.length === 0) throw new AppError("bad_request:evaluation_set", "Add at least one labelled query before running the evaluation.");
  const vectors = await embedWithModel(embedder, items.map((i) => i.query));
  const settings = await withTenant(actor, (tx) => readSearchSettings(tx, actor.tenantId));
  // Each query is its own short transaction in the search lane, so a long set shares the embedded engine.
  const scored: { mode: SearchMode; perQuery: EvaluationQueryScore[] }[] = [];
  for (const mode of searchModeEnum.enumValues) {
    const perQuery: EvaluationQueryScore[] = [];
    for (const [n, item] of items.entries()) {
      const request = { tenantId: actor.tenantId, mode, text: item.query, modelVector: vectors[n], topK: Math.max(k, 10) };
      const { rows } = await inLane("searches", () => withTenant(actor, (tx) => rankChunks(tx, embedder, request, settings)));
      const m = scoreRanking(rows.map((r) => ({ chunkId: r.id, documentId: r.document_id })), { documentIds: item.expectedDocumentIds, chunkIds: item.expectedChunkIds }, k);
      const top = rows.slice(0, TOP_RESULTS).map((r, i) => ({
        rank: i + 1,
        chunkId: r.id,
        documentId: r.document_id,
        filename: r.filename,
        snippet: shortSnippet(r.snippet),
        expected: item.expectedChunkIds.includes(r.id) || item.expectedDocumentIds.includes(r.document_id),
      }));
      perQuery.push({ itemId: item.id, query: item.query, recall: m.recall, reciprocalRank: m.reciprocalRank, ndcg: m.ndcg, top });
    }
    scored.push({ mode, perQuery });
  }
  return withTenant(actor, async (tx) => {
    const stored: EvaluationSetResult[] = [];
    for (const { mode, perQuery } of scored) {
      const [row] = await tx
        .insert(evaluationSetResults)
        .values({
          tenantId: actor.tenantId,
          setId,
          mode,
          k,
          recallAtK: mean(perQuery.map((q) => q.recall)),
          mrr: mean(perQuery.map((q) => q.reciprocalRank)),
          ndcgAt10: mean(perQuery.map((q) => q.ndcg)),
          queryCount: items.length,
          embeddingModel: embedder.model,
          perQuery,
          createdBy: actor.userId,
        })
        .returning();
      stored.push(row!);
    }
    await recordAudit(tx, actor, { action: "evaluation_set.run", targetType: "evaluation_set", targetId: setId, after: Object.fromEntries(stored.map((r) => [r.mode, { recallAtK: r.recallAtK, mrr: r.mrr, ndcgAt10: r.ndcgAt10 }])) });
    return stored;
  });
}

