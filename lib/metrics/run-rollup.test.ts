import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Transaction } from "@/db/client";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { tenants, users } from "@/db/schema";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { resolveRange } from "./dashboard-range";
import { getQueryMetrics, getQueryTables } from "./query-metrics";

/**
 * The rollup of migration 0009 against the runs it summarises: after inserts, feedback changes,
 * deletes and a tenant's delete, every rollup row equals the same aggregate computed from
 * evaluation_runs, and windows with ragged edges read the same totals as the runs themselves.
 */

const START = "2024-05-01T07:13:00Z";
const DOCS = ["1a000000-0000-4000-8000-000000000000", "1b000000-0000-4000-8000-000000000000", "1c000000-0000-4000-8000-000000000000"];

/** A PostgreSQL array literal: Drizzle would expand a JS array into a row of parameters. */
const pgArray = (values: string[]) => `{${values.join(",")}}`;

/** `n` runs spread over ten days from START, deterministic in g, with every column the rollup reads varying. */
async function insertRuns(tenantId: string, userIds: string[], n: number, offsetMinutes = 0) {
  await withSystem("test", (tx) =>
    tx.execute(sql`
      INSERT INTO evaluation_runs (tenant_id, user_id, query, mode, sources, latency_ms, quality_score, user_feedback, created_at)
      SELECT ${tenantId}::uuid,
        CASE WHEN g % 7 = 0 THEN NULL ELSE (${pgArray(userIds)}::uuid[])[1 + g % ${userIds.length}] END,
        'query ' || (g % 13),
        (ARRAY['hybrid', 'semantic', 'fulltext'])[1 + g % 3]::search_mode,
        CASE WHEN g % 11 = 0 THEN '[]'::jsonb
          ELSE jsonb_build_array(jsonb_build_object('documentId', (${pgArray(DOCS)}::text[])[1 + g % 3], 'rank', 1), jsonb_build_object('documentId', (${pgArray(DOCS)}::text[])[1 + (g / 3) % 3], 'rank', 2)) END,
        round((5 + (g * 37 % 400) * (1 + g % 5))::numeric, 1)::float8,
        CASE WHEN g % 9 = 0 THEN NULL ELSE (g * 17 % 101) / 100.0 END,
        (ARRAY[NULL, 'thumbs_up', 'thumbs_down', NULL]::user_feedback[])[1 + g % 4],
        ${START}::timestamptz + (${offsetMinutes} + g * 14400.0 / ${n}) * interval '1 minute'
      FROM generate_series(1, ${n}) g`),
  );
}

/** Each rollup table's rows (those with runs left) against the same grouping of the runs. */
async function rollupDifferences(tx: Transaction): Promise<Record<string, unknown[]>> {
  const diff = async (name: string, rollup: string, raw: string) =>
    [name, await queryRows(tx, sql.raw(`(${rollup} EXCEPT ${raw}) UNION ALL (${raw} EXCEPT ${rollup})`))] as const;
  const hourOrDay = `(VALUES ('hour'), ('day')) g(span)`;
  const start = `date_trunc(g.span, r.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
  const day = `date_trunc('day', r.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
  const hist = Array.from({ length: 10 }, (_, i) => `count(*) FILTER (WHERE r.quality_score IS NOT NULL AND least(floor(r.quality_score * 10), 9) = ${i})::int`).join(", ");
  return Object.fromEntries(
    await Promise.all([
      diff(
        "stats",
        `SELECT tenant_id, span, start, mode, runs, rated, thumbs_up, thumbs_down, zero_results, quality_runs, round(quality_sum::numeric, 6), quality_hist FROM evaluation_run_stats WHERE runs > 0`,
        `SELECT r.tenant_id, g.span, ${start}, r.mode, count(*)::int, count(r.user_feedback)::int, count(*) FILTER (WHERE r.user_feedback = 'thumbs_up')::int,
          count(*) FILTER (WHERE r.user_feedback = 'thumbs_down')::int, count(*) FILTER (WHERE r.result_count = 0)::int, count(r.quality_score)::int,
          round(coalesce(sum(r.quality_score), 0)::numeric, 6), ARRAY[${hist}] FROM evaluation_runs r, ${hourOrDay} GROUP BY 1, 2, 3, 4`,
      ),
      diff(
        "latency",
        `SELECT tenant_id, span, start, mode, bucket, runs FROM evaluation_run_latency WHERE runs > 0`,
        `SELECT r.tenant_id, g.span, ${start}, r.mode, evaluation_latency_bucket(r.latency_ms), count(*)::int FROM evaluation_runs r, ${hourOrDay} GROUP BY 1, 2, 3, 4, 5`,
      ),
      diff(
        "queries",
        `SELECT tenant_id, day, mode, query, runs, quality_runs, thumbs_down, zero_runs, zero_thumbs_down, last_at FROM evaluation_run_queries WHERE runs > 0`,
        `SELECT r.tenant_id, ${day}, r.mode, r.query, count(*)::int, count(r.quality_score)::int, count(*) FILTER (WHERE r.user_feedback = 'thumbs_down')::int,
          count(*) FILTER (WHERE r.result_count = 0)::int, count(*) FILTER (WHERE r.result_count = 0 AND r.user_feedback = 'thumbs_down')::int, max(r.created_at)
          FROM evaluation_runs r GROUP BY 1, 2, 3, 4`,
      ),
      diff(
        "documents",
        `SELECT tenant_id, day, mode, document_id, runs FROM evaluation_run_documents WHERE runs > 0`,
        `SELECT r.tenant_id, ${day}, r.mode, e.document_id, count(*)::int FROM evaluation_runs r
          CROSS JOIN LATERAL (SELECT DISTINCT j->>'documentId' AS document_id FROM jsonb_array_elements(r.sources) j) e
          WHERE r.user_feedback = 'thumbs_down' GROUP BY 1, 2, 3, 4`,
      ),
      diff(
        "users",
        `SELECT tenant_id, day, user_id, runs FROM evaluation_run_users WHERE runs > 0`,
        `SELECT r.tenant_id, ${day}, r.user_id, count(*)::int FROM evaluation_runs r WHERE r.user_id IS NOT NULL GROUP BY 1, 2, 3`,
      ),
    ]),
  );
}

const NO_DIFFERENCES = { stats: [], latency: [], queries: [], documents: [], users: [] };

describe("evaluation run rollup", () => {
  let handle: DatabaseHandle;
  let first: Actor;
  let second: Actor;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const people = await handle.db.insert(users).values([{ email: "r1@example.test" }, { email: "r2@example.test" }, { email: "r3@example.test" }]).returning();
    const ids = people.map((p) => p.id);
    const [a, b] = await handle.db.insert(tenants).values([{ name: "First", slug: "first" }, { name: "Second", slug: "second" }]).returning();
    first = { tenantId: a!.id, role: "owner", userId: ids[0] };
    second = { tenantId: b!.id, role: "owner", userId: ids[0] };
    await insertRuns(first.tenantId, ids, 3000);
    await insertRuns(second.tenantId, ids.slice(0, 2), 500, 3);
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("equals the runs' own aggregates after inserts, in several statements", async () => {
    await insertRuns(first.tenantId, [first.userId!], 40, 1);
    expect(await withSystem("test", rollupDifferences)).toEqual(NO_DIFFERENCES);
  });

  it("follows feedback, edits and deletes made by the application role", async () => {
    await withTenant(first, async (tx) => {
      await tx.execute(sql`UPDATE evaluation_runs SET user_feedback = 'thumbs_down' WHERE query = 'query 3' AND user_feedback IS NULL`);
      await tx.execute(sql`UPDATE evaluation_runs SET user_feedback = NULL, quality_score = 0.42 WHERE query = 'query 4'`);
      await tx.execute(sql`UPDATE evaluation_runs SET sources = '[]'::jsonb, latency_ms = latency_ms * 3 WHERE query = 'query 5'`);
      // An update that touches no rolled-up column moves nothing.
      await tx.execute(sql`UPDATE evaluation_runs SET token_count = 7 WHERE query = 'query 6'`);
      await tx.execute(sql`DELETE FROM evaluation_runs WHERE created_at < ${"2024-05-03T10:20:00Z"}::timestamptz`);
    });
    expect(await withSystem("test", rollupDifferences)).toEqual(NO_DIFFERENCES);
    // Rows the deletes and the moved feedback emptied are gone, not kept at zero.
    const emptied = await withSystem("test", (tx) =>
      queryRows<{ n: number }>(
        tx,
        sql.raw(["stats", "latency", "queries", "documents", "users"].map((t) => `SELECT count(*)::int AS n FROM evaluation_run_${t} WHERE runs = 0`).join(" UNION ALL ")),
      ),
    );
    expect(emptied.map((r) => r.n)).toEqual([0, 0, 0, 0, 0]);
  });

  it("reads windows with ragged edges as the runs themselves would", async () => {
    const windows: [string, string, boolean][] = [
      ["2024-05-01T09:41:00Z", "2024-05-09T03:17:00Z", true],
      ["2024-05-01T09:41:00Z", "2024-05-09T03:17:00Z", false],
      ["2024-05-04T00:00:00Z", "2024-05-06T00:00:00Z", true],
      ["2024-05-05T10:10:00Z", "2024-05-05T10:50:00Z", true],
      ["2024-05-05T10:10:00Z", "2024-05-06T11:00:00Z", false],
    ];
    await withTenant(first, async (tx) => {
      for (const [from, to, days] of windows) {
        const args = sql`${first.tenantId}::uuid, ${from}::timestamptz, ${to}::timestamptz`;
        const raw = sql`evaluation_runs WHERE created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz`;
        const [fromRollup] = await queryRows(
          tx,
          sql`SELECT sum(runs)::int AS runs, sum(rated)::int AS rated, sum(thumbs_down)::int AS down, sum(zero_results)::int AS zero,
              (SELECT sum(runs)::int FROM evaluation_run_latency_in(${args}, ${days})) AS latency_runs,
              (SELECT sum(runs)::int FROM evaluation_run_queries_in(${args})) AS query_runs,
              (SELECT sum(runs)::int FROM evaluation_run_documents_in(${args})) AS document_runs,
              (SELECT count(DISTINCT user_id)::int FROM evaluation_run_users_in(${args})) AS users
            FROM evaluation_run_stats_in(${args}, ${days})`,
        );
        const [fromRuns] = await queryRows(
          tx,
          sql`SELECT count(*)::int AS runs, count(user_feedback)::int AS rated, count(*) FILTER (WHERE user_feedback = 'thumbs_down')::int AS down,
              count(*) FILTER (WHERE result_count = 0)::int AS zero, count(*)::int AS latency_runs, count(*)::int AS query_runs,
              (SELECT count(*)::int FROM evaluation_runs r, LATERAL (SELECT DISTINCT j->>'documentId' FROM jsonb_array_elements(r.sources) j) e
                WHERE r.created_at >= ${from}::timestamptz AND r.created_at < ${to}::timestamptz AND r.user_feedback = 'thumbs_down') AS document_runs,
              count(DISTINCT user_id)::int AS users
            FROM ${raw}`,
        );
        expect({ window: [from, to, days], ...fromRollup }).toEqual({ window: [from, to, days], ...fromRuns });
      }
    });
  });

  it("gives histogram percentiles within 5% of the exact ones, and the same counts", async () => {
    const { range } = resolveRange({ range: "custom", from: "2024-05-02", to: "2024-05-09" }, new Date("2024-05-20T00:00:00Z"));
    const exact = await getQueryMetrics({ actor: first, range });
    const approximate = await getQueryMetrics({ actor: first, range, exactPercentileRuns: 0 });
    expect(exact.current.queries).toBeGreaterThan(1000);
    const within = (a: number | null, b: number | null) => {
      expect(a).not.toBeNull();
      expect(Math.abs(a! - b!) / b!).toBeLessThan(0.05);
    };
    within(approximate.current.p50, exact.current.p50);
    within(approximate.current.p95, exact.current.p95);
    for (const [i, point] of exact.series.entries()) {
      const other = approximate.series[i]!;
      expect({ ...other, p50: null, p95: null, p99: null }).toEqual({ ...point, p50: null, p95: null, p99: null });
      if (point.queries > 20) for (const p of ["p50", "p95"] as const) within(other[p], point[p]);
    }
    expect(approximate.byMode.map((m) => [m.mode, m.queries])).toEqual(exact.byMode.map((m) => [m.mode, m.queries]));
    for (const [i, m] of exact.byMode.entries()) within(approximate.byMode[i]!.p50, m.p50);
    expect(approximate.qualityDistribution).toEqual(exact.qualityDistribution);
  });

  it("opens a top query's latest run, which belongs to the window", async () => {
    const { range } = resolveRange({ range: "custom", from: "2024-05-04", to: "2024-05-06" }, new Date("2024-05-20T00:00:00Z"));
    const { topQueries } = await getQueryTables({ actor: first, range });
    const latest = await withTenant(first, (tx) =>
      queryRows<{ query: string; id: string }>(
        tx,
        sql`SELECT DISTINCT ON (query) query, id::text FROM evaluation_runs
          WHERE created_at >= ${range.from.toISOString()}::timestamptz AND created_at < ${range.to.toISOString()}::timestamptz ORDER BY query, created_at DESC`,
      ),
    );
    expect(topQueries.length).toBeGreaterThan(0);
    for (const row of topQueries) expect(row.latestRunId).toBe(latest.find((l) => l.query === row.query)?.id);
  });

  it("goes with its tenant, leaving the other tenant's rows as they were", async () => {
    const count = (tenantId: string) =>
      withSystem("test", (tx) => queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM evaluation_run_stats WHERE tenant_id = ${tenantId}::uuid`));
    const before = await count(second.tenantId);
    await withSystem("test", (tx) => tx.delete(tenants).where(eq(tenants.id, first.tenantId)));
    expect(await count(first.tenantId)).toEqual([{ n: 0 }]);
    expect(await count(second.tenantId)).toEqual(before);
    expect(await withSystem("test", rollupDifferences)).toEqual(NO_DIFFERENCES);
  });
});
