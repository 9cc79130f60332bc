import { and, asc, desc, eq, sql } from "drizzle-orm";
import { evaluationSetItems, evaluationSetResults, evaluationSets, searchModeEnum, type EvaluationTopResult, type SearchMode } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";

export const REPORT_MODES = searchModeEnum.enumValues;
export const REPORT_SORTS = ["order", "query", "score", "change"] as const;
export type ReportSort = (typeof REPORT_SORTS)[number];
export const REPORT_PAGE_SIZE = 20;
/** A change in nDCG@10 smaller than this is a tie, not a win or a loss. */
export const TIE = 1e-9;

export interface ModeScore {
  recall: number;
  reciprocalRank: number;
  ndcg: number;
  top: EvaluationTopResult[] | null;
}

export interface QueryReport {
  itemId: string;
  query: string;
  /** Where the query sits in the set (its order of addition), for the default sort. */
  position: number;
  modes: Partial<Record<SearchMode, ModeScore>>;
  /** The same query's nDCG@10 per mode in the previous run of the set, when it was in it. */
  previous: Partial<Record<SearchMode, number>>;
}

export interface ReportRun {
  /** The run's key: the instant its scores were stored (one transaction for all modes). */
  at: string;
  k: number;
  embeddingModel: string;
  queryCount: number;
}

/** The change of one query's nDCG@10 in `mode` since the previous run; null when either is missing. */
export function changeOf(q: QueryReport, mode: SearchMode): number | null {
  const now = q.modes[mode]?.ndcg;
  const before = q.previous[mode];
  return now === undefined || before === undefined ? null : now - before;
}

/** Wins (better), losses (worse) and ties of this run against the previous one in `mode`. */
export function winsAndLosses(queries: QueryReport[], mode: SearchMode) {
  let wins = 0;
  let losses = 0;
  let ties = 0;
  for (const q of queries) {
    const change = changeOf(q, mode);
    if (change === null) continue;
    if (change > TIE) wins++;
    else if (change < -TIE) losses++;
    else ties++;
  }
  return { wins, losses, ties };
}

/**
 * The queries in the asked order: the set's own, by query text, by score (nDCG@10 in `mode`) or by
 * change since the previous run; missing values go last either way, ties keep the set's order.
 */
export function sortQueries(queries: QueryReport[], { sort, dir, mode }: { sort: ReportSort; dir: "asc" | "desc"; mode: SearchMode }): QueryReport[] {
  const key = (q: QueryReport): number | string | null =>
    sort === "query" ? q.query.toLocaleLowerCase() : sort === "score" ? (q.modes[mode]?.ndcg ?? null) : sort === "change" ? changeOf(q, mode) : q.position;
  const sign = dir === "asc" ? 1 : -1;
  return [...queries].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x === null || y === null) return x === y ? a.position - b.position : x === null ? 1 : -1;
    const c = typeof x === "string" ? x.localeCompare(y as string) : x - (y as number);
    return c === 0 ? a.position - b.position : sign * c;
  });
}

/**
 * One evaluation run of a set, query by query: each query's scores per mode with its top results as
 * they came back, and its nDCG@10 in the run before (for wins and losses). `at` picks the run;
 * without it, the latest. Runs are the groups of per-mode results stored together.
 */
export async function getEvaluationReport({ actor, setId, at }: { actor: Actor; setId: string; at?: string }) {
  return withTenant(actor, async (tx) => {
    const [set] = await tx.select({ id: evaluationSets.id, name: evaluationSets.name }).from(evaluationSets).where(eq(evaluationSets.id, setId));
    if (!set) throw new AppError("not_found:evaluation_set", "That evaluation set does not exist in this workspace.");
    const heads = await tx
      .select({ createdAt: evaluationSetResults.createdAt, k: evaluationSetResults.k, embeddingModel: evaluationSetResults.embeddingModel, queryCount: evaluationSetResults.queryCount })
      .from(evaluationSetResults)
      .where(eq(evaluationSetResults.setId, setId))
      .orderBy(desc(evaluationSetResults.createdAt));
    const runs: ReportRun[] = [];
    for (const h of heads) {
      const key = h.createdAt.toISOString();
      if (runs.at(-1)?.at !== key) runs.push({ at: key, k: h.k, embeddingModel: h.embeddingModel, queryCount: h.queryCount });
    }
    const index = at ? runs.findIndex((r) => r.at === at) : 0;
    if (at && index === -1) throw new AppError("not_found:evaluation_run", "That run of the set does not exist.");
    const current = runs[index] ?? null;
    const previous = runs[index + 1] ?? null;
    if (!current) return { set, runs, current: null, previous: null, queries: [] as QueryReport[] };

    const rowsAt = (iso: string) =>
      tx
        .select({ mode: evaluationSetResults.mode, perQuery: evaluationSetResults.perQuery })
        .from(evaluationSetResults)
                // Timestamps carry microseconds; a run's key has milliseconds.
        .where(and(eq(evaluationSetResults.setId, setId), sql`date_trunc('milliseconds', ${evaluationSetResults.createdAt}) = ${iso}::timestamptz`));
    const items = await tx.select({ id: evaluationSetItems.id }).from(evaluationSetItems).where(eq(evaluationSetItems.setId, setId)).orderBy(asc(evaluationSetItems.createdAt));
    const order = new Map(items.map((item, i) => [item.id, i]));
    const byItem = new Map<string, QueryReport>();
    for (const row of await rowsAt(current.at)) {
      for (const [n, q] of row.perQuery.entries()) {
        const report = byItem.get(q.itemId) ?? { itemId: q.itemId, query: q.query, position: order.get(q.itemId) ?? items.length + n, modes: {}, previous: {} };
        report.modes[row.mode] = { recall: q.recall, reciprocalRank: q.reciprocalRank, ndcg: q.ndcg, top: q.top ?? null };
        byItem.set(q.itemId, report);
      }
    }
    if (previous) {
      for (const row of await rowsAt(previous.at)) {
        for (const q of row.perQuery) {
          const report = byItem.get(q.itemId);
          if (report) report.previous[row.mode] = q.ndcg;
        }
      }
    }
    const queries = [...byItem.values()].sort((a, b) => a.position - b.position);
    return { set, runs, current, previous, queries };
  });
}
