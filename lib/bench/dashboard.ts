import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { PGlite, Transaction as PgliteTransaction } from "@electric-sql/pglite";
import { eq, sql } from "drizzle-orm";
import { setDatabase, type Transaction } from "@/db/client";
import { openPglite, queryRows } from "@/db/connect";
import { evaluationRuns } from "@/db/schema";
import { resolveRange, type DashboardRange } from "@/lib/metrics/dashboard-range";
import { getEvaluationTrend, getQueryMetrics, getQueryTables, type DocumentRow, type QueryRow, type RunRow, type SeriesPoint } from "@/lib/metrics/query-metrics";
import { getUsageMetrics } from "@/lib/metrics/usage-metrics";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { measure, percentile, round } from "./measure";

const DAY_MS = 86_400_000;
const DAYS = 90;
/**
 * The end of the generated data and the dashboard's "now": a Tuesday afternoon, so no window
 * starts or ends on a whole hour or day (a rollup must handle the partial edges).
 */
const NOW = new Date("2026-03-03T15:37:00Z");
const START = new Date(NOW.getTime() - DAYS * DAY_MS);
const START_SECOND_OF_DAY = (START.getTime() % DAY_MS) / 1000;
/** The other nine tenants' shares of the second million runs. */
const OTHER_SHARES = [0.3, 0.2, 0.14, 0.1, 0.08, 0.06, 0.05, 0.04, 0.03];
const PRESETS = ["24h", "30d", "90d"] as const;
type Preset = (typeof PRESETS)[number];

interface BenchTenant {
  n: number;
  id: string;
  runs: number;
  members: number;
  documents: number;
  corrections: number;
  history: number;
  sets: number;
}

// --- Loading ------------------------------------------------------------------------------

/** A few hundred distinct query strings; drawn with a Zipf-like (1/k) frequency. */
function queryVocabulary(size: number): string[] {
  const subjects = ["password reset", "upload limit", "on-call handover", "travel expenses", "hybrid ranking", "home office budget", "governor of Imo State", "road projects in Owerri", "security briefing", "retention policy", "glossary corrections", "core working hours", "reciprocal rank fusion", "interview transcripts", "parental leave", "VPN access", "invoice approval", "data export", "SSO login", "API keys"];
  const forms = ["how do I handle %s", "%s", "what is the policy on %s", "%s last quarter", "who owns %s", "%s checklist", "latest update on %s", "%s for contractors", "%s in the new office", "problems with %s", "%s deadline", "%s FAQ", "%s template", "explain %s", "%s example", "%s contact", "where to find %s", "%s 2026", "%s summary", "%s approval"];
  const all = forms.flatMap((form) => subjects.map((subject) => form.replace("%s", subject)));
  return Array.from({ length: size }, (_, i) => all[i % all.length]! + (i >= all.length ? ` (${Math.floor(i / all.length)})` : ""));
}

/** Runs per day for `total` runs over DAYS days: quieter weekends and slow growth, summing exactly. */
function dailyCounts(total: number): number[] {
  const weights = Array.from({ length: DAYS }, (_, d) => {
    const day = new Date(START.getTime() + d * DAY_MS).getUTCDay();
    return (day === 0 || day === 6 ? 0.3 : 1) * (0.75 + (0.5 * d) / DAYS);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  let given = 0;
  return weights.map((w) => {
    cumulative += w;
    const upTo = Math.round((total * cumulative) / sum);
    const n = upTo - given;
    given = upTo;
    return n;
  });
}

// Working-hours rhythm (UTC): hour h appears HOUR_WEIGHTS[h] times in the array rows draw from.
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 3, 6, 10, 14, 15, 13, 9, 12, 15, 14, 11, 8, 6, 4, 3, 2, 2, 1];
const HOUR_SLOTS = HOUR_WEIGHTS.flatMap((w, h) => Array.from({ length: w }, () => h));

/**
 * One day of runs for every tenant, generated in the database and inserted in time order, so the
 * heap interleaves tenants by time as a live system's would. Modes 60/25/15% with their own
 * medians, log-normal latency with a 3% slow tail, ~4% zero results, ~35% rated (thumbs up with
 * probability = quality), five sources over each tenant's most cited documents.
 */
const INSERT_DAY = `
INSERT INTO evaluation_runs (tenant_id, user_id, query, mode, sources, latency_ms, token_count, quality_score, user_feedback, metadata, created_at)
SELECT tenant_id, user_id, query, mode, sources, latency_ms, token_count, quality, feedback,
  CASE WHEN feedback = 'thumbs_down' AND r_comment < 0.3 THEN '{"topK": 10, "model": "hashing-384", "comment": "The answer was in another handbook"}'::jsonb
       ELSE '{"topK": 10, "model": "hashing-384"}'::jsonb END,
  created_at
FROM (
  SELECT y.*,
    CASE WHEN zero OR r_rate >= 0.35 THEN NULL WHEN r_fb < quality THEN 'thumbs_up' ELSE 'thumbs_down' END::user_feedback AS feedback,
    CASE WHEN zero THEN '[]'::jsonb ELSE (
      SELECT jsonb_agg(jsonb_build_object('documentId', docs[least(array_length(docs, 1), floor(exp(random() * ln(array_length(docs, 1) + 1)))::int)], 'rank', rank, 'score', round((quality - rank * 0.08)::numeric, 3)) ORDER BY rank)
      FROM generate_series(1, 5) rank
    ) END AS sources
  FROM (
    SELECT x.*,
      CASE WHEN zero THEN 0 ELSE round(least(1, greatest(0.05, 0.72 + 0.18 * z_quality))::numeric, 3)::float8 END AS quality,
      round((CASE mode WHEN 'hybrid' THEN 38 WHEN 'semantic' THEN 22 ELSE 9 END
        * exp(0.5 * z_latency) * CASE WHEN r_tail < 0.03 THEN 4 + r_tail * 250 ELSE 1 END)::numeric, 1)::float8 AS latency_ms,
      length(query) / 6 + 2 AS token_count
    FROM (
      SELECT t.tenant_id, g, t.docs,
        t.users[1 + floor(random() * array_length(t.users, 1))::int] AS user_id,
        ($3::text[])[least(array_length($3::text[], 1), floor(exp(random() * ln(array_length($3::text[], 1) + 1)))::int)] AS query,
        (CASE WHEN r_mode < 0.6 THEN 'hybrid' WHEN r_mode < 0.85 THEN 'semantic' ELSE 'fulltext' END)::search_mode AS mode,
        z_latency, r_tail, r_zero < 0.04 AS zero, z_quality, r_rate, r_fb, r_comment,
        -- A UTC hour of day from the rhythm, placed in this day's 24 hours from $1.
        $1::timestamptz + ((($4::int[])[1 + floor(random() * array_length($4::int[], 1))::int] * 3600 + random() * 3600 - $6::int + 86400)::numeric % 86400)::float8 * interval '1 second' AS created_at
      FROM (
        SELECT d.tenant_id, d.n, p.users, p.docs FROM unnest($2::uuid[], $5::int[]) AS d(tenant_id, n) JOIN bench_pool p ON p.tenant_id = d.tenant_id
      ) t
      CROSS JOIN LATERAL (
        SELECT g, random() AS r_mode, random_normal() AS z_latency, random() AS r_tail, random() AS r_zero, random_normal() AS z_quality,
          random() AS r_rate, random() AS r_fb, random() AS r_comment
        FROM generate_series(1, t.n) g OFFSET 0
      ) r
      OFFSET 0
    ) x
    OFFSET 0
  ) y
  OFFSET 0
) z
ORDER BY created_at`;

async function load(pg: PGlite, bigRuns: number): Promise<{ tenants: BenchTenant[]; seconds: Record<string, number> }> {
  const seconds: Record<string, number> = {};
  const timed = async (name: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    seconds[name] = round((performance.now() - started) / 1000, 1);
  };
  const specs = [
    { runs: bigRuns, members: 60, documents: 400, corrections: 60, history: 4000, sets: 3 },
    ...OTHER_SHARES.map((share) => ({ runs: Math.round(bigRuns * share), members: 12, documents: 80, corrections: 15, history: 400, sets: 1 })),
  ];
  const tenants: BenchTenant[] = [];
  await timed("tenantsUsersDocuments", async () => {
    for (const [n, spec] of specs.entries()) {
      const { rows } = await pg.query<{ id: string }>(`INSERT INTO tenants (name, slug) VALUES ($1, $2) RETURNING id`, [`Bench ${n}`, `bench-${n}`]);
      const id = rows[0]!.id;
      tenants.push({ n, id, ...spec });
      await pg.query(
        `WITH u AS (INSERT INTO users (email, full_name) SELECT format('u%s-%s@bench.test', $2::int, i), format('Bench user %s', i) FROM generate_series(1, $3::int) i RETURNING id)
         INSERT INTO memberships (user_id, tenant_id, role) SELECT id, $1::uuid, 'member' FROM u`,
        [id, n, spec.members],
      );
      // Documents over the last 120 days (some before any 90-day window), mostly completed.
      await pg.query(
        `INSERT INTO documents (tenant_id, user_id, filename, mime_type, file_size, sha256, status, storage_key, chunk_count, created_at, updated_at)
         SELECT $1::uuid, (SELECT user_id FROM memberships WHERE tenant_id = $1::uuid LIMIT 1), format('handbook-%s-%s.pdf', $2::int, i), 'application/pdf',
           (20000 + random() * 5000000)::bigint, md5($2::int || '-' || i),
           (CASE WHEN i % 50 = 0 THEN 'failed' WHEN i % 97 = 0 THEN 'pending' ELSE 'completed' END)::document_status,
           format('bench/%s/%s', $2::int, i), 40, ts, ts
         FROM generate_series(1, $3::int) i, LATERAL (SELECT $4::timestamptz - random() * interval '120 days' + i * interval '0 s' AS ts) t`,
        [id, n, spec.documents, NOW.toISOString()],
      );
    }
    // 40 short chunks per completed document: only counted by the dashboard.
    await pg.query(
      `INSERT INTO chunks (document_id, tenant_id, ordinal, content, token_count)
       SELECT d.id, d.tenant_id, o, 'Section ' || o || ' of ' || d.filename, 8 FROM documents d, generate_series(0, 39) o WHERE d.status = 'completed'`,
    );
    await pg.exec(`CREATE TEMP TABLE bench_pool AS
      SELECT t.id AS tenant_id,
        (SELECT array_agg(user_id ORDER BY user_id) FROM memberships m WHERE m.tenant_id = t.id) AS users,
        -- Runs cite a tenant's 40 oldest completed documents, the first ones most.
        (SELECT array_agg(id::text ORDER BY created_at) FROM (SELECT id, created_at FROM documents d WHERE d.tenant_id = t.id AND status = 'completed' ORDER BY created_at LIMIT 40) d) AS docs
      FROM tenants t`);
  });

  await timed("correctionsAndEvaluationSets", async () => {
    for (const t of tenants) {
      await pg.query(
        `INSERT INTO tenant_corrections (tenant_id, original_text, original_key, corrected_text, confidence, usage_count, status, review_reason, success_count, failure_count)
         SELECT $1::uuid, format('Owerri Nort %s', i), format('owerri nort %s', i), format('Owerri North %s', i), round(random()::numeric, 2),
           0, (CASE WHEN i % 5 = 0 THEN 'suggested' WHEN i % 11 = 0 THEN 'rejected' ELSE 'approved' END)::correction_status,
           CASE WHEN i % 13 = 0 THEN 'Reported wrong 3 times' END, 0, 0
         FROM generate_series(1, $2::int) i`,
        [t.id, t.corrections],
      );
      // Applications over the 90 days, the first corrections used most; most never reported on.
      await pg.query(
        `INSERT INTO correction_history (tenant_id, correction_id, original_text, corrected_text, occurrences, was_successful, reported_at, applied_at)
         SELECT $1::uuid, c.id, c.original_text, c.corrected_text, 1 + (random() < 0.2)::int, s.ok, CASE WHEN s.ok IS NOT NULL THEN s.at + interval '1 hour' END, s.at
         FROM (
           SELECT (SELECT array_agg(id ORDER BY original_key) FROM tenant_corrections WHERE tenant_id = $1::uuid AND status = 'approved') AS ids
         ) pool
         CROSS JOIN LATERAL (
           SELECT i, $3::timestamptz - random() * interval '90 days' AS at,
             CASE WHEN random() < 0.55 THEN NULL ELSE random() < 0.9 END AS ok,
             least(array_length(pool.ids, 1), floor(exp(random() * ln(array_length(pool.ids, 1) + 1)))::int) AS pick
           FROM generate_series(1, $2::int) i OFFSET 0
         ) s
         JOIN tenant_corrections c ON c.id = pool.ids[s.pick]`,
        [t.id, t.history, NOW.toISOString()],
      );
      // Evaluation sets scored every day in every mode.
      await pg.query(
        `WITH s AS (INSERT INTO evaluation_sets (tenant_id, name) SELECT $1::uuid, format('Golden set %s', i) FROM generate_series(1, $2::int) i RETURNING id)
         INSERT INTO evaluation_set_results (tenant_id, set_id, mode, k, recall_at_k, mrr, ndcg_at10, query_count, embedding_model, created_at)
         SELECT $1::uuid, s.id, m, 10, 0.6 + random() * 0.35, 0.5 + random() * 0.4, 0.55 + random() * 0.4, 25, 'hashing-384',
           $3::timestamptz - d * interval '1 day' + interval '2 hours' + random() * interval '1 hour'
         FROM s, unnest(enum_range(NULL::search_mode)) m, generate_series(1, ${DAYS}) d`,
        [t.id, t.sets, NOW.toISOString()],
      );
    }
    await pg.exec(`UPDATE tenant_corrections c SET usage_count = h.n FROM (SELECT correction_id, sum(occurrences) AS n FROM correction_history GROUP BY 1) h WHERE h.correction_id = c.id`);
  });

  // Runs: without the secondary index (built once at the end), one statement per day.
  await pg.exec(`DROP INDEX evaluation_runs_tenant_id_created_at_index`);
  const vocabulary = queryVocabulary(400);
  const perTenantDays = tenants.map((t) => dailyCounts(t.runs));
  const runsStarted = performance.now();
  await timed("evaluationRuns", async () => {
    for (let d = 0; d < DAYS; d++) {
      const day = new Date(START.getTime() + d * DAY_MS).toISOString();
      await pg.query(INSERT_DAY, [day, tenants.map((t) => t.id), vocabulary, HOUR_SLOTS, perTenantDays.map((c) => c[d]!), START_SECOND_OF_DAY]);
      if ((d + 1) % 15 === 0) console.log(`  runs: ${d + 1}/${DAYS} days loaded (${round((performance.now() - runsStarted) / 1000)} s)`);
    }
  });
  await timed("evaluationRunsIndex", async () => {
    await pg.exec(`SET maintenance_work_mem = '256MB'`);
    await pg.exec(`CREATE INDEX evaluation_runs_tenant_id_created_at_index ON evaluation_runs (tenant_id, created_at)`);
    await pg.exec(`RESET maintenance_work_mem`);
  });
  await timed("vacuumAnalyze", () => pg.exec(`VACUUM ANALYZE`));
  return { tenants, seconds };
}

// --- Measuring ----------------------------------------------------------------------------

interface Rewrite {
  find: string;
  replace: string;
  why: string;
}

interface Statement {
  service: string;
  sql: string;
  params: unknown[];
  ms: number;
}

/**
 * Times every statement run inside a transaction (withTenant and withSystem go through here), and
 * applies a variant's rewrites of the services' SQL (each use is reported).
 */
function instrument(pg: PGlite) {
  const log: Statement[] = [];
  const state = { service: "", rewrites: [] as Rewrite[], rewritesApplied: new Set<string>() };
  const original = pg.transaction.bind(pg);
  const timedTx = (tx: PgliteTransaction): PgliteTransaction =>
    new Proxy(tx, {
      get(target, prop) {
        if (prop === "query") {
          return async (text: string, params?: unknown[], options?: Parameters<PgliteTransaction["query"]>[2]) => {
            let query = text;
            for (const fix of state.rewrites) {
              if (!query.includes(fix.find)) continue;
              query = query.replace(fix.find, fix.replace);
              state.rewritesApplied.add(fix.why);
            }
            const started = performance.now();
            try {
              return await target.query(query, params as never[], options);
            } finally {
              log.push({ service: state.service, sql: query, params: params ?? [], ms: performance.now() - started });
            }
          };
        }
        const value: unknown = Reflect.get(target, prop);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  pg.transaction = (<T>(callback: (tx: PgliteTransaction) => Promise<T>) => original((tx) => callback(timedTx(tx)))) as PGlite["transaction"];
  return { log, state };
}

interface Service {
  name: string;
  /** Names of its statements in order, after withTenant's two set-up statements. */
  statements: string[];
  run: (actor: Actor, range: DashboardRange) => Promise<unknown>;
}

/**
 * The dashboard page's four services, in the order its sections render. The page streams them in
 * parallel, but the embedded database runs one transaction at a time, so their times add up.
 */
const LIVE_SERVICES: Service[] = [
  { name: "getQueryMetrics", statements: ["kpis (current)", "kpis (previous)", "series", "qualityDistribution", "byMode"], run: (actor, range) => getQueryMetrics({ actor, range }) },
  { name: "getEvaluationTrend", statements: ["trend"], run: (actor, range) => getEvaluationTrend({ actor, range }) },
  { name: "getQueryTables", statements: ["topQueries", "zeroResultQueries", "worstRated", "badDocuments"], run: (actor, range) => getQueryTables({ actor, range }) },
  {
    name: "getUsageMetrics",
    statements: ["documentsByStatus", "totals (chunks, bytes, members)", "storage", "activeMembers", "corrections.perDay", "corrections.top", "pendingReviews"],
    run: (actor, range) => getUsageMetrics({ actor, range }),
  },
];

const isTenantSetup = (q: string) => /^\s*(set local role|select set_config)/i.test(q);
const oneLine = (q: string, n = 70) => q.replace(/\s+/g, " ").trim().slice(0, n);

interface Pass {
  totalMs: number;
  serviceMs: Record<string, number>;
  statements: { label: string; ms: number; sql: string; params: unknown[] }[];
  results: Record<string, unknown>;
}

async function dashboardPass(services: Service[], probe: ReturnType<typeof instrument>, actor: Actor, range: DashboardRange): Promise<Pass> {
  const serviceMs: Record<string, number> = {};
  const statements: Pass["statements"] = [];
  const results: Record<string, unknown> = {};
  const started = performance.now();
  for (const service of services) {
    probe.log.length = 0;
    probe.state.service = service.name;
    const t0 = performance.now();
    results[service.name] = await service.run(actor, range);
    serviceMs[service.name] = performance.now() - t0;
    const own = probe.log.filter((s) => !isTenantSetup(s.sql));
    const setup = probe.log.filter((s) => isTenantSetup(s.sql)).reduce((n, s) => n + s.ms, 0);
    const named = own.length === service.statements.length;
    own.forEach((s, i) => statements.push({ label: `${service.name}: ${named ? service.statements[i] : `#${i + 1} ${oneLine(s.sql, 50)}`}`, ms: s.ms, sql: s.sql, params: s.params }));
    statements.push({ label: `${service.name}: (withTenant set-up)`, ms: setup, sql: "", params: [] });
  }
  return { totalMs: performance.now() - started, serviceMs, statements, results };
}

const stat = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50), 1), max: round(sorted[sorted.length - 1] ?? NaN, 1) };
};

interface Figures {
  totalMs: { p50: number; max: number };
  services: Record<string, { p50: number; max: number }>;
  /** p50 of each statement, slowest first. */
  statements: Record<string, number>;
}

async function measureDashboard(services: Service[], probe: ReturnType<typeof instrument>, actor: Actor, preset: Preset, reps: number) {
  const { range } = resolveRange({ range: preset }, NOW);
  await dashboardPass(services, probe, actor, range); // warm-up
  const passes: Pass[] = [];
  for (let i = 0; i < reps; i++) passes.push(await dashboardPass(services, probe, actor, range));
  const labels = passes[0]!.statements.map((s) => s.label);
  const statements = Object.fromEntries(
    labels
      .map((label, i) => [label, stat(passes.map((p) => p.statements[i]?.ms ?? NaN)).p50] as const)
      .sort((a, b) => b[1] - a[1]),
  );
  const figures: Figures = {
    totalMs: stat(passes.map((p) => p.totalMs)),
    services: Object.fromEntries(services.map((s) => [s.name, stat(passes.map((p) => p.serviceMs[s.name]!))])),
    statements,
  };
  return { figures, last: passes[passes.length - 1]! };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a captured statement, under the tenant's role as withTenant runs it. */
async function explain(pg: PGlite, actor: Actor, statement: { sql: string; params: unknown[] }): Promise<string> {
  return pg.transaction(async (tx) => {
    await tx.query(`set local role tkc_app`);
    await tx.query(`select set_config('app.tenant_id', $1, true)`, [actor.tenantId]);
    const { rows } = await tx.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params as never[]);
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  });
}

// --- The rollup prototype ----------------------------------------------------------------

/** Latency histogram buckets: bucket b holds [G^b, G^(b+1)) ms, 10% wide; percentiles interpolate inside. */
const G = 1.1;
const ROLLUP_TABLES = ["evaluation_run_stats", "evaluation_run_latency", "evaluation_run_queries", "evaluation_run_documents", "evaluation_run_users"];
const ROLLUP_TRIGGERS = ["insert", "update", "delete"];

const DROP_ROLLUP = [
  ...ROLLUP_TRIGGERS.map((op) => `DROP TRIGGER IF EXISTS evaluation_runs_rollup_${op} ON evaluation_runs`),
  `DROP TABLE IF EXISTS ${ROLLUP_TABLES.join(", ")} CASCADE`,
  `DROP FUNCTION IF EXISTS evaluation_runs_rollup_insert, evaluation_runs_rollup_update, evaluation_runs_rollup_delete, evaluation_run_tiers,
     evaluation_run_stats_in, evaluation_run_latency_in, evaluation_run_queries_in, evaluation_run_documents_in, evaluation_run_users_in, evaluation_latency_bucket CASCADE`,
];

const hourOf = (column: string) => `date_trunc('hour', ${column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
const dayOf = (column: string) => `date_trunc('day', ${column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
const qualityHist = (count: string, row = "") =>
  `ARRAY[${Array.from({ length: 10 }, (_, i) => `coalesce(${count} FILTER (WHERE least(floor(${row}quality_score * 10), 9) = ${i}), 0)::int`).join(", ")}]`;

/**
 * Adds the rows of `source` (evaluation_runs columns plus `sign`, +1 or -1) to every rollup:
 * one statement, so a trigger's whole batch is one upsert per table.
 */
function applyRollup(source: string): string {
  const span = `CROSS JOIN (VALUES ('hour'), ('day')) g(span)`;
  const start = `date_trunc(g.span, d.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
  const later = (t: string, at: string, id: string) =>
    `${id} = CASE WHEN ${t}.${at} IS NULL OR excluded.${at} >= ${t}.${at} THEN coalesce(excluded.${id}, ${t}.${id}) ELSE ${t}.${id} END, ${at} = greatest(${t}.${at}, excluded.${at})`;
  return `WITH d AS MATERIALIZED (${source}),
  stats AS (
    INSERT INTO evaluation_run_stats AS s (tenant_id, span, start, mode, runs, rated, thumbs_up, thumbs_down, zero_results, quality_runs, quality_sum, quality_hist)
    SELECT d.tenant_id, g.span, ${start}, d.mode, sum(sign)::int,
      coalesce(sum(sign) FILTER (WHERE user_feedback IS NOT NULL), 0)::int, coalesce(sum(sign) FILTER (WHERE user_feedback = 'thumbs_up'), 0)::int,
      coalesce(sum(sign) FILTER (WHERE user_feedback = 'thumbs_down'), 0)::int, coalesce(sum(sign) FILTER (WHERE result_count = 0), 0)::int,
      coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL), 0)::int, coalesce(sum(sign * quality_score), 0), ${qualityHist("sum(sign)")}
    FROM d ${span} GROUP BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, span, start, mode) DO UPDATE SET runs = s.runs + excluded.runs, rated = s.rated + excluded.rated,
      thumbs_up = s.thumbs_up + excluded.thumbs_up, thumbs_down = s.thumbs_down + excluded.thumbs_down, zero_results = s.zero_results + excluded.zero_results,
      quality_runs = s.quality_runs + excluded.quality_runs, quality_sum = s.quality_sum + excluded.quality_sum,
      quality_hist = (SELECT array_agg(a + b ORDER BY i) FROM unnest(s.quality_hist, excluded.quality_hist) WITH ORDINALITY u(a, b, i))
  ), latency AS (
    INSERT INTO evaluation_run_latency AS l (tenant_id, span, start, mode, bucket, runs)
    SELECT d.tenant_id, g.span, ${start}, d.mode, evaluation_latency_bucket(d.latency_ms), sum(sign)::int
    FROM d ${span} GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant_id, span, start, mode, bucket) DO UPDATE SET runs = l.runs + excluded.runs
  ), queries AS (
    INSERT INTO evaluation_run_queries AS q (tenant_id, day, mode, query, runs, quality_runs, quality_sum, thumbs_down,
      zero_runs, zero_quality_runs, zero_quality_sum, zero_thumbs_down, last_at, last_run_id, last_zero_at, last_zero_run_id)
    SELECT tenant_id, ${dayOf("created_at")}, mode, query, sum(sign)::int,
      coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL), 0)::int, coalesce(sum(sign * quality_score), 0),
      coalesce(sum(sign) FILTER (WHERE user_feedback = 'thumbs_down'), 0)::int, coalesce(sum(sign) FILTER (WHERE result_count = 0), 0)::int,
      coalesce(sum(sign) FILTER (WHERE result_count = 0 AND quality_score IS NOT NULL), 0)::int, coalesce(sum(sign * quality_score) FILTER (WHERE result_count = 0), 0),
      coalesce(sum(sign) FILTER (WHERE result_count = 0 AND user_feedback = 'thumbs_down'), 0)::int,
      max(created_at) FILTER (WHERE sign > 0), (array_agg(id ORDER BY created_at DESC) FILTER (WHERE sign > 0))[1],
      max(created_at) FILTER (WHERE sign > 0 AND result_count = 0), (array_agg(id ORDER BY created_at DESC) FILTER (WHERE sign > 0 AND result_count = 0))[1]
    FROM d GROUP BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, day, mode, query) DO UPDATE SET runs = q.runs + excluded.runs, quality_runs = q.quality_runs + excluded.quality_runs,
      quality_sum = q.quality_sum + excluded.quality_sum, thumbs_down = q.thumbs_down + excluded.thumbs_down, zero_runs = q.zero_runs + excluded.zero_runs,
      zero_quality_runs = q.zero_quality_runs + excluded.zero_quality_runs, zero_quality_sum = q.zero_quality_sum + excluded.zero_quality_sum,
      zero_thumbs_down = q.zero_thumbs_down + excluded.zero_thumbs_down, ${later("q", "last_at", "last_run_id")}, ${later("q", "last_zero_at", "last_zero_run_id")}
  ), documents AS (
    INSERT INTO evaluation_run_documents AS x (tenant_id, day, mode, document_id, runs, last_at, last_run_id)
    SELECT d.tenant_id, ${dayOf("d.created_at")}, d.mode, e.document_id, sum(sign)::int,
      max(d.created_at) FILTER (WHERE sign > 0), (array_agg(d.id ORDER BY d.created_at DESC) FILTER (WHERE sign > 0))[1]
    FROM d CROSS JOIN LATERAL (SELECT DISTINCT j->>'documentId' AS document_id FROM jsonb_array_elements(d.sources) j) e
    WHERE d.user_feedback = 'thumbs_down' AND e.document_id IS NOT NULL GROUP BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, day, mode, document_id) DO UPDATE SET runs = x.runs + excluded.runs, ${later("x", "last_at", "last_run_id")}
  )
  INSERT INTO evaluation_run_users AS u (tenant_id, day, user_id, runs)
  SELECT tenant_id, ${dayOf("created_at")}, user_id, sum(sign)::int FROM d WHERE user_id IS NOT NULL GROUP BY 1, 2, 3
  ON CONFLICT (tenant_id, day, user_id) DO UPDATE SET runs = u.runs + excluded.runs`;
}

/** Columns a change to which moves a run between rollup rows. */
const ROLLUP_COLUMNS = ["tenant_id", "created_at", "mode", "query", "latency_ms", "quality_score", "user_feedback", "sources", "user_id"];
const changed = (a: string, b: string) => `(${ROLLUP_COLUMNS.map((c) => `${a}.${c}`).join(", ")}) IS DISTINCT FROM (${ROLLUP_COLUMNS.map((c) => `${b}.${c}`).join(", ")})`;

/** Reads of a window [p_from, p_to): whole days (if p_days), whole hours, raw rows at the edges. */
const tierJoin = (alias: string, spanned: boolean) =>
  spanned
    ? `${alias}.tenant_id = p_tenant AND ((${alias}.span = 'day' AND ${alias}.start >= b.day_from AND ${alias}.start < b.day_to)
      OR (${alias}.span = 'hour' AND ${alias}.start >= b.h1_from AND ${alias}.start < b.h1_to) OR (${alias}.span = 'hour' AND ${alias}.start >= b.h2_from AND ${alias}.start < b.h2_to))`
    : `${alias}.tenant_id = p_tenant AND ${alias}.day >= b.day_raw_to AND ${alias}.day < b.day_raw_from`;
const rawRows = (columns: string, spanned: boolean, where = "") => {
  const [to, from] = spanned ? ["b.raw_to", "b.raw_from"] : ["b.day_raw_to", "b.day_raw_from"];
  return `LATERAL (
      SELECT ${columns} FROM evaluation_runs WHERE tenant_id = p_tenant AND created_at >= p_from AND created_at < ${to}${where}
      UNION ALL SELECT ${columns} FROM evaluation_runs WHERE tenant_id = p_tenant AND created_at >= ${from} AND created_at < p_to${where}) r`;
};

/**
 * The rollup as a migration would create it: tables under the same row level security as
 * evaluation_runs, functions that read a window as whole days + whole hours + raw edge rows,
 * and statement-level triggers that keep the tables in step with inserts, feedback and deletes.
 */
const ROLLUP_DDL = [
  `CREATE TABLE evaluation_run_stats (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    span text NOT NULL CHECK (span IN ('hour', 'day')),
    start timestamptz NOT NULL,
    mode search_mode NOT NULL,
    runs integer NOT NULL, rated integer NOT NULL, thumbs_up integer NOT NULL, thumbs_down integer NOT NULL, zero_results integer NOT NULL,
    quality_runs integer NOT NULL, quality_sum double precision NOT NULL,
    quality_hist integer[] NOT NULL,
    PRIMARY KEY (tenant_id, span, start, mode))`,
  `CREATE TABLE evaluation_run_latency (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    span text NOT NULL CHECK (span IN ('hour', 'day')),
    start timestamptz NOT NULL,
    mode search_mode NOT NULL,
    bucket smallint NOT NULL,
    runs integer NOT NULL,
    PRIMARY KEY (tenant_id, span, start, mode, bucket))`,
  `CREATE TABLE evaluation_run_queries (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    day timestamptz NOT NULL, mode search_mode NOT NULL, query text NOT NULL,
    runs integer NOT NULL, quality_runs integer NOT NULL, quality_sum double precision NOT NULL, thumbs_down integer NOT NULL,
    zero_runs integer NOT NULL, zero_quality_runs integer NOT NULL, zero_quality_sum double precision NOT NULL, zero_thumbs_down integer NOT NULL,
    last_at timestamptz, last_run_id uuid, last_zero_at timestamptz, last_zero_run_id uuid,
    PRIMARY KEY (tenant_id, day, mode, query))`,
  `CREATE TABLE evaluation_run_documents (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    day timestamptz NOT NULL, mode search_mode NOT NULL, document_id text NOT NULL,
    runs integer NOT NULL, last_at timestamptz, last_run_id uuid,
    PRIMARY KEY (tenant_id, day, mode, document_id))`,
  `CREATE TABLE evaluation_run_users (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    day timestamptz NOT NULL, user_id uuid NOT NULL, runs integer NOT NULL,
    PRIMARY KEY (tenant_id, day, user_id))`,
  `DO $$
  DECLARE t text;
  BEGIN
    FOREACH t IN ARRAY ARRAY[${ROLLUP_TABLES.map((t) => `'${t}'`).join(", ")}] LOOP
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
      EXECUTE format('CREATE POLICY tenant_isolation ON %I AS PERMISSIVE FOR ALL TO tkc_app '
        'USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
        'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
      EXECUTE format('CREATE POLICY system_access ON %I AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true)', t);
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tkc_app, tkc_system', t);
    END LOOP;
  END $$`,
  `CREATE FUNCTION evaluation_latency_bucket(ms double precision) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN floor(ln(greatest(ms, 0.01)) / ln(${G}))::smallint`,
  // [from, to) as whole UTC days [day_from, day_to) (when p_days), whole hours h1 and h2 around
  // them, raw rows in [from, raw_to) and [raw_from, to); for the day-grained tables, whole days
  // [day_raw_to, day_raw_from) and raw rows in [from, day_raw_to) and [day_raw_from, to).
  `CREATE FUNCTION evaluation_run_tiers(p_from timestamptz, p_to timestamptz, p_days boolean)
    RETURNS TABLE (day_from timestamptz, day_to timestamptz, h1_from timestamptz, h1_to timestamptz, h2_from timestamptz, h2_to timestamptz,
      raw_to timestamptz, raw_from timestamptz, day_raw_to timestamptz, day_raw_from timestamptz)
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN use_days THEN df ELSE p_from END, CASE WHEN use_days THEN dt ELSE p_from END,
      CASE WHEN use_hours THEN hf ELSE p_from END, CASE WHEN use_days THEN df WHEN use_hours THEN ht ELSE p_from END,
      CASE WHEN use_days THEN dt ELSE p_from END, CASE WHEN use_days THEN ht ELSE p_from END,
      CASE WHEN use_hours THEN hf ELSE p_to END, CASE WHEN use_hours THEN ht ELSE p_to END,
      CASE WHEN df < dt THEN df ELSE p_to END, CASE WHEN df < dt THEN dt ELSE p_to END
    FROM (SELECT *, hf < ht AS use_hours, p_days AND df < dt AS use_days FROM (
      SELECT date_trunc('hour', (p_from AT TIME ZONE 'UTC') + interval '1 hour' - interval '1 microsecond') AT TIME ZONE 'UTC' AS hf,
        date_trunc('hour', p_to AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS ht,
        date_trunc('day', (p_from AT TIME ZONE 'UTC') + interval '1 day' - interval '1 microsecond') AT TIME ZONE 'UTC' AS df,
        date_trunc('day', p_to AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS dt) a) b
  $$`,
  `CREATE FUNCTION evaluation_run_stats_in(p_tenant uuid, p_from timestamptz, p_to timestamptz, p_days boolean)
    RETURNS TABLE (start timestamptz, mode search_mode, runs bigint, rated bigint, thumbs_up bigint, thumbs_down bigint, zero_results bigint,
      quality_runs bigint, quality_sum double precision, quality_hist integer[])
    LANGUAGE sql STABLE AS $$
    SELECT s.start, s.mode, s.runs, s.rated, s.thumbs_up, s.thumbs_down, s.zero_results, s.quality_runs, s.quality_sum, s.quality_hist
    FROM evaluation_run_tiers(p_from, p_to, p_days) b JOIN evaluation_run_stats s ON ${tierJoin("s", true)}
    UNION ALL
    SELECT ${hourOf("r.created_at")}, r.mode, count(*), count(r.user_feedback), count(*) FILTER (WHERE r.user_feedback = 'thumbs_up'),
      count(*) FILTER (WHERE r.user_feedback = 'thumbs_down'), count(*) FILTER (WHERE r.result_count = 0),
      count(r.quality_score), coalesce(sum(r.quality_score), 0), ${qualityHist("count(*)", "r.")}
    FROM evaluation_run_tiers(p_from, p_to, p_days) b, ${rawRows("created_at, mode, user_feedback, result_count, quality_score", true)}
    GROUP BY 1, 2
  $$`,
  `CREATE FUNCTION evaluation_run_latency_in(p_tenant uuid, p_from timestamptz, p_to timestamptz, p_days boolean)
    RETURNS TABLE (start timestamptz, mode search_mode, bucket smallint, runs bigint)
    LANGUAGE sql STABLE AS $$
    SELECT l.start, l.mode, l.bucket, l.runs::bigint FROM evaluation_run_tiers(p_from, p_to, p_days) b JOIN evaluation_run_latency l ON ${tierJoin("l", true)}
    UNION ALL
    SELECT ${hourOf("r.created_at")}, r.mode, evaluation_latency_bucket(r.latency_ms), count(*)
    FROM evaluation_run_tiers(p_from, p_to, p_days) b, ${rawRows("created_at, mode, latency_ms", true)}
    GROUP BY 1, 2, 3
  $$`,
  `CREATE FUNCTION evaluation_run_queries_in(p_tenant uuid, p_from timestamptz, p_to timestamptz)
    RETURNS TABLE (mode search_mode, query text, runs bigint, quality_runs bigint, quality_sum double precision, thumbs_down bigint,
      zero_runs bigint, zero_quality_runs bigint, zero_quality_sum double precision, zero_thumbs_down bigint,
      last_at timestamptz, last_run_id uuid, last_zero_at timestamptz, last_zero_run_id uuid)
    LANGUAGE sql STABLE AS $$
    SELECT q.mode, q.query, q.runs, q.quality_runs, q.quality_sum, q.thumbs_down, q.zero_runs, q.zero_quality_runs, q.zero_quality_sum, q.zero_thumbs_down,
      q.last_at, q.last_run_id, q.last_zero_at, q.last_zero_run_id
    FROM evaluation_run_tiers(p_from, p_to, true) b JOIN evaluation_run_queries q ON ${tierJoin("q", false)}
    UNION ALL
    SELECT r.mode, r.query, count(*), count(r.quality_score), coalesce(sum(r.quality_score), 0), count(*) FILTER (WHERE r.user_feedback = 'thumbs_down'),
      count(*) FILTER (WHERE r.result_count = 0), count(r.quality_score) FILTER (WHERE r.result_count = 0),
      coalesce(sum(r.quality_score) FILTER (WHERE r.result_count = 0), 0), count(*) FILTER (WHERE r.result_count = 0 AND r.user_feedback = 'thumbs_down'),
      max(r.created_at), (array_agg(r.id ORDER BY r.created_at DESC))[1],
      max(r.created_at) FILTER (WHERE r.result_count = 0), (array_agg(r.id ORDER BY r.created_at DESC) FILTER (WHERE r.result_count = 0))[1]
    FROM evaluation_run_tiers(p_from, p_to, true) b, ${rawRows("id, created_at, mode, query, quality_score, user_feedback, result_count", false)}
    GROUP BY 1, 2
  $$`,
  `CREATE FUNCTION evaluation_run_documents_in(p_tenant uuid, p_from timestamptz, p_to timestamptz)
    RETURNS TABLE (mode search_mode, document_id text, runs bigint, last_at timestamptz, last_run_id uuid)
    LANGUAGE sql STABLE AS $$
    SELECT x.mode, x.document_id, x.runs::bigint, x.last_at, x.last_run_id FROM evaluation_run_tiers(p_from, p_to, true) b JOIN evaluation_run_documents x ON ${tierJoin("x", false)}
    UNION ALL
    SELECT r.mode, e.document_id, count(*), max(r.created_at), (array_agg(r.id ORDER BY r.created_at DESC))[1]
    FROM evaluation_run_tiers(p_from, p_to, true) b, ${rawRows("id, created_at, mode, sources", false, " AND user_feedback = 'thumbs_down'")}
    CROSS JOIN LATERAL (SELECT DISTINCT j->>'documentId' AS document_id FROM jsonb_array_elements(r.sources) j) e
    WHERE e.document_id IS NOT NULL
    GROUP BY 1, 2
  $$`,
  `CREATE FUNCTION evaluation_run_users_in(p_tenant uuid, p_from timestamptz, p_to timestamptz)
    RETURNS TABLE (user_id uuid)
    LANGUAGE sql STABLE AS $$
    SELECT u.user_id FROM evaluation_run_tiers(p_from, p_to, true) b JOIN evaluation_run_users u ON ${tierJoin("u", false)} AND u.runs > 0
    UNION ALL
    SELECT r.user_id FROM evaluation_run_tiers(p_from, p_to, true) b, ${rawRows("user_id", false)}
  $$`,
  `CREATE FUNCTION evaluation_runs_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    ${applyRollup("SELECT n.*, 1 AS sign FROM new_rows n")};
    RETURN NULL;
  END $fn$`,
  `CREATE FUNCTION evaluation_runs_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    ${applyRollup("SELECT o.*, -1 AS sign FROM old_rows o")};
    RETURN NULL;
  END $fn$`,
  // Only rows whose rolled-up columns changed (feedback, mostly) move between rollup rows.
  `CREATE FUNCTION evaluation_runs_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    ${applyRollup(`SELECT n.*, 1 AS sign FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE ${changed("n", "o")}
      UNION ALL SELECT o.*, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ${changed("n", "o")}`)};
    RETURN NULL;
  END $fn$`,
];

/** Backfill of runs in [from, to); run before the triggers exist (or in their transaction, the table locked). */
const backfill = (from: string, to: string) => applyRollup(`SELECT r.*, 1 AS sign FROM evaluation_runs r WHERE r.created_at >= ${from} AND r.created_at < ${to}`);

const ROLLUP_TRIGGER_DDL = [
  `CREATE TRIGGER evaluation_runs_rollup_insert AFTER INSERT ON evaluation_runs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION evaluation_runs_rollup_insert()`,
  `CREATE TRIGGER evaluation_runs_rollup_update AFTER UPDATE ON evaluation_runs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION evaluation_runs_rollup_update()`,
  `CREATE TRIGGER evaluation_runs_rollup_delete AFTER DELETE ON evaluation_runs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION evaluation_runs_rollup_delete()`,
  ...ROLLUP_TABLES.map((t) => `VACUUM ANALYZE ${t}`),
];

async function setUpRollup(pg: PGlite): Promise<Record<string, number>> {
  const ddl = await execEach(pg, ROLLUP_DDL);
  const started = performance.now();
  const { rows } = await pg.query<{ first: Date; last: Date }>(`SELECT min(created_at) AS first, max(created_at) AS last FROM evaluation_runs`);
  const first = new Date(Math.floor(rows[0]!.first.getTime() / DAY_MS) * DAY_MS);
  for (let at = first; at <= rows[0]!.last; at = new Date(at.getTime() + 10 * DAY_MS)) await pg.query(backfill(`'${at.toISOString()}'`, `'${new Date(at.getTime() + 10 * DAY_MS).toISOString()}'`));
  const backfillSeconds = round((performance.now() - started) / 1000, 1);
  return { ddl, backfill: backfillSeconds, triggersAndVacuum: await execEach(pg, ROLLUP_TRIGGER_DDL) };
}

/**
 * Latency percentile p over histogram rows (lb, n, below, total) as percentile_cont computes it:
 * interpolated between the values at ranks floor(p(N-1)) and ceil(p(N-1)), each placed evenly
 * (log scale) inside its bucket.
 */
const pct = (p: number) => {
  const at = (rank: string) => `max(power(${G}::float8, (lb + (${rank} - below + 0.5) / n)::float8)) FILTER (WHERE below <= ${rank} AND ${rank} < below + n)`;
  const [lo, hi] = [`floor(${p} * (total - 1))`, `ceil(${p} * (total - 1))`];
  return sql.raw(`(${at(lo)} + (${at(hi)} - ${at(lo)}) * (${p} * (max(total) - 1) - floor(${p} * (max(total) - 1)))::float8)`);
};

async function rollupQueryMetrics({ actor, range }: { actor: Actor; range: DashboardRange }) {
  const days = range.bucket === "day";
  const modeIs = sql`(${range.mode}::search_mode IS NULL OR mode = ${range.mode}::search_mode)`;
  const window = (from: Date, to: Date) => sql`${actor.tenantId}::uuid, ${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, ${days}::boolean`;
  const kpis = async (tx: Transaction, from: Date, to: Date) => {
    const [r] = await queryRows<{ queries: number; p50: number | null; p95: number | null; quality: number | null; up: number; rated: number; zero: number }>(
      tx,
      sql`WITH s AS (
          SELECT sum(runs)::int AS queries, sum(quality_runs) AS qn, sum(quality_sum) AS qsum, sum(thumbs_up)::int AS up, sum(rated)::int AS rated, sum(zero_results)::int AS zero
          FROM evaluation_run_stats_in(${window(from, to)}) WHERE ${modeIs}
        ), h AS (
          SELECT bucket AS lb, sum(runs) AS n FROM evaluation_run_latency_in(${window(from, to)}) WHERE ${modeIs} GROUP BY 1
        ), c AS (
          SELECT lb, n, sum(n) OVER (ORDER BY lb) - n AS below, sum(n) OVER () AS total FROM h WHERE n > 0
        )
        SELECT coalesce(s.queries, 0) AS queries, (SELECT ${pct(0.5)} FROM c) AS p50, (SELECT ${pct(0.95)} FROM c) AS p95,
          (s.qsum / nullif(s.qn, 0))::float8 AS quality, coalesce(s.up, 0) AS up, coalesce(s.rated, 0) AS rated, coalesce(s.zero, 0) AS zero
        FROM s`,
    );
    return {
      queries: r!.queries,
      p50: r!.p50,
      p95: r!.p95,
      meanQuality: r!.quality,
      thumbsUpRate: r!.rated ? r!.up / r!.rated : null,
      zeroResultRate: r!.queries ? r!.zero / r!.queries : null,
    };
  };
  return withTenant(actor, async (tx) => {
    const current = await kpis(tx, range.from, range.to);
    const previous = await kpis(tx, range.previousFrom, range.from);
    const step = range.bucket === "hour" ? "1 hour" : "1 day";
    const series = await queryRows<SeriesPoint>(
      tx,
      sql`WITH buckets AS (
          SELECT generate_series(date_trunc(${range.bucket}, ${range.from.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${range.to.toISOString()}::timestamptz AT TIME ZONE 'UTC' - interval '1 microsecond', ${step}::interval) AS t
        ), s AS (
          SELECT date_trunc(${range.bucket}, start AT TIME ZONE 'UTC') AS t, sum(runs)::int AS queries, sum(thumbs_up)::int AS up, sum(thumbs_down)::int AS down, sum(zero_results)::int AS zero
          FROM evaluation_run_stats_in(${window(range.from, range.to)}) WHERE ${modeIs} GROUP BY 1
        ), h AS (
          SELECT date_trunc(${range.bucket}, start AT TIME ZONE 'UTC') AS t, bucket AS lb, sum(runs) AS n
          FROM evaluation_run_latency_in(${window(range.from, range.to)}) WHERE ${modeIs} GROUP BY 1, 2
        ), c AS (
          SELECT t, lb, n, sum(n) OVER (PARTITION BY t ORDER BY lb) - n AS below, sum(n) OVER (PARTITION BY t) AS total FROM h WHERE n > 0
        ), p AS (
          SELECT t, ${pct(0.5)} AS p50, ${pct(0.95)} AS p95, ${pct(0.99)} AS p99 FROM c GROUP BY t
        )
        SELECT to_char(b.t, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS t, coalesce(s.queries, 0) AS queries, p.p50, p.p95, p.p99,
          coalesce(s.up, 0) AS "thumbsUp", coalesce(s.down, 0) AS "thumbsDown", coalesce(s.zero, 0) AS "zeroResults"
        FROM buckets b LEFT JOIN s ON s.t = b.t LEFT JOIN p ON p.t = b.t ORDER BY b.t`,
    );
    const qualityDistribution = await queryRows<{ bucket: number; runs: number }>(
      tx,
      sql`SELECT b AS bucket, coalesce(r.runs, 0) AS runs FROM generate_series(0, 9) b
        LEFT JOIN (
          SELECT u.i::int - 1 AS bucket, sum(u.v)::int AS runs
          FROM evaluation_run_stats_in(${window(range.from, range.to)}) s, unnest(s.quality_hist) WITH ORDINALITY u(v, i) WHERE ${modeIs} GROUP BY 1
        ) r ON r.bucket = b ORDER BY b`,
    );
    const byMode = await queryRows<{ mode: string; queries: number; p50: number | null; p95: number | null }>(
      tx,
      sql`WITH s AS (
          SELECT mode, sum(runs)::int AS queries FROM evaluation_run_stats_in(${window(range.from, range.to)}) WHERE ${modeIs} GROUP BY 1
        ), h AS (
          SELECT mode, bucket AS lb, sum(runs) AS n FROM evaluation_run_latency_in(${window(range.from, range.to)}) WHERE ${modeIs} GROUP BY 1, 2
        ), c AS (
          SELECT mode, lb, n, sum(n) OVER (PARTITION BY mode ORDER BY lb) - n AS below, sum(n) OVER (PARTITION BY mode) AS total FROM h WHERE n > 0
        ), p AS (
          SELECT mode, ${pct(0.5)} AS p50, ${pct(0.95)} AS p95 FROM c GROUP BY mode
        )
        SELECT s.mode::text AS mode, s.queries, p.p50, p.p95 FROM s LEFT JOIN p ON p.mode = s.mode WHERE s.queries > 0 ORDER BY s.mode::text`,
    );
    return { current, previous, series, qualityDistribution, byMode };
  });
}

async function rollupQueryTables({ actor, range }: { actor: Actor; range: DashboardRange }) {
  const window = sql`${actor.tenantId}::uuid, ${range.from.toISOString()}::timestamptz, ${range.to.toISOString()}::timestamptz`;
  const modeIs = sql`(${range.mode}::search_mode IS NULL OR mode = ${range.mode}::search_mode)`;
  return withTenant(actor, async (tx) => {
    // Both query tables from one pass over the rollup (the service runs two statements).
    const queryTables = await queryRows<QueryRow & { kind: "top" | "zero" }>(
      tx,
      sql`WITH g AS MATERIALIZED (
          SELECT query, sum(runs)::int AS runs, (sum(quality_sum) / nullif(sum(quality_runs), 0))::float8 AS quality, sum(thumbs_down)::int AS down,
            (array_agg(last_run_id ORDER BY last_at DESC NULLS LAST))[1]::text AS latest,
            sum(zero_runs)::int AS zero_runs, (sum(zero_quality_sum) / nullif(sum(zero_quality_runs), 0))::float8 AS zero_quality,
            sum(zero_thumbs_down)::int AS zero_down, (array_agg(last_zero_run_id ORDER BY last_zero_at DESC NULLS LAST))[1]::text AS zero_latest
          FROM evaluation_run_queries_in(${window}) WHERE ${modeIs} GROUP BY query
        )
        (SELECT 'top' AS kind, query, runs, quality AS "meanQuality", down AS "thumbsDown", latest AS "latestRunId"
          FROM g WHERE runs > 0 ORDER BY runs DESC, query LIMIT 10)
        UNION ALL
        (SELECT 'zero', query, zero_runs, zero_quality, zero_down, zero_latest FROM g WHERE zero_runs > 0 ORDER BY zero_runs DESC, query LIMIT 10)`,
    );
    const pick = (kind: "top" | "zero"): QueryRow[] => queryTables.filter((r) => r.kind === kind).map(({ kind: _, ...row }) => row);
    const topQueries = pick("top");
    const zeroResultQueries = pick("zero");
    // The service's own statement: the thumbs-down partial index serves it in its ORDER BY.
    const worstRated = await queryRows<RunRow>(
      tx,
      sql`SELECT id::text, query, mode::text AS mode, quality_score AS "qualityScore", latency_ms AS "latencyMs",
          metadata->>'comment' AS comment, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
        FROM evaluation_runs WHERE tenant_id = ${actor.tenantId}::uuid AND created_at >= ${range.from.toISOString()}::timestamptz AND created_at < ${range.to.toISOString()}::timestamptz
          ${range.mode ? sql`AND mode = ${range.mode}::search_mode` : sql``} AND user_feedback = 'thumbs_down'
        ORDER BY quality_score ASC NULLS FIRST, created_at DESC LIMIT 10`,
    );
    const badDocuments = await queryRows<DocumentRow>(
      tx,
      sql`SELECT x.document_id AS "documentId", d.filename, sum(x.runs)::int AS runs,
          (array_agg(x.last_run_id ORDER BY x.last_at DESC NULLS LAST))[1]::text AS "latestRunId"
        FROM evaluation_run_documents_in(${window}) x LEFT JOIN documents d ON d.id::text = x.document_id
        WHERE ${modeIs}
        GROUP BY x.document_id, d.filename HAVING sum(x.runs) > 0 ORDER BY sum(x.runs) DESC, x.document_id LIMIT 10`,
    );
    return { topQueries, zeroResultQueries, worstRated, badDocuments };
  });
}

/** The usage service as it is but for activeMembers, whose statement reads the users rollup (same parameters). */
const ACTIVE_MEMBERS_FROM_ROLLUP: Rewrite = {
  find: "SELECT user_id FROM evaluation_runs WHERE tenant_id = $1::uuid AND created_at >= $2::timestamptz AND created_at < $3::timestamptz",
  replace: "SELECT user_id FROM evaluation_run_users_in($1::uuid, $2::timestamptz, $3::timestamptz)",
  why: "rollup: getUsageMetrics activeMembers reads evaluation_run_users_in() instead of evaluation_runs",
};

const ROLLUP_SERVICES: Service[] = [
  { name: "getQueryMetrics", statements: LIVE_SERVICES[0]!.statements, run: (actor, range) => rollupQueryMetrics({ actor, range }) },
  LIVE_SERVICES[1]!,
  { name: "getQueryTables", statements: ["topQueries + zeroResultQueries", "worstRated", "badDocuments"], run: (actor, range) => rollupQueryTables({ actor, range }) },
  LIVE_SERVICES[3]!,
];

// --- The benchmark ------------------------------------------------------------------------

interface Variant {
  /** For BENCH_DASHBOARD_VARIANTS. */
  key: string;
  name: string;
  /** Applies the variant (on top of the ones before it); returns how long that took. */
  setup?: () => Promise<unknown>;
  services?: Service[];
  rewrites?: Rewrite[];
}

const WORK_MEM = [`SET work_mem = '64MB'`];

/**
 * The covering index replaces (tenant_id, created_at): same key, so it serves every query the old
 * one did, and the dashboard's scans become index-only (once the heap is vacuumed). The partial
 * indexes serve worstRated (in its ORDER BY) and zeroResultQueries.
 */
const INDEXES = [
  `SET maintenance_work_mem = '256MB'`,
  `CREATE INDEX IF NOT EXISTS evaluation_runs_dashboard_idx ON evaluation_runs (tenant_id, created_at)
    INCLUDE (mode, latency_ms, quality_score, user_feedback, result_count, user_id, query, id)`,
  `DROP INDEX IF EXISTS evaluation_runs_tenant_id_created_at_index`,
  `CREATE INDEX IF NOT EXISTS evaluation_runs_thumbs_down_idx ON evaluation_runs (tenant_id, quality_score ASC NULLS FIRST, created_at DESC)
    WHERE user_feedback = 'thumbs_down'`,
  `CREATE INDEX IF NOT EXISTS evaluation_runs_zero_results_idx ON evaluation_runs (tenant_id, created_at)
    INCLUDE (query, quality_score, user_feedback, id) WHERE result_count = 0`,
  `RESET maintenance_work_mem`,
  `VACUUM ANALYZE evaluation_runs`,
];

const RESTORE_PLAIN_INDEX = [
  `CREATE INDEX IF NOT EXISTS evaluation_runs_tenant_id_created_at_index ON evaluation_runs (tenant_id, created_at)`,
  `DROP INDEX IF EXISTS evaluation_runs_dashboard_idx`,
];

/** Everything the variants create, so a kept database starts each run at the baseline. */
const RESET = [
  ...DROP_ROLLUP,
  `DELETE FROM evaluation_runs WHERE created_at >= '${new Date(NOW.getTime() - 3 * 3_600_000).toISOString()}' AND metadata ? 'benchWrite'`,
  `RESET work_mem`,
  ...RESTORE_PLAIN_INDEX,
  `DROP INDEX IF EXISTS evaluation_runs_thumbs_down_idx, evaluation_runs_zero_results_idx`,
];

async function execEach(pg: PGlite, statements: string[]): Promise<number> {
  const started = performance.now();
  for (const statement of statements) await pg.exec(statement);
  return round((performance.now() - started) / 1000, 1);
}

async function openData(dir: string, runs: number) {
  const handle = await openPglite(path.join(dir, "pglite"));
  const pg = handle.pglite!;
  await handle.migrate();
  setDatabase(handle);
  const [kept] = (await pg.query<{ runs: number }>(`SELECT runs FROM bench_meta`).catch(() => ({ rows: [] }))).rows;
  if (kept && kept.runs !== runs) throw new Error(`${dir} holds a ${kept.runs}-run database, not ${runs}`);
  let loadSeconds: Record<string, number> | "kept" = "kept";
  if (!kept) {
    const loaded = await measure(() => load(pg, runs));
    loadSeconds = { ...loaded.value.seconds, total: round(loaded.seconds) };
    await pg.exec(`CREATE TABLE bench_meta AS SELECT ${runs}::int AS runs`);
  }
  await execEach(pg, RESET);
  const { rows } = await pg.query<{ id: string; runs: number }>(
    `SELECT t.id, (SELECT count(*)::int FROM evaluation_runs r WHERE r.tenant_id = t.id) AS runs FROM tenants t WHERE t.slug LIKE 'bench-%' ORDER BY t.created_at, t.slug`,
  );
  return { handle, pg, loadSeconds, tenants: rows };
}

async function sizes(pg: PGlite) {
  const { rows } = await pg.query<{ name: string; size: string }>(
    `SELECT c.relname AS name, pg_size_pretty(pg_total_relation_size(c.oid)) AS size FROM pg_class c
     WHERE c.relname LIKE 'evaluation_run%' AND c.relkind IN ('r', 'i') ORDER BY c.relname`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.size]));
}

/** Differences between the services' results and a candidate's: exact but for latency percentiles. */
function compare(live: unknown, other: unknown, at = "", out = { differences: [] as string[], headlineErrors: [] as number[], seriesErrors: [] as number[] }) {
  if (Array.isArray(live) && Array.isArray(other)) {
    if (live.length !== other.length) out.differences.push(`${at}: ${live.length} rows, candidate ${other.length}`);
    live.forEach((v, i) => i < other.length && compare(v, other[i], `${at}[${i}]`, out));
  } else if (live && other && typeof live === "object" && typeof other === "object") {
    for (const [k, v] of Object.entries(live)) compare(v, (other as Record<string, unknown>)[k], at ? `${at}.${k}` : k, out);
  } else if (typeof live === "number" && typeof other === "number") {
    if (/\.p(50|95|99)$/.test(at)) (at.includes(".series[") ? out.seriesErrors : out.headlineErrors).push(Math.abs(other - live) / Math.abs(live));
    else if (Math.abs(other - live) > 1e-9 * Math.max(1, Math.abs(live))) out.differences.push(`${at}: ${live}, candidate ${other}`);
  } else if (live !== other) out.differences.push(`${at}: ${JSON.stringify(live)}, candidate ${JSON.stringify(other)}`);
  return out;
}

const errorPct = (errors: number[]) => {
  const sorted = [...errors].sort((a, b) => a - b);
  return { compared: sorted.length, p50: round(percentile(sorted, 50) * 100, 2), p95: round(percentile(sorted, 95) * 100, 2), max: round((sorted[sorted.length - 1] ?? NaN) * 100, 2) };
};

/** Counts, rates, rows and links must match exactly; latency percentiles are approximate (error in %). */
const summarize = (c: ReturnType<typeof compare>) => ({
  differences: c.differences.length,
  firstDifferences: c.differences.slice(0, 5),
  percentileErrorPct: { kpisAndByMode: errorPct(c.headlineErrors), seriesPoints: errorPct(c.seriesErrors) },
});

/** The write path as the search service and giveFeedback use it: one run per transaction, then feedback on each. */
async function writePath(actor: Actor, documentIds: string[], n: number, offsetMs: number) {
  const insertMs: number[] = [];
  const feedbackMs: number[] = [];
  const ids: string[] = [];
  const modes = ["hybrid", "semantic", "fulltext"] as const;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const [row] = await withTenant(actor, (tx) =>
      tx
        .insert(evaluationRuns)
        .values({
          tenantId: actor.tenantId,
          query: `bench write ${i % 7}`,
          mode: modes[i % 3]!,
          sources: i % 10 === 0 ? [] : documentIds.slice(i % 3, (i % 3) + 5).map((documentId, r) => ({ documentId, rank: r + 1, score: 0.5 })),
          latencyMs: 5 + ((i * 37) % 120),
          qualityScore: (i % 10) / 10,
          metadata: { benchWrite: true },
          createdAt: new Date(NOW.getTime() - 1 - offsetMs - ((i * 7_919_000) % 7_200_000)),
        })
        .returning({ id: evaluationRuns.id }),
    );
    insertMs.push(performance.now() - started);
    ids.push(row!.id);
  }
  for (const [i, id] of ids.entries()) {
    const started = performance.now();
    await withTenant(actor, (tx) => tx.update(evaluationRuns).set({ userFeedback: i % 3 === 0 ? "thumbs_down" : "thumbs_up" }).where(eq(evaluationRuns.id, id)));
    feedbackMs.push(performance.now() - started);
  }
  return { insertMs: stat(insertMs), feedbackMs: stat(feedbackMs) };
}

async function resultsOf(services: Service[], actor: Actor, preset: Preset) {
  const { range } = resolveRange({ range: preset }, NOW);
  const out: Record<string, unknown> = {};
  for (const s of services) out[s.name] = await s.run(actor, range);
  return out;
}

/**
 * `npm run bench -- dashboard [runs] [reps]`: `runs` evaluation runs over 90 days in one tenant
 * and as many spread over nine others, generated inside a fresh embedded database; the
 * dashboard's services timed for 24 h, 30 d and 90 d, the slow statements explained, then the
 * same figures with more work_mem, covering and partial indexes, and rollup tables kept by
 * triggers (checked against the services' own results). About 9 minutes for the default million
 * on two cores, 2.5 of them loading. BENCH_DASHBOARD_DIR keeps the loaded database for the next
 * run; BENCH_DASHBOARD_VARIANTS=baseline,workmem,indexes,rollup,rollup-plain,rollup-fresh measures
 * only those (the others are still applied); BENCH_DASHBOARD_SQL=1 prints the proposed SQL instead.
 */
export async function benchDashboard({ runs = 1_000_000, reps = 5 }: { runs?: number; reps?: number } = {}) {
  if (process.env.BENCH_DASHBOARD_SQL) {
    const text = [
      `-- The rollup (recommended), with the thumbs-down partial index for worstRated; evaluation_runs keeps its (tenant_id, created_at) index.`,
      INDEXES.find((q) => q.includes("evaluation_runs_thumbs_down_idx"))!,
      ...ROLLUP_DDL,
      `-- Backfill, in slices of days ($1, $2), before the triggers exist or in their transaction with the table locked:\n${backfill("$1", "$2")}`,
      ...ROLLUP_TRIGGER_DDL,
      `-- Measured, not needed with the rollup: the covering and zero-results indexes, more work_mem.`,
      ...INDEXES.filter((q) => !q.includes("evaluation_runs_thumbs_down_idx")),
      ...WORK_MEM,
    ];
    console.log(text.map((t) => (t.startsWith("--") ? t : `${t};`)).join("\n\n"));
    return text;
  }
  const benchStarted = performance.now();
  const keep = process.env.BENCH_DASHBOARD_DIR;
  const dir = keep ?? (await mkdtemp(path.join(os.tmpdir(), "tkc-bench-dashboard-")));
  const { handle, pg, loadSeconds, tenants } = await openData(dir, runs);
  try {
    console.log(`${tenants.reduce((n, t) => n + t.runs, 0)} runs (${tenants[0]!.runs} in the big tenant); load seconds:`, loadSeconds);
    const probe = instrument(pg);
    const actor: Actor = { tenantId: tenants[0]!.id, role: "owner" };
    // The write-path check runs in the smallest tenant, on rows just before NOW.
    const small: Actor = { tenantId: tenants[tenants.length - 1]!.id, role: "owner" };
    const smallDocs = (await pg.query<{ id: string }>(`SELECT id FROM documents WHERE tenant_id = $1 AND status = 'completed' ORDER BY created_at LIMIT 8`, [small.tenantId])).rows.map((r) => r.id);
    const writes: Record<string, unknown> = {};

    const only = process.env.BENCH_DASHBOARD_VARIANTS?.split(",");
    const variants: Variant[] = [
      { key: "baseline", name: "baseline" },
      { key: "workmem", name: "+ work_mem 64MB", setup: () => execEach(pg, WORK_MEM) },
      { key: "indexes", name: "+ covering/partial indexes", setup: () => execEach(pg, INDEXES) },
      {
        key: "rollup",
        name: "+ rollup tables",
        setup: async () => {
          writes.withoutRollup = await writePath(small, smallDocs, 200, 0);
          return setUpRollup(pg);
        },
        services: ROLLUP_SERVICES,
        rewrites: [ACTIVE_MEMBERS_FROM_ROLLUP],
      },
      {
        // With the rollup, raw rows are read only at a window's edges: is the covering index still worth its size?
        key: "rollup-plain",
        name: "+ rollup, plain (tenant_id, created_at) index instead of the covering one",
        setup: () => execEach(pg, [...RESTORE_PLAIN_INDEX, `ANALYZE evaluation_runs`]),
        services: ROLLUP_SERVICES,
        rewrites: [ACTIVE_MEMBERS_FROM_ROLLUP],
      },
      {
        // PGlite has no autovacuum: rows since the last VACUUM are not all-visible. Rewrite the newest 36 hours to get there.
        key: "rollup-fresh",
        name: "+ rollup, plain index, newest 36 h not vacuumed",
        setup: async () => {
          const started = performance.now();
          const { affectedRows } = await pg.query(`UPDATE evaluation_runs SET token_count = token_count WHERE tenant_id = $1 AND created_at >= $2`, [actor.tenantId, new Date(NOW.getTime() - 36 * 3_600_000).toISOString()]);
          return { rewrittenRuns: affectedRows, seconds: round((performance.now() - started) / 1000, 1) };
        },
        services: ROLLUP_SERVICES,
        rewrites: [ACTIVE_MEMBERS_FROM_ROLLUP],
      },
    ];
    const report: Record<string, { setupSeconds?: unknown; figures: Partial<Record<Preset, Figures>>; matchesServices?: Record<string, unknown> }> = {};
    const liveResults: Partial<Record<Preset, Record<string, unknown>>> = {};
    const plans: Record<string, string> = {};
    for (const variant of variants) {
      // Variants build on each other: one left out of the measurement is still applied.
      const setupSeconds = variant.setup ? await variant.setup() : undefined;
      if (only && !only.includes(variant.key)) continue;
      probe.state.rewrites = variant.rewrites ?? [];
      const entry: (typeof report)[string] = { setupSeconds, figures: {} };
      for (const preset of PRESETS) {
        const { figures, last } = await measureDashboard(variant.services ?? LIVE_SERVICES, probe, actor, preset, reps);
        entry.figures[preset] = figures;
        console.log(`${variant.name} ${preset}: total p50 ${figures.totalMs.p50} ms (max ${figures.totalMs.max})`, JSON.stringify(figures.services));
        if (variant.name === "baseline") liveResults[preset] = last.results;
        else if (variant.services && liveResults[preset]) (entry.matchesServices ??= {})[preset] = summarize(compare(liveResults[preset], last.results));
        if (preset !== "30d") continue;
        const slow = last.statements.filter((s) => s.sql && s.ms > 3).sort((a, b) => b.ms - a.ms).slice(0, variant.name === "baseline" ? 8 : 4);
        for (const s of slow) plans[`${variant.name}: ${s.label}`] = await explain(pg, actor, s);
      }
      report[variant.name] = entry;
      if (variant.key === "rollup" && variant.services) {
        // The triggers: new runs and feedback after the backfill, then rollup and services agree for that tenant.
        writes.withRollup = await writePath(small, smallDocs, 200, 500);
        for (const preset of ["24h", "30d"] as const) {
          probe.state.rewrites = [];
          const live = await resultsOf(LIVE_SERVICES, small, preset);
          probe.state.rewrites = variant.rewrites ?? [];
          writes[`afterWrites${preset}`] = summarize(compare(live, await resultsOf(variant.services, small, preset)));
        }
      }
    }
    for (const [name, plan] of Object.entries(plans)) console.log(`\n--- EXPLAIN (ANALYZE, BUFFERS) 30d, ${name}\n${plan}`);
    const output = {
      rewritesApplied: [...probe.state.rewritesApplied],
      runs: { bigTenant: tenants[0]!.runs, others: tenants.slice(1).reduce((n, t) => n + t.runs, 0) },
      now: NOW.toISOString(),
      loadSeconds,
      sizes: await sizes(pg),
      reps,
      totalMsP50: Object.fromEntries(Object.entries(report).map(([name, r]) => [name, Object.fromEntries(PRESETS.map((p) => [p, r.figures[p]?.totalMs.p50]))])),
      results: report,
      writePath: writes,
      benchSeconds: round((performance.now() - benchStarted) / 1000),
    };
    console.log(JSON.stringify(output, null, 2));
    return output;
  } finally {
    await handle.close();
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}
