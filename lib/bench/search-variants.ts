import { execFileSync } from "node:child_process";
import { sql } from "drizzle-orm";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { parseQuery } from "@/lib/search/query-parser";
import { DEFAULT_RANKING } from "@/lib/search/ranking-settings";
import { retrieveSql } from "@/lib/search/retrieve";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { measure, round } from "./measure";
import { K, latencyStats, pickQueries, SHARES, type Query, withSearchData } from "./search-data";
import {
  applySettings,
  exact,
  exactBelow,
  phaseOneVariants,
  TODAY,
  type Structure,
  type Variant,
  type VectorQuery,
} from "./vector-variants";

interface Answer {
  ids: string[];
  distances: number[];
}

interface Measured {
  ms: number[];
  answers: Answer[];
}

const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();

/** Today's whole semantic statement (snippets and all), as the figures measured it. */
const shipped: Variant = {
  name: "(a) today's whole retrieve() statement",
  settings: TODAY,
  statement: (q) =>
    retrieveSql({ tenantId: q.tenantId, query: parseQuery(q.text), textConfig: "english", ranking: DEFAULT_RANKING, vector: q.vector, model: q.model, concepts: false, topK: q.k, mode: "semantic" }),
};

async function run(actor: Actor, variant: Variant, q: VectorQuery): Promise<{ ms: number; answer: Answer }> {
  return withTenant(actor, async (tx) => {
    await applySettings(tx, variant.settings);
    const started = performance.now();
    const rows = await queryRows<{ id: string; distance: number }>(tx, variant.statement(q));
    return { ms: performance.now() - started, answer: { ids: rows.map((r) => r.id), distances: rows.map((r) => Number(r.distance)) } };
  });
}

/** Every variant on every query, taking turns per query so a busy moment of the machine hits them all alike. */
async function measureVariants(variants: Variant[], picked: Query[], actors: Actor[], model: string): Promise<Measured[]> {
  const results = variants.map(() => ({ ms: [] as number[], answers: [] as Answer[] }));
  for (const q of picked) {
    const vq = { tenantId: actors[q.tenant]!.tenantId, text: q.text, vector: q.vector, model, k: K };
    for (const [i, variant] of variants.entries()) {
      const { ms, answer } = await run(actors[q.tenant]!, variant, vq);
      results[i]!.ms.push(ms);
      results[i]!.answers.push(answer);
    }
  }
  return results;
}

/**
 * Recall@k by id, and by distance: a result counts when it is as near as the exact k-th, so a tie
 * broken the other way is not a miss. Every variant returns exact distances, so both compare alike.
 */
export function recall(answer: Answer, truth: Answer): { byId: number; byDistance: number } {
  if (truth.ids.length === 0) return { byId: 1, byDistance: 1 };
  const wanted = new Set(truth.ids);
  const kth = truth.distances[truth.distances.length - 1]!;
  return {
    byId: answer.ids.filter((id) => wanted.has(id)).length / truth.ids.length,
    byDistance: Math.min(truth.ids.length, answer.distances.filter((d) => d <= kth + 1e-9).length) / truth.ids.length,
  };
}

/**
 * The smallest tenant size from which the HNSW is faster (p50) than reading every row, for that
 * tenant and every larger one; above the largest when it never is.
 */
export function crossover(perTenant: { rows: number; exactP50: number; hnswP50: number }[]): number {
  const bySize = [...perTenant].sort((a, b) => b.rows - a.rows);
  let threshold = bySize[0]!.rows + 1;
  for (const t of bySize) {
    if (t.hnswP50 >= t.exactP50) break;
    threshold = t.rows;
  }
  return threshold;
}

function summarise(variant: Variant, m: Measured, truth: Answer[], build?: { seconds: number; bytes: number }) {
  const recalls = m.answers.map((a, i) => recall(a, truth[i]!));
  const mean = (xs: number[]) => round(xs.reduce((s, x) => s + x, 0) / xs.length, 3);
  return {
    variant: variant.name,
    ...latencyStats(m.ms),
    recallById: { mean: mean(recalls.map((r) => r.byId)), min: round(Math.min(...recalls.map((r) => r.byId)), 3) },
    recallByDistance: { mean: mean(recalls.map((r) => r.byDistance)), min: round(Math.min(...recalls.map((r) => r.byDistance)), 3) },
    short: m.answers.filter((a, i) => a.ids.length < truth[i]!.ids.length).length,
    buildSeconds: build ? round(build.seconds) : null,
    indexMb: build ? round(build.bytes / 1024 / 1024) : null,
  };
}

async function buildStructures(handle: DatabaseHandle, variants: Variant[]) {
  const builds = new Map<Structure, { seconds: number; bytes: number }>();
  for (const structure of new Set(variants.flatMap((v) => (v.structure ? [v.structure] : [])))) {
    const { seconds } = await measure(() => structure.build(handle.db));
    builds.set(structure, { seconds, bytes: await structure.size(handle.db) });
    console.log(`${structure.name}: built in ${round(seconds)} s (${uptime()})`);
  }
  await handle.db.execute(sql`analyze`);
  return { builds };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a variant's statement for one query, in its tenant's transaction. */
async function explain(actor: Actor, variant: Variant, q: VectorQuery): Promise<string> {
  return withTenant(actor, async (tx) => {
    await applySettings(tx, variant.settings);
    const rows = await queryRows<{ "QUERY PLAN": string }>(tx, sql`explain (analyze, buffers) ${variant.statement(q)}`);
    // The query vector is 384 numbers; the plan reads better without them.
    return rows.map((r) => r["QUERY PLAN"].replace(/'\[[^\]]*\]'/g, "'[q]'")).join("\n");
  });
}

/**
 * How far the tenant's rows are from the query at the 0.1%, 1%, 10% and 50% quantiles: when the
 * nearest are barely nearer than most rows, a greedy graph walk has little to steer by.
 */
async function distanceQuantiles(actor: Actor, vector: number[]): Promise<number[]> {
  return withTenant(actor, async (tx) => {
    const [row] = await queryRows<{ q: number[] }>(
      tx,
      sql`select percentile_cont(array[0.001, 0.01, 0.1, 0.5]) within group (order by embedding <=> ${JSON.stringify(vector)}::vector) as q from chunks`,
    );
    return row!.q.map((d) => round(Number(d), 4));
  });
}

/**
 * `npm run bench -- search-variants [chunks] [queries] [skip]`: the search benchmark's data (100,000
 * chunks over 10 tenants of 30% down to 1%), and the ways pgvector 0.8 offers to answer a
 * tenant-filtered top-10 (vector-variants.ts) measured side by side on it, in one run, with RLS on
 * the path: latency, recall against the exact answer, build time and index size. Then an exact
 * path below the measured crossover size, and the plans of today's worst-recall queries. `skip`
 * names families to leave out, e.g. `d`: halfvec graphs build about 16x slower than full ones in WASM.
 */
export async function benchSearchVariants({ total = 100_000, queries = 200, skip = "" }: { total?: number; queries?: number; skip?: string } = {}) {
  console.log(`start: ${uptime()}`);
  return withSearchData("variants", total, async ({ handle, embedder, corpus, actors, texts, loadSeconds }) => {
    const rowsOf = SHARES.map((_, t) => texts.filter((c) => c.tenant === t).length);
    console.log(`loaded ${texts.length} chunks in ${round(loadSeconds)} s (${uptime()})`);
    // Room to build the graphs in memory; PGlite's default spills to disk and takes many times longer.
    await handle.db.execute(sql`set maintenance_work_mem = '1GB'`);
    // Only the optional families can be left out: (a) is the reference, (b) and (c) give the crossover and the truth.
    const phaseOne = [shipped, ...phaseOneVariants().filter((v) => !/^\([def]\)/.test(v.name) || !skip.includes(v.name[1]!))];
    // Today's whole statement, and its vector part alone, the reference the others are compared with.
    const [shippedAt, todayAt] = [0, 1];
    const { builds } = await buildStructures(handle, phaseOne);
    const picked = pickQueries(texts, { count: queries, tenants: SHARES.length, corpus, embedder });
    const vq = (q: Query): VectorQuery => ({ tenantId: actors[q.tenant]!.tenantId, text: q.text, vector: q.vector, model: embedder.model, k: K });

    // The truth, and how often the k-th distance is shared by more rows than fit in k.
    const truth: Answer[] = [];
    let tiedAtK = 0;
    for (const q of picked) {
      const deeper = (await run(actors[q.tenant]!, exact, { ...vq(q), k: K + 20 })).answer;
      const kth = deeper.distances[K - 1];
      if (kth !== undefined && deeper.distances.filter((d) => d <= kth).length > K) tiedAtK++;
      truth.push({ ids: deeper.ids.slice(0, K), distances: deeper.distances.slice(0, K) });
    }

    const phaseOneUptime = uptime();
    const measured = await measureVariants(phaseOne, picked, actors, embedder.model);
    const rows = phaseOne.map((v, i) => summarise(v, measured[i]!, truth, v.structure && builds.get(v.structure)));

    // Per tenant: the exact path against the HNSW forced on, and where the HNSW starts to pay.
    const forced = phaseOne.findIndex((v) => v.name.startsWith("(b) HNSW forced, relaxed_order ef_search=100"));
    const exactAt = phaseOne.indexOf(exact);
    const perTenant = SHARES.map((_, t) => {
      const of = (i: number) => latencyStats(measured[i]!.ms.filter((_, n) => picked[n]!.tenant === t));
      const recallOf = (i: number) => {
        const r = measured[i]!.answers.flatMap((a, n) => (picked[n]!.tenant === t ? [recall(a, truth[n]!).byDistance] : []));
        return round(r.reduce((s, x) => s + x, 0) / r.length, 3);
      };
      return { tenant: t + 1, rows: rowsOf[t]!, exactP50: of(exactAt).p50, exactP95: of(exactAt).p95, hnswP50: of(forced).p50, hnswP95: of(forced).p95, hnswRecall: recallOf(forced), todayP50: of(todayAt).p50, todayRecall: recallOf(todayAt) };
    });
    const threshold = crossover(perTenant);

    const phaseTwo = [phaseOne[todayAt]!, exactBelow(threshold, TODAY)];
    const phaseTwoUptime = uptime();
    const second = await measureVariants(phaseTwo, picked, actors, embedder.model);
    const phaseTwoRows = phaseTwo.map((v, i) => summarise(v, second[i]!, truth, v.structure && builds.get(v.structure)));

    // Today's worst answers (the whole statement's), and why: their plans under today's settings.
    const worst = measured[shippedAt]!.answers
      .map((a, n) => ({ n, ...recall(a, truth[n]!) }))
      .sort((a, b) => a.byId - b.byId || a.byDistance - b.byDistance)
      .slice(0, 3);
    const explained = [];
    for (const w of worst) {
      const q = picked[w.n]!;
      explained.push({
        query: q.text,
        tenant: q.tenant + 1,
        tenantRows: rowsOf[q.tenant],
        recallById: w.byId,
        recallByDistance: w.byDistance,
        truthDistances: truth[w.n]!.distances.map((d) => round(d, 4)),
        todayDistances: measured[shippedAt]!.answers[w.n]!.distances.map((d) => round(d, 4)),
        tenantDistanceQuantiles: await distanceQuantiles(actors[q.tenant]!, q.vector),
        recallByVariant: Object.fromEntries(phaseOne.map((v, i) => [v.name, recall(measured[i]!.answers[w.n]!, truth[w.n]!).byId])),
        plan: await explain(actors[q.tenant]!, shipped, vq(q)),
      });
    }

    // The exact path's one-time filters: only one branch runs, for the smallest and the largest tenant.
    const gatedPlans = [];
    for (const t of [SHARES.length - 1, 0]) {
      const q = picked.find((p) => p.tenant === t)!;
      gatedPlans.push({ tenant: t + 1, rows: rowsOf[t], plan: await explain(actors[t]!, phaseTwo[1]!, vq(q)) });
    }

    const report = {
      chunks: texts.length,
      queries: picked.length,
      loadSeconds: round(loadSeconds),
      queriesTiedAtK: tiedAtK,
      phaseOne: { uptime: phaseOneUptime, rows },
      perTenant,
      crossoverRows: threshold,
      phaseTwo: { uptime: phaseTwoUptime, rows: phaseTwoRows },
      gatedPlans,
      worstUnderToday: explained,
      end: uptime(),
    };
    console.log(JSON.stringify(report, null, 2));
    return report;
  });
}
