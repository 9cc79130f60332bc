import { and, eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { evaluationRuns, searchResultFeedback, type Feedback } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";

/** The actor's own run: a key rates its own searches, a person theirs. */
function ownRun(actor: Actor, runId: string) {
  const owner = actor.apiKeyId ? eq(evaluationRuns.apiKeyId, actor.apiKeyId) : eq(evaluationRuns.userId, actor.userId ?? "");
  return and(eq(evaluationRuns.id, runId), owner);
}

/**
 * A run's summary of its ratings, kept in evaluation_runs.user_feedback for the dashboard's rollup:
 * thumbs_up when any result (or, before per-result feedback, the list) helped, thumbs_down when
 * something was rated and nothing helped, null when nothing is rated.
 */
export async function summariseRun(tx: Transaction, runId: string): Promise<Feedback | null> {
  const [row] = await tx
    .select({ up: sql<number>`count(*) FILTER (WHERE ${searchResultFeedback.rating} = 'thumbs_up')::int`, all: sql<number>`count(*)::int` })
    .from(searchResultFeedback)
    .where(eq(searchResultFeedback.runId, runId));
  const summary: Feedback | null = row!.up > 0 ? "thumbs_up" : row!.all > 0 ? "thumbs_down" : null;
  await tx
    .update(evaluationRuns)
    .set({ userFeedback: summary })
    .where(and(eq(evaluationRuns.id, runId), sql`${evaluationRuns.userFeedback} IS DISTINCT FROM ${summary}::user_feedback`));
  return summary;
}

export interface ResultRating {
  runId: string;
  /** The result: its chunk (absent only in runs seeded before chunks existed) and its document. */
  chunkId?: string;
  documentId: string;
  /** null takes the rating back. */
  rating: Feedback | null;
}

/**
 * Helpful or not helpful on one result of one's own search, stored per (run, chunk/document) and
 * audited; the run's summary follows in the same transaction.
 */
export async function rateResult({ actor, input }: { actor: Actor; input: ResultRating }): Promise<{ rating: Feedback | null; runFeedback: Feedback | null }> {
  const { runId, documentId, rating } = input;
  const chunkId = input.chunkId ?? null;
  return withTenant(actor, async (tx) => {
    const [run] = await tx
      .select({ sources: evaluationRuns.sources, createdAt: evaluationRuns.createdAt, mode: evaluationRuns.mode })
      .from(evaluationRuns)
      .where(ownRun(actor, runId));
    if (!run) throw new AppError("not_found:search", "That search is not yours or no longer exists.");
    const source = run.sources.find((s) => s.documentId === documentId && (s.chunkId ?? null) === chunkId);
    if (!source) throw new AppError("not_found:search_result", "That result is not one of this search's results.");
    const same = and(
      eq(searchResultFeedback.runId, runId),
      eq(searchResultFeedback.documentId, documentId),
      chunkId === null ? sql`${searchResultFeedback.chunkId} IS NULL` : eq(searchResultFeedback.chunkId, chunkId),
    );
    const [before] = await tx.select({ rating: searchResultFeedback.rating }).from(searchResultFeedback).where(same);
    if (rating === null) {
      await tx.delete(searchResultFeedback).where(same);
    } else if (before) {
      await tx.update(searchResultFeedback).set({ rating, userId: actor.userId ?? null, apiKeyId: actor.apiKeyId ?? null }).where(same);
    } else {
      await tx.insert(searchResultFeedback).values({
        tenantId: actor.tenantId,
        runId,
        chunkId,
        documentId,
        rank: source.rank,
        rating,
        userId: actor.userId,
        apiKeyId: actor.apiKeyId,
        runCreatedAt: run.createdAt,
        mode: run.mode,
      });
    }
    const runFeedback = await summariseRun(tx, runId);
    await recordAudit(tx, actor, {
      action: "search.rate_result",
      targetType: "evaluation_run",
      targetId: runId,
      before: { rating: before?.rating ?? null },
      after: { rating, rank: source.rank, documentId, ...(chunkId ? { chunkId } : {}) },
    });
    return { rating, runFeedback };
  });
}

/** A comment on one's own search ("what was wrong?"), shown with it on the dashboard. */
export async function commentOnSearch({ actor, runId, comment }: { actor: Actor; runId: string; comment: string }): Promise<void> {
  await withTenant(actor, async (tx) => {
    const updated = await tx
      .update(evaluationRuns)
      .set({ metadata: sql`${evaluationRuns.metadata} || ${JSON.stringify({ comment })}::jsonb` })
      .where(ownRun(actor, runId))
      .returning({ id: evaluationRuns.id });
    if (updated.length === 0) throw new AppError("not_found:search", "That search is not yours or no longer exists.");
    await recordAudit(tx, actor, { action: "search.comment", targetType: "evaluation_run", targetId: runId, after: { comment } });
  });
}

/** The ratings of a run, per result, for its page. List-level ratings (from before) have no document. */
export async function getRunRatings(tx: Transaction, runId: string) {
  return tx
    .select({ chunkId: searchResultFeedback.chunkId, documentId: searchResultFeedback.documentId, rank: searchResultFeedback.rank, rating: searchResultFeedback.rating })
    .from(searchResultFeedback)
    .where(eq(searchResultFeedback.runId, runId));
}
