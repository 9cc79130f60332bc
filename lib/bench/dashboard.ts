import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { PGlite, Transaction as PgliteTransaction } from "@electric-sql/pglite";
import { eq } from "drizzle-orm";
import { setDatabase } from "@/db/client";
import { openPglite } from "@/db/connect";
import { evaluationRuns } from "@/db/schema";
import { resolveRange, type DashboardRange } from "@/lib/metrics/dashboard-range";
import { getEvaluationTrend, getQueryMetrics, getQueryTables } from "@/lib/metrics/query-metrics";
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

interface Statement {
  service: string;
  sql: string;
  params: unknown[];
  ms: number;
}

/** Times every statement run inside a transaction (withTenant and withSystem go through here). */
function instrument(pg: PGlite) {
  const log: Statement[] = [];
  const state = { service: "" };
  const original = pg.transaction.bind(pg);
  const timedTx = (tx: PgliteTransaction): PgliteTransaction =>
    new Proxy(tx, {
      get(target, prop) {
        if (prop === "query") {
          return async (query: string, params?: unknown[], options?: Parameters<PgliteTransaction["query"]>[2]) => {
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
const SERVICES: Service[] = [
  { name: "getQueryMetrics", statements: ["kpis (current)", "percentiles (current)", "kpis (previous)", "percentiles (previous)", "series", "series percentiles", "qualityDistribution", "byMode", "byMode percentiles"], run: (actor, range) => getQueryMetrics({ actor, range }) },
  { name: "getEvaluationTrend", statements: ["trend"], run: (actor, range) => getEvaluationTrend({ actor, range }) },
  { name: "getQueryTables", statements: ["topQueries + zeroResultQueries", "worstRated", "badDocuments"], run: (actor, range) => getQueryTables({ actor, range }) },
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
  // A kept database starts each run without the previous run's write-path rows.
  await pg.query(`DELETE FROM evaluation_runs WHERE created_at >= $1 AND metadata ? 'benchWrite'`, [new Date(NOW.getTime() - 3 * 3_600_000).toISOString()]);
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

/** Differences between exact results and a candidate's: counts must match; latency percentiles are measured in %. */
function compare(live: unknown, other: unknown, at = "", out = { differences: [] as string[], headlineErrors: [] as number[], seriesErrors: [] as number[] }) {
  if (Array.isArray(live) && Array.isArray(other)) {
    if (live.length !== other.length) out.differences.push(`${at}: ${live.length} rows, candidate ${other.length}`);
    live.forEach((v, i) => i < other.length && compare(v, other[i], `${at}[${i}]`, out));
  } else if (live && other && typeof live === "object" && typeof other === "object") {
    for (const [k, v] of Object.entries(live)) compare(v, (other as Record<string, unknown>)[k], at ? `${at}.${k}` : k, out);
  } else if (typeof live === "number" && typeof other === "number") {
    if (/\.p(50|95|99)$/.test(at)) (/(^|\.)series\[/.test(at) ? out.seriesErrors : out.headlineErrors).push(Math.abs(other - live) / Math.abs(live));
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

/**
 * `npm run bench -- dashboard [runs] [reps]`: `runs` evaluation runs over 90 days in one tenant
 * and as many spread over nine others, generated inside a fresh embedded database (the rollup's
 * triggers run during the load, as they would in use); the dashboard's services timed for 24 h,
 * 30 d and 90 d, the slowest 30-day statements explained; the write path with the triggers; and
 * the histogram percentiles the large windows get, against exact ones. About 8 minutes for the
 * default million on two cores. BENCH_DASHBOARD_DIR keeps the loaded database for the next run.
 */
export async function benchDashboard({ runs = 1_000_000, reps = 5 }: { runs?: number; reps?: number } = {}) {
  const benchStarted = performance.now();
  const keep = process.env.BENCH_DASHBOARD_DIR;
  const dir = keep ?? (await mkdtemp(path.join(os.tmpdir(), "tkc-bench-dashboard-")));
  const { handle, pg, loadSeconds, tenants } = await openData(dir, runs);
  try {
    console.log(`${tenants.reduce((n, t) => n + t.runs, 0)} runs (${tenants[0]!.runs} in the big tenant); load seconds:`, loadSeconds);
    const probe = instrument(pg);
    const actor: Actor = { tenantId: tenants[0]!.id, role: "owner" };
    const figures: Partial<Record<Preset, Figures>> = {};
    const plans: Record<string, string> = {};
    for (const preset of PRESETS) {
      const { figures: f, last } = await measureDashboard(SERVICES, probe, actor, preset, reps);
      figures[preset] = f;
      console.log(`${preset}: total p50 ${f.totalMs.p50} ms (max ${f.totalMs.max})`, JSON.stringify(f.services));
      if (preset !== "30d") continue;
      for (const s of last.statements.filter((st) => st.sql && st.ms > 3).sort((x, y) => y.ms - x.ms).slice(0, 4)) plans[s.label] = await explain(pg, actor, s);
    }
    for (const [label, plan] of Object.entries(plans)) console.log(`\n--- EXPLAIN (ANALYZE, BUFFERS) 30d, ${label}\n${plan}`);

    // Large windows read percentiles from the latency histogram: how far from exact are they?
    const percentileError: Record<string, unknown> = {};
    for (const preset of PRESETS) {
      const { range } = resolveRange({ range: preset }, NOW);
      const [approximate, exact] = [await getQueryMetrics({ actor, range }), await getQueryMetrics({ actor, range, exactPercentileRuns: Infinity })];
      percentileError[preset] = summarize(compare(exact, approximate));
    }

    // The write path in the smallest tenant, on rows just before NOW: the triggers' cost per run.
    const small: Actor = { tenantId: tenants[tenants.length - 1]!.id, role: "owner" };
    const smallDocs = (await pg.query<{ id: string }>(`SELECT id FROM documents WHERE tenant_id = $1 AND status = 'completed' ORDER BY created_at LIMIT 8`, [small.tenantId])).rows.map((r) => r.id);
    const writes = await writePath(small, smallDocs, 200, 0);

    const output = {
      runs: { bigTenant: tenants[0]!.runs, others: tenants.slice(1).reduce((n, t) => n + t.runs, 0) },
      now: NOW.toISOString(),
      loadSeconds,
      sizes: await sizes(pg),
      reps,
      totalMsP50: Object.fromEntries(PRESETS.map((p) => [p, figures[p]?.totalMs.p50])),
      figures,
      percentileError,
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
