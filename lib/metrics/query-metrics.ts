import { sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { queryRows } from "@/db/connect";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { DashboardRange } from "./dashboard-range";
import { EXACT_PERCENTILE_RUNS, isoUtc, latencyPercentiles, modeIs, rawRunsIn, rollupArgs, type RunWindow } from "./run-window";

export interface Kpis {
  queries: number;
  p50: number | null;
  p95: number | null;
  meanQuality: number | null;
  /** Thumbs-up among rated runs; null when nothing was rated. */
  thumbsUpRate: number | null;
  zeroResultRate: number | null;
}

export type SeriesPoint = {
  t: string;
  queries: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  thumbsUp: number;
  thumbsDown: number;
  zeroResults: number;
};

export interface QueryMetrics {
  current: Kpis;
  previous: Kpis;
  series: SeriesPoint[];
  /** Runs per tenth of the quality score: bucket 0 is [0, 0.1), bucket 9 is [0.9, 1]. */
  qualityDistribution: { bucket: number; runs: number }[];
  byMode: { mode: string; queries: number; p50: number | null; p95: number | null }[];
}

const NO_PERCENTILES = { p50: null, p95: null, p99: null };

async function kpisIn(tx: Transaction, w: RunWindow, exactPercentileRuns: number): Promise<Kpis> {
  const [r] = await queryRows<{ queries: number; quality: number | null; up: number; rated: number; zero: number }>(
    tx,
    sql`SELECT coalesce(sum(runs), 0)::int AS queries, (sum(quality_sum) / nullif(sum(quality_runs), 0))::float8 AS quality,
        coalesce(sum(thumbs_up), 0)::int AS up, coalesce(sum(rated), 0)::int AS rated, coalesce(sum(zero_results), 0)::int AS zero
      FROM evaluation_run_stats_in(${rollupArgs(w)}) WHERE ${modeIs(w)}`,
  );
  const { queries, quality, up, rated, zero } = r!;
  const { p50, p95 } = queries ? ((await latencyPercentiles(tx, w, "all", queries <= exactPercentileRuns)).get("") ?? NO_PERCENTILES) : NO_PERCENTILES;
  return {
    queries,
    p50,
    p95,
    meanQuality: quality,
    thumbsUpRate: rated ? up / rated : null,
    zeroResultRate: queries ? zero / queries : null,
  };
}

async function seriesIn(tx: Transaction, w: RunWindow, bucket: "hour" | "day", exact: boolean): Promise<SeriesPoint[]> {
  const step = bucket === "hour" ? "1 hour" : "1 day";
  // Buckets align to whole UTC hours or days; empty buckets come back as zeros so gaps show.
  const counts = await queryRows<Omit<SeriesPoint, "p50" | "p95" | "p99">>(
    tx,
    sql`WITH buckets AS (
        SELECT generate_series(date_trunc(${bucket}, ${w.from.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${w.to.toISOString()}::timestamptz AT TIME ZONE 'UTC' - interval '1 microsecond', ${step}::interval) AS t
      ), agg AS (
        SELECT date_trunc(${bucket}, start AT TIME ZONE 'UTC') AS t, sum(runs)::int AS queries,
          sum(thumbs_up)::int AS up, sum(thumbs_down)::int AS down, sum(zero_results)::int AS zero
        FROM evaluation_run_stats_in(${rollupArgs(w)}) WHERE ${modeIs(w)} GROUP BY 1
      )
      SELECT ${isoUtc(sql`b.t`)} AS t, coalesce(a.queries, 0) AS queries,
        coalesce(a.up, 0) AS "thumbsUp", coalesce(a.down, 0) AS "thumbsDown", coalesce(a.zero, 0) AS "zeroResults"
      FROM buckets b LEFT JOIN agg a ON a.t = b.t ORDER BY b.t`,
  );
  const percentiles = await latencyPercentiles(tx, w, bucket, exact);
  return counts.map((point) => ({ ...point, ...(point.queries ? (percentiles.get(point.t) ?? NO_PERCENTILES) : NO_PERCENTILES) }));
}

/**
 * Headline figures, their change against the previous window, and the time series, all in SQL.
 * Counts come from the rollup (exact); latency percentiles are exact up to `exactPercentileRuns`
 * runs in the window and from the latency histogram beyond.
 */
export async function getQueryMetrics({
  actor,
  range,
  exactPercentileRuns = EXACT_PERCENTILE_RUNS,
}: {
  actor: Actor;
  range: DashboardRange;
  exactPercentileRuns?: number;
}): Promise<QueryMetrics> {
  const base = { tenantId: actor.tenantId, mode: range.mode, days: range.bucket === "day" };
  const w: RunWindow = { ...base, from: range.from, to: range.to };
  return withTenant(actor, async (tx) => {
    const current = await kpisIn(tx, w, exactPercentileRuns);
    const previous = await kpisIn(tx, { ...base, from: range.previousFrom, to: range.from }, exactPercentileRuns);
    const exact = current.queries <= exactPercentileRuns;
    const series = await seriesIn(tx, w, range.bucket, exact);
    const qualityDistribution = await queryRows<{ bucket: number; runs: number }>(
      tx,
      sql`SELECT b AS bucket, coalesce(r.runs, 0) AS runs FROM generate_series(0, 9) b
        LEFT JOIN (
          SELECT u.i::int - 1 AS bucket, sum(u.v)::int AS runs
          FROM evaluation_run_stats_in(${rollupArgs(w)}) s, unnest(s.quality_hist) WITH ORDINALITY u(v, i) WHERE ${modeIs(w)} GROUP BY 1
        ) r ON r.bucket = b ORDER BY b`,
    );
    const counts = await queryRows<{ mode: string; queries: number }>(
      tx,
      sql`SELECT mode::text AS mode, sum(runs)::int AS queries FROM evaluation_run_stats_in(${rollupArgs(w)})
        WHERE ${modeIs(w)} GROUP BY mode HAVING sum(runs) > 0 ORDER BY mode::text`,
    );
    const percentiles = await latencyPercentiles(tx, w, "mode", exact);
    const byMode = counts.map(({ mode, queries }) => {
      const { p50, p95 } = percentiles.get(mode) ?? NO_PERCENTILES;
      return { mode, queries, p50, p95 };
    });
    return { current, previous, series, qualityDistribution, byMode };
  });
}

export type QueryRow = {
  query: string;
  runs: number;
  meanQuality: number | null;
  thumbsDown: number;
  /** The latest run of this query in the window: the row opens it. */
  latestRunId: string;
};

export type RunRow = {
  id: string;
  query: string;
  mode: string;
  qualityScore: number | null;
  latencyMs: number;
  comment: string | null;
  createdAt: string;
};

export type DocumentRow = {
  documentId: string;
  filename: string | null;
  /** Runs in which the document was rated not helpful: a result of it, or a whole list showing it (once per run). */
  runs: number;
  latestRunId: string;
};

const TABLE_ROWS = 10;

/** Top queries, worst-rated runs, zero-result queries and the documents rated not helpful. */
export async function getQueryTables({ actor, range }: { actor: Actor; range: DashboardRange }) {
  const w: RunWindow = { tenantId: actor.tenantId, from: range.from, to: range.to, mode: range.mode, days: true };
  return withTenant(actor, async (tx) => {
    // Both query tables from one pass over the per-day query rollup.
    const queryTables = await queryRows<QueryRow & { kind: "top" | "zero" }>(
      tx,
      sql`WITH g AS MATERIALIZED (
          SELECT query, sum(runs)::int AS runs, (sum(quality_sum) / nullif(sum(quality_runs), 0))::float8 AS quality, sum(thumbs_down)::int AS down,
            (array_agg(last_run_id ORDER BY last_at DESC NULLS LAST))[1]::text AS latest,
            sum(zero_runs)::int AS zero_runs, (sum(zero_quality_sum) / nullif(sum(zero_quality_runs), 0))::float8 AS zero_quality,
            sum(zero_thumbs_down)::int AS zero_down, (array_agg(last_zero_run_id ORDER BY last_zero_at DESC NULLS LAST))[1]::text AS zero_latest
          FROM evaluation_run_queries_in(${rollupArgs(w, false)}) WHERE ${modeIs(w)} GROUP BY query
        )
        (SELECT 'top' AS kind, query, runs, quality AS "meanQuality", down AS "thumbsDown", latest AS "latestRunId"
          FROM g WHERE runs > 0 ORDER BY runs DESC, query LIMIT ${TABLE_ROWS})
        UNION ALL
        (SELECT 'zero', query, zero_runs, zero_quality, zero_down, zero_latest FROM g WHERE zero_runs > 0 ORDER BY zero_runs DESC, query LIMIT ${TABLE_ROWS})`,
    );
    const pick = (kind: "top" | "zero"): QueryRow[] => queryTables.filter((r) => r.kind === kind).map(({ kind: _, ...row }) => row);
    // Thumbs-down runs are few; the partial index on them serves this in its ORDER BY.
    const worstRated = await queryRows<RunRow>(
      tx,
      sql`SELECT id::text, query, mode::text AS mode, quality_score AS "qualityScore", latency_ms AS "latencyMs",
          metadata->>'comment' AS comment, ${isoUtc(sql`created_at AT TIME ZONE 'UTC'`)} AS "createdAt"
        FROM evaluation_runs WHERE ${rawRunsIn(w)} AND user_feedback = 'thumbs_down'
        ORDER BY quality_score ASC NULLS FIRST, created_at DESC LIMIT ${TABLE_ROWS}`,
    );
    // Documents rated not helpful, read from the ratings themselves (few: people give them): a
    // result rated not helpful names its document; a whole list rated not helpful (before
    // per-result feedback) names every document it showed. Once per run and document.
    const modeOf = w.mode ? sql` AND f.mode = ${w.mode}::search_mode` : sql``;
    const rated = sql`f.tenant_id = ${w.tenantId}::uuid AND f.run_created_at >= ${w.from.toISOString()}::timestamptz
      AND f.run_created_at < ${w.to.toISOString()}::timestamptz AND f.rating = 'thumbs_down'${modeOf}`;
    const badDocuments = await queryRows<DocumentRow>(
      tx,
      sql`WITH x AS (
          SELECT f.run_id, f.run_created_at, f.document_id::text AS document_id FROM search_result_feedback f WHERE ${rated} AND f.document_id IS NOT NULL
          UNION
          SELECT f.run_id, f.run_created_at, j->>'documentId' FROM search_result_feedback f JOIN evaluation_runs r ON r.id = f.run_id
            CROSS JOIN LATERAL jsonb_array_elements(r.sources) j WHERE ${rated} AND f.document_id IS NULL AND f.chunk_id IS NULL
        )
        SELECT x.document_id AS "documentId", d.filename, count(*)::int AS runs,
          (array_agg(x.run_id ORDER BY x.run_created_at DESC))[1]::text AS "latestRunId"
        FROM x LEFT JOIN documents d ON d.id::text = x.document_id
        WHERE x.document_id IS NOT NULL
        GROUP BY x.document_id, d.filename ORDER BY count(*) DESC, x.document_id LIMIT ${TABLE_ROWS}`,
    );
    return { topQueries: pick("top"), zeroResultQueries: pick("zero"), worstRated, badDocuments };
  });
}

/** Evaluation-set scores per run and mode over the window. */
export async function getEvaluationTrend({ actor, range }: { actor: Actor; range: DashboardRange }) {
  return withTenant(actor, (tx) =>
    queryRows<{ t: string; setName: string; mode: string; recall: number; mrr: number; ndcg: number }>(
      tx,
      sql`SELECT ${isoUtc(sql`r.created_at AT TIME ZONE 'UTC'`)} AS t, s.name AS "setName", r.mode::text AS mode,
          r.recall_at_k AS recall, r.mrr, r.ndcg_at10 AS ndcg
        FROM evaluation_set_results r JOIN evaluation_sets s ON s.id = r.set_id
        WHERE r.created_at >= ${range.from.toISOString()}::timestamptz AND r.created_at < ${range.to.toISOString()}::timestamptz
          ${range.mode ? sql`AND r.mode = ${range.mode}::search_mode` : sql``}
        ORDER BY r.created_at`,
    ),
  );
}
