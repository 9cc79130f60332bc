import { sql, type SQL } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { queryRows } from "@/db/connect";

/** A dashboard window [from, to) of one tenant's runs, optionally of one mode. */
export interface RunWindow {
  tenantId: string;
  from: Date;
  to: Date;
  mode: string | null;
  /** Whether the rollup may answer with whole days (else whole hours); false for hourly series. */
  days: boolean;
}

/** A timestamp as the ISO text the charts read, in UTC. */
export const isoUtc = (timestamp: SQL) => sql`to_char(${timestamp}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** The runs of the window, read from evaluation_runs itself; the (tenant_id, created_at) index serves it. */
export function rawRunsIn(w: Pick<RunWindow, "tenantId" | "from" | "to" | "mode">): SQL {
  return sql`tenant_id = ${w.tenantId}::uuid AND created_at >= ${w.from.toISOString()}::timestamptz AND created_at < ${w.to.toISOString()}::timestamptz${w.mode ? sql` AND mode = ${w.mode}::search_mode` : sql``}`;
}

/** Arguments of the rollup's `*_in` functions (migration 0009) for the window. */
export const rollupArgs = (w: RunWindow, withDays = true) =>
  sql`${w.tenantId}::uuid, ${w.from.toISOString()}::timestamptz, ${w.to.toISOString()}::timestamptz${withDays ? sql`, ${w.days}::boolean` : sql``}`;

export const modeIs = (w: RunWindow) => sql`(${w.mode}::search_mode IS NULL OR mode = ${w.mode}::search_mode)`;

/**
 * Windows with at most this many runs get exact percentiles from the runs themselves. Larger ones
 * read the rollup's latency histogram, whose buckets are 10% wide, so a percentile is off by less
 * than 5% of its value; at that size, reading the runs would cost seconds.
 */
export const EXACT_PERCENTILE_RUNS = 20_000;

export type Percentiles = { p50: number | null; p95: number | null; p99: number | null };
export type PercentileGroups = "all" | "mode" | "hour" | "day";

/** Growth factor of the latency histogram's buckets; must match evaluation_latency_bucket(). */
const G = 1.1;

/**
 * Percentile p over cumulative histogram rows (lb, n, below, total) as percentile_cont computes
 * it: interpolated between the values at ranks floor(p(N-1)) and ceil(p(N-1)), each placed evenly
 * (log scale) inside its bucket.
 */
function fromHistogram(p: number): SQL {
  const at = (rank: string) => `max(power(${G}::float8, (lb + (${rank} - below + 0.5) / n)::float8)) FILTER (WHERE below <= ${rank} AND ${rank} < below + n)`;
  const [lo, hi] = [`floor(${p} * (total - 1))`, `ceil(${p} * (total - 1))`];
  return sql.raw(`(${at(lo)} + (${at(hi)} - ${at(lo)}) * (${p} * (max(total) - 1) - floor(${p} * (max(total) - 1)))::float8)`);
}

/** p50/p95/p99 of latency per group ("" for "all", the mode, or the bucket's ISO start). */
export async function latencyPercentiles(tx: Transaction, w: RunWindow, groups: PercentileGroups, exact: boolean): Promise<Map<string, Percentiles>> {
  const keyOf = (timestamp: string) =>
    groups === "all" ? sql`''` : groups === "mode" ? sql`mode::text` : isoUtc(sql`date_trunc(${groups}, ${sql.raw(timestamp)} AT TIME ZONE 'UTC')`);
  const rows = exact
    ? await queryRows<Percentiles & { key: string }>(
        tx,
        sql`SELECT key, pct[1] AS p50, pct[2] AS p95, pct[3] AS p99 FROM (
            SELECT ${keyOf("created_at")} AS key, percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms) AS pct
            FROM evaluation_runs WHERE ${rawRunsIn(w)} GROUP BY 1) p`,
      )
    : await queryRows<Percentiles & { key: string }>(
        tx,
        sql`WITH h AS (
            SELECT ${keyOf("start")} AS key, bucket AS lb, sum(runs) AS n
            FROM evaluation_run_latency_in(${rollupArgs(w)}) WHERE ${modeIs(w)} GROUP BY 1, 2
          ), c AS (
            SELECT key, lb, n, sum(n) OVER (PARTITION BY key ORDER BY lb) - n AS below, sum(n) OVER (PARTITION BY key) AS total FROM h WHERE n > 0
          )
          SELECT key, ${fromHistogram(0.5)} AS p50, ${fromHistogram(0.95)} AS p95, ${fromHistogram(0.99)} AS p99 FROM c GROUP BY key`,
      );
  return new Map(rows.map(({ key, ...p }) => [key, p]));
}
