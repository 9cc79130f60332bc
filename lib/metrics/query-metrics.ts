import { sql, type SQL } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { queryRows } from "@/db/connect";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { DashboardRange } from "./dashboard-range";

/** Runs of the tenant in [from, to), optionally of one mode; the (tenant_id, created_at) index serves it. */
function runsIn(actor: Actor, from: Date, to: Date, mode: string | null, alias = ""): SQL {
  const col = (name: string) => sql.raw(alias ? `${alias}.${name}` : name);
  return sql`${col("tenant_id")} = ${actor.tenantId}::uuid AND ${col("created_at")} >= ${from.toISOString()}::timestamptz AND ${col("created_at")} < ${to.toISOString()}::timestamptz${mode ? sql` AND ${col("mode")} = ${mode}::search_mode` : sql``}`;
}

export interface Kpis {
  queries: number;
  p50: number | null;
  p95: number | null;
  meanQuality: number | null;
  /** Thumbs-up among rated runs; null when nothing was rated. */
  thumbsUpRate: number | null;
  zeroResultRate: number | null;
}

async function kpisIn(tx: Transaction, where: SQL): Promise<Kpis> {
  const [row] = await queryRows<{ queries: number; p50: number | null; p95: number | null; quality: number | null; up: number; rated: number; zero: number }>(
    tx,
    sql`SELECT count(*)::int AS queries,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
        avg(quality_score)::float8 AS quality,
        count(*) FILTER (WHERE user_feedback = 'thumbs_up')::int AS up,
        count(*) FILTER (WHERE user_feedback IS NOT NULL)::int AS rated,
        count(*) FILTER (WHERE result_count = 0)::int AS zero
      FROM evaluation_runs WHERE ${where}`,
  );
  const r = row!;
  return {
    queries: r.queries,
    p50: r.p50,
    p95: r.p95,
    meanQuality: r.quality,
    thumbsUpRate: r.rated ? r.up / r.rated : null,
    zeroResultRate: r.queries ? r.zero / r.queries : null,
  };
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

async function seriesIn(tx: Transaction, actor: Actor, range: DashboardRange): Promise<SeriesPoint[]> {
  const step = range.bucket === "hour" ? "1 hour" : "1 day";
  // Buckets align to whole UTC hours or days; empty buckets come back as zeros so gaps show.
  return queryRows<SeriesPoint>(
    tx,
    sql`WITH buckets AS (
        SELECT generate_series(date_trunc(${range.bucket}, ${range.from.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${range.to.toISOString()}::timestamptz AT TIME ZONE 'UTC' - interval '1 microsecond', ${step}::interval) AS t
      ), agg AS (
        SELECT date_bin(${step}::interval, created_at AT TIME ZONE 'UTC', '2000-01-01') AS t,
          count(*)::int AS queries,
          percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms) AS pct,
          count(*) FILTER (WHERE user_feedback = 'thumbs_up')::int AS up,
          count(*) FILTER (WHERE user_feedback = 'thumbs_down')::int AS down,
          count(*) FILTER (WHERE result_count = 0)::int AS zero
        FROM evaluation_runs WHERE ${runsIn(actor, range.from, range.to, range.mode)}
        GROUP BY 1
      )
      SELECT to_char(b.t, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS t, coalesce(a.queries, 0) AS queries,
        a.pct[1] AS p50, a.pct[2] AS p95, a.pct[3] AS p99,
        coalesce(a.up, 0) AS "thumbsUp", coalesce(a.down, 0) AS "thumbsDown", coalesce(a.zero, 0) AS "zeroResults"
      FROM buckets b LEFT JOIN agg a ON a.t = b.t ORDER BY b.t`,
  );
}

export interface QueryMetrics {
  current: Kpis;
  previous: Kpis;
  series: SeriesPoint[];
  /** Runs per tenth of the quality score: bucket 0 is [0, 0.1), bucket 9 is [0.9, 1]. */
  qualityDistribution: { bucket: number; runs: number }[];
  byMode: { mode: string; queries: number; p50: number | null; p95: number | null }[];
}

/** Headline figures, their change against the previous window, and the time series, all in SQL. */
export async function getQueryMetrics({ actor, range }: { actor: Actor; range: DashboardRange }): Promise<QueryMetrics> {
  return withTenant(actor, async (tx) => {
    const current = await kpisIn(tx, runsIn(actor, range.from, range.to, range.mode));
    const previous = await kpisIn(tx, runsIn(actor, range.previousFrom, range.from, range.mode));
    const series = await seriesIn(tx, actor, range);
    const qualityDistribution = await queryRows<{ bucket: number; runs: number }>(
      tx,
      sql`SELECT b AS bucket, coalesce(r.runs, 0) AS runs
        FROM generate_series(0, 9) b
        LEFT JOIN (
          SELECT least(floor(quality_score * 10), 9)::int AS bucket, count(*)::int AS runs
          FROM evaluation_runs WHERE ${runsIn(actor, range.from, range.to, range.mode)} AND quality_score IS NOT NULL GROUP BY 1
        ) r ON r.bucket = b ORDER BY b`,
    );
    const byMode = await queryRows<{ mode: string; queries: number; p50: number | null; p95: number | null }>(
      tx,
      sql`SELECT mode::text AS mode, count(*)::int AS queries,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
          percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
        FROM evaluation_runs WHERE ${runsIn(actor, range.from, range.to, range.mode)} GROUP BY mode ORDER BY mode`,
    );
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
  /** Thumbs-down runs whose results included the document (once per run, whatever its ranks). */
  runs: number;
  latestRunId: string;
};

const TABLE_ROWS = 10;

/** Top queries, worst-rated runs, zero-result queries and the documents behind thumbs-downs. */
export async function getQueryTables({ actor, range }: { actor: Actor; range: DashboardRange }) {
  const where = runsIn(actor, range.from, range.to, range.mode);
  return withTenant(actor, async (tx) => {
    const grouped = (filter: SQL) =>
      queryRows<QueryRow>(
        tx,
        sql`SELECT query, count(*)::int AS runs, avg(quality_score)::float8 AS "meanQuality",
            count(*) FILTER (WHERE user_feedback = 'thumbs_down')::int AS "thumbsDown",
            (array_agg(id ORDER BY created_at DESC))[1]::text AS "latestRunId"
          FROM evaluation_runs WHERE ${where} AND ${filter}
          GROUP BY query ORDER BY count(*) DESC, query LIMIT ${TABLE_ROWS}`,
      );
    const topQueries = await grouped(sql`true`);
    const zeroResultQueries = await grouped(sql`result_count = 0`);
    const worstRated = await queryRows<RunRow>(
      tx,
      sql`SELECT id::text, query, mode::text AS mode, quality_score AS "qualityScore", latency_ms AS "latencyMs",
          metadata->>'comment' AS comment, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
        FROM evaluation_runs WHERE ${where} AND user_feedback = 'thumbs_down'
        ORDER BY quality_score ASC NULLS FIRST, created_at DESC LIMIT ${TABLE_ROWS}`,
    );
    const badDocuments = await queryRows<DocumentRow>(
      tx,
      sql`SELECT s.document_id AS "documentId", d.filename, count(DISTINCT r.id)::int AS runs,
          (array_agg(r.id ORDER BY r.created_at DESC))[1]::text AS "latestRunId"
        FROM evaluation_runs r
        CROSS JOIN LATERAL (SELECT DISTINCT e->>'documentId' AS document_id FROM jsonb_array_elements(r.sources) e) s
        LEFT JOIN documents d ON d.id::text = s.document_id
        WHERE ${runsIn(actor, range.from, range.to, range.mode, "r")} AND r.user_feedback = 'thumbs_down'
        GROUP BY s.document_id, d.filename ORDER BY count(DISTINCT r.id) DESC, s.document_id LIMIT ${TABLE_ROWS}`,
    );
    return { topQueries, zeroResultQueries, worstRated, badDocuments };
  });
}

/** Evaluation-set scores per run and mode over the window. */
export async function getEvaluationTrend({ actor, range }: { actor: Actor; range: DashboardRange }) {
  return withTenant(actor, (tx) =>
    queryRows<{ t: string; setName: string; mode: string; recall: number; mrr: number; ndcg: number }>(
      tx,
      sql`SELECT to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS t, s.name AS "setName", r.mode::text AS mode,
          r.recall_at_k AS recall, r.mrr, r.ndcg_at10 AS ndcg
        FROM evaluation_set_results r JOIN evaluation_sets s ON s.id = r.set_id
        WHERE r.created_at >= ${range.from.toISOString()}::timestamptz AND r.created_at < ${range.to.toISOString()}::timestamptz
          ${range.mode ? sql`AND r.mode = ${range.mode}::search_mode` : sql``}
        ORDER BY r.created_at`,
    ),
  );
}
