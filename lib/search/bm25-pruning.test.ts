import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { chunks, documents, tenants, users } from "@/db/schema";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { sql } from "drizzle-orm";
import { parseQuery } from "./query-parser";
import { DEFAULT_RANKING } from "./ranking-settings";
import { candidateCount, prepareRetrieval, retrieve, retrieveSql } from "./retrieve";

interface PlanNode {
  "Subplan Name"?: string;
  "Actual Rows": number;
  Plans?: PlanNode[];
}

/** The rows a CTE of an EXPLAIN (ANALYZE, FORMAT JSON) plan produced. */
function cteRows(node: PlanNode, name: string): number | undefined {
  if (node["Subplan Name"] === name) return node["Actual Rows"];
  for (const child of node.Plans ?? []) {
    const found = cteRows(child, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

// Full-text search skips the common terms of a query where they cannot change the top (MaxScore in
// bm25Cte). Whatever it skips, the top must be the one BM25 over every matching chunk gives, and
// every hybrid result must carry its whole BM25 score: here against BM25 recomputed from the
// chunks' own tsvectors, on a workspace where a few words are in most chunks and others in few.

const COMMON = ["harbor", "signal", "ledger", "copper", "meadow"];
const MIDDLING = ["falcon", "granite", "lantern", "orchard", "quartz", "saddle", "thistle", "velvet"];
const RARE = ["zeppelin", "walrus", "nectar", "obsidian", "pelican", "quiver", "rhubarb", "sapphire", "tundra", "umbrella"];
const CHUNKS = 900;

/** A seeded generator, so a failure is the same on every run. */
function random(seed: number) {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

function chunkText(next: () => number): string {
  const words: string[] = [];
  for (const w of COMMON) if (next() < 0.8) words.push(...Array<string>(1 + Math.floor(next() * 3)).fill(w));
  for (const w of MIDDLING) if (next() < 0.15) words.push(...Array<string>(1 + Math.floor(next() * 2)).fill(w));
  for (const w of RARE) if (next() < 0.01) words.push(w);
  // Lengths vary, so length normalisation matters too.
  const filler = Math.floor(next() * 30);
  for (let i = 0; i < filler; i++) words.push(`filler${Math.floor(next() * 400)}`);
  return words.sort(() => next() - 0.5).join(" ") || "harbor";
}

const QUERIES = [
  "zeppelin harbor signal",
  "walrus falcon ledger copper",
  "harbor signal ledger",
  "nectar",
  "obsidian pelican granite meadow harbor",
  "lantern orchard harbor harbor",
  "quartz copper",
  "tundra umbrella saddle thistle velvet signal",
];

describe("BM25 with the common terms skipped where they cannot matter", () => {
  let handle: DatabaseHandle;
  let actor: Actor;
  const embedder = new HashingEmbedder(384);

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "pruning@example.test" }).returning();
    const [tenant] = await handle.db.insert(tenants).values({ name: "Pruning", slug: "pruning" }).returning();
    actor = { tenantId: tenant!.id, role: "member", userId: user!.id };
    const next = random(7);
    await withTenant(actor, async (tx) => {
      const [doc] = await tx
        .insert(documents)
        .values({ tenantId: actor.tenantId, filename: "corpus.txt", mimeType: "text/plain", fileSize: 1, sha256: "f".repeat(64), storageKey: "k/pruning", status: "completed" })
        .returning();
      const texts = Array.from({ length: CHUNKS }, () => chunkText(next));
      // A rare word in enough chunks to set a high bar, far in vector space from the query (many
      // other words); and chunks of a common word alone, the query's nearest vectors.
      for (let i = 0; i < 60; i++) texts.push(["zeppelin", ...Array.from({ length: 25 }, () => `filler${Math.floor(next() * 400)}`)].join(" "));
      texts.push("harbor harbor harbor", "harbor harbor");
      await tx.insert(chunks).values(
        texts.map((content, ordinal) => ({ documentId: doc!.id, tenantId: actor.tenantId, ordinal, content, tokenCount: 5, embedding: embedder.embedOne(content), embeddingModel: embedder.model })),
      );
    });
  }, 120_000);

  afterAll(() => handle?.close());

  /** BM25 of every chunk for `query`, by the textbook formula, from what the database indexed. */
  async function textbookScores(query: string): Promise<Map<string, number>> {
    return withTenant(actor, async (tx) => {
      const rows = await queryRows<{ id: string; len: number; tsv: string }>(tx, sql`select id, lexeme_count as len, tsv::text as tsv from chunks`);
      const terms = await queryRows<{ lexeme: string; weight: number }>(
        tx,
        sql`select lexeme, coalesce(cardinality(positions), 1)::float8 as weight from unnest(to_tsvector('english', ${query}))`,
      );
      const tf = rows.map((r) => new Map([...r.tsv.matchAll(/'([^']+)':([\d,]+)/g)].map((m) => [m[1]!, m[2]!.split(",").length] as const)));
      const n = rows.length;
      const avgdl = rows.reduce((s, r) => s + r.len, 0) / n;
      const { k1, b } = DEFAULT_RANKING;
      const scores = new Map<string, number>();
      rows.forEach((row, i) => {
        let score = 0;
        for (const { lexeme, weight } of terms) {
          const f = tf[i]!.get(lexeme);
          if (!f) continue;
          const df = tf.filter((t) => t.has(lexeme)).length;
          const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          score += (weight * idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * row.len) / avgdl));
        }
        if (score > 0) scores.set(row.id, score);
      });
      return scores;
    });
  }

  async function run(query: string, mode: "fulltext" | "hybrid", topK: number) {
    return withTenant(actor, async (tx) => {
      await prepareRetrieval(tx, actor.tenantId);
      const options = { tenantId: actor.tenantId, mode, query: parseQuery(query), textConfig: "english", ranking: { ...DEFAULT_RANKING, prf: false }, vector: embedder.embedOne(query), model: embedder.model, concepts: false, topK };
      return retrieve(tx, options);
    });
  }

  it.each(QUERIES)("full-text top 10 and 50 of %j equal BM25 over every matching chunk", async (query) => {
    const truth = [...(await textbookScores(query))].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    for (const topK of [10, candidateCount(10)]) {
      const rows = await run(query, "fulltext", topK);
      const expected = truth.slice(0, topK);
      expect(rows.map((r) => r.score)).toEqual(expected.map(([, s]) => expect.closeTo(s, 9)));
      // Ids too, wherever the score is not tied with the next one.
      rows.forEach((r, i) => {
        const tied = truth.some(([id, s], j) => j !== i && Math.abs(s - expected[i]![1]) < 1e-9 && id !== expected[i]![0]);
        if (!tied) expect(r.id, `${query} #${i + 1}`).toBe(expected[i]![0]);
      });
    }
  });

  it.each(QUERIES)("every hybrid result of %j carries its whole BM25 score, also when only the semantic side found it", async (query) => {
    const truth = await textbookScores(query);
    const rows = await run(query, "hybrid", 10);
    expect(rows).toHaveLength(10);
    for (const r of rows) expect(r.ft_score ?? 0, r.id).toBeCloseTo(truth.get(r.id) ?? 0, 9);
  });

  it("a chunk that only the semantic side found, of a term pruned from full-text, keeps its BM25 score in hybrid", async () => {
    const query = "zeppelin harbor";
    const truth = await textbookScores(query);
    const rows = await withTenant(actor, async (tx) => {
      await prepareRetrieval(tx, actor.tenantId);
      const ranking = { ...DEFAULT_RANKING, prf: false, fusion: "convex" as const, alpha: 0.9 };
      return retrieve(tx, { tenantId: actor.tenantId, mode: "hybrid", query: parseQuery(query), textConfig: "english", ranking, vector: embedder.embedOne(query), model: embedder.model, concepts: false, topK: 10 });
    });
    const harborOnly = await withTenant(actor, (tx) => queryRows<{ id: string }>(tx, sql`select id from chunks where content like 'harbor harbor%'`));
    const found = rows.filter((r) => harborOnly.some((h) => h.id === r.id));
    expect(found.length).toBeGreaterThan(0);
    for (const r of found) {
      expect(truth.get(r.id)).toBeGreaterThan(0);
      expect(r.ft_score).toBeCloseTo(truth.get(r.id)!, 9);
    }
  });

  it("skips terms for real: a query with a rare word scores fewer chunks than match any of its words", async () => {
    const counts = await withTenant(actor, async (tx) => {
      await prepareRetrieval(tx, actor.tenantId);
      const [all] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from chunks where tsv @@ to_tsquery('english', 'zeppelin | harbor | signal')`);
      const [rare] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from chunks where tsv @@ to_tsquery('english', 'zeppelin')`);
      return { all: all!.n, rare: rare!.n };
    });
    expect(counts.all).toBeGreaterThan(CHUNKS / 2);
    expect(counts.rare).toBeLessThan(counts.all / 4);
    const scanned = await withTenant(actor, async (tx) => {
      const query = "zeppelin harbor signal";
      const statement = retrieveSql({ tenantId: actor.tenantId, mode: "fulltext", query: parseQuery(query), textConfig: "english", ranking: { ...DEFAULT_RANKING, prf: false }, vector: embedder.embedOne(query), model: embedder.model, concepts: false, topK: 10 });
      const [row] = await queryRows<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(tx, sql`explain (analyze, format json) ${statement}`);
      return cteRows(row!["QUERY PLAN"][0].Plan, "CTE ft_all_candidates");
    });
    expect(scanned).toBeGreaterThanOrEqual(counts.rare);
    expect(scanned).toBeLessThan(counts.all);
  });
});
