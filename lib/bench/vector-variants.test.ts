import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { loadTenantChunks, pickQueries, type LoadedChunk } from "./search-data";
import { crossover, recall } from "./search-variants";
import { TopicCorpus } from "./topic-corpus";
import { applySettings, exact, exactBelow, phaseOneVariants, TODAY, type Variant } from "./vector-variants";

const embedder = new HashingEmbedder(384);
let handle: DatabaseHandle;
let actors: Actor[];
let texts: LoadedChunk[];

beforeAll(async () => {
  handle = await createTestDatabase();
  ({ actors, texts } = await loadTenantChunks(handle, { total: 300, embedder, corpus: new TopicCorpus(), shares: [0.8, 0.2] }));
  for (const structure of new Set(phaseOneVariants().flatMap((v) => (v.structure ? [v.structure] : [])))) await structure.build(handle.db);
}, 120_000);

afterAll(() => handle.close());

const count = (actor: Actor, table: string) =>
  withTenant(actor, async (tx) => Number((await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n));

async function answer(actor: Actor, variant: Variant, vector: number[]) {
  return withTenant(actor, async (tx) => {
    await applySettings(tx, variant.settings);
    return queryRows<{ id: string; distance: number }>(tx, variant.statement({ tenantId: actor.tenantId, text: "", vector, model: embedder.model, k: 10 }));
  });
}

describe("the search benchmarks' data", () => {
  it("gives each tenant its share and takes queries from the tenants in turn", async () => {
    expect(texts).toHaveLength(300);
    expect([await count(actors[0]!, "chunks"), await count(actors[1]!, "chunks")]).toEqual([240, 60]);
    const queries = pickQueries(texts, { count: 4, tenants: 2, corpus: new TopicCorpus({ seed: 9 }), embedder });
    expect(queries.map((q) => q.tenant)).toEqual([0, 1, 0, 1]);
    for (const q of queries) expect(q.text.split(" ").length).toBeGreaterThanOrEqual(3);
  });
});

describe("chunks partitioned by tenant", () => {
  it("reads only the tenant's own partition (pruned at planning by the statement's tenant filter)", async () => {
    const variant = phaseOneVariants()[0]!;
    const plan = await withTenant(actors[1]!, async (tx) => {
      await applySettings(tx, variant.settings);
      const statement = variant.statement({ tenantId: actors[1]!.tenantId, text: "", vector: texts[0]!.vector, model: embedder.model, k: 10 });
      return (await queryRows<{ "QUERY PLAN": string }>(tx, sql`explain ${statement}`)).map((r) => r["QUERY PLAN"]).join("\n");
    });
    const partition = (actor: Actor) => `chunks_${actor.tenantId.replaceAll("-", "")}`;
    expect(plan).toContain(` on ${partition(actors[1]!)} `);
    expect(plan).not.toContain(partition(actors[0]!));
  });
});

describe("vector search variants", () => {
  it("answer from the tenant's own rows only, and the exact path as the exact scan does", async () => {
    const [small, large] = [actors[1]!, actors[0]!];
    const query = texts.find((c) => c.tenant === 1)!.vector;
    const own = new Set(await withTenant(small, async (tx) => (await queryRows<{ id: string }>(tx, sql`select id from chunks`)).map((r) => r.id)));
    const truth = await answer(small, exact, query);
    expect(truth).toHaveLength(10);
    for (const variant of [...phaseOneVariants(), exactBelow(100, TODAY)]) {
      const rows = await answer(small, variant, query);
      expect(rows.every((r) => own.has(r.id)), variant.name).toBe(true);
    }
    // 60 rows are below the threshold: exact; 240 are not: the HNSW branch, still only that tenant's.
    expect(await answer(small, exactBelow(100, TODAY), query)).toEqual(truth);
    const largeRows = await answer(large, exactBelow(100, TODAY), query);
    expect(largeRows).toHaveLength(10);
    expect(largeRows.some((r) => own.has(r.id))).toBe(false);
  });
});

describe("recall and crossover", () => {
  it("counts a tie at the k-th distance as found, and a different id by id as missed", () => {
    const truth = { ids: ["a", "b"], distances: [0.1, 0.2] };
    expect(recall({ ids: ["a", "c"], distances: [0.1, 0.2] }, truth)).toEqual({ byId: 0.5, byDistance: 1 });
    expect(recall({ ids: ["a", "d"], distances: [0.1, 0.3] }, truth)).toEqual({ byId: 0.5, byDistance: 0.5 });
  });

  it("puts the threshold at the smallest size from which the index wins for every larger tenant", () => {
    const t = (rows: number, exactP50: number, hnswP50: number) => ({ rows, exactP50, hnswP50 });
    expect(crossover([t(100, 1, 2), t(1000, 5, 4), t(500, 3, 4), t(2000, 9, 5)])).toBe(1000);
    expect(crossover([t(100, 1, 2), t(1000, 5, 6)])).toBe(1001);
  });
});
