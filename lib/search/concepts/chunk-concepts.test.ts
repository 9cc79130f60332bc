import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { chunks, documents, tenants, users } from "@/db/schema";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { search } from "../search-service";
import { searchInputSchema } from "../types";
import { carAndBreadTexts } from "./car-and-bread-texts";
import { chunkConceptSql, FOLD_BATCH, foldInNextConcepts } from "./chunk-concepts";
import { refitNextConceptModel } from "./concept-models";

const embedder = new HashingEmbedder(384);

describe("chunks folded into their workspace's concept model", () => {
  let handle: DatabaseHandle;
  let actor: Actor;
  const count = FOLD_BATCH + 60;

  async function addDocument(contents: string[], name: string): Promise<string> {
    return withTenant(actor, async (tx) => {
      const [doc] = await tx
        .insert(documents)
        .values({ tenantId: actor.tenantId, filename: `${name}.txt`, mimeType: "text/plain", fileSize: 1, sha256: name.padEnd(64, "0"), storageKey: `folded/${name}`, status: "completed" })
        .returning();
      await tx.insert(chunks).values(contents.map((content, ordinal) => ({ documentId: doc!.id, tenantId: actor.tenantId, ordinal, content, tokenCount: 10, embedding: embedder.embedOne(content), embeddingModel: embedder.model })));
      return doc!.id;
    });
  }

  const foldAll = async () => {
    let batches = 0;
    while (await foldInNextConcepts()) batches++;
    return batches;
  };
  const state = () =>
    withSystem("test", async (tx) => {
      const [row] = await queryRows<{ version: number; folded: number; chunks: number; rows: number; current: number; empty: number }>(
        tx,
        sql`select m.version, m.folded, s.chunks::int,
                   (select count(*)::int from chunk_concepts where tenant_id = m.tenant_id) as rows,
                   (select count(*)::int from chunk_concepts where tenant_id = m.tenant_id and version = m.version) as current,
                   (select count(*)::int from chunk_concepts where tenant_id = m.tenant_id and concept is null) as empty
            from concept_models m join chunk_corpus_stats s on s.tenant_id = m.tenant_id where m.tenant_id = ${actor.tenantId}`,
      );
      return row!;
    });
  const hybrid = async (query: string) =>
    (await search({ actor, input: searchInputSchema.parse({ query, mode: "hybrid", topK: 20 }) })).results.map((r) => ({ id: r.chunkId, concept: r.explanation.conceptSimilarity }));

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "folded@example.test" }).returning();
    const [tenant] = await handle.db.insert(tenants).values({ name: "Folded", slug: "folded" }).returning();
    actor = { tenantId: tenant!.id, role: "admin", userId: user!.id };
    await addDocument(carAndBreadTexts(count), "first");
    while (await refitNextConceptModel(embedder));
  });

  afterAll(() => handle?.close());

  it("folds every chunk, a batch of chunks at a time, each vector the one search would fold in itself, and then has nothing to do", async () => {
    const before = await hybrid("automobile");
    expect(await state()).toMatchObject({ version: 1, folded: 0, chunks: count, rows: 0 });

    expect(await foldAll()).toBe(2);
    expect(await state()).toMatchObject({ version: 1, folded: count, chunks: count, rows: count, current: count, empty: 0 });
    const [furthest] = await withSystem("test", (tx) =>
      queryRows<{ distance: number }>(
        tx,
        sql`select max(cc.concept <-> ${chunkConceptSql(sql`cc.tenant_id`, sql`cc.version`, sql`c.tsv`)})::float8 as distance
            from chunk_concepts cc join chunks c on c.id = cc.chunk_id and c.tenant_id = cc.tenant_id where cc.tenant_id = ${actor.tenantId}`,
      ),
    );
    expect(furthest!.distance).toBeLessThan(1e-4);
    expect(await foldAll()).toBe(0);

    // Hybrid reads the folded vectors and ranks exactly as when it folded each chunk in itself.
    const after = await hybrid("automobile");
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    after.forEach((r, i) => expect(r.concept).toBeCloseTo(before[i]!.concept!, 5));
    expect(after.some((r) => r.concept !== null && r.concept > 0.6)).toBe(true);
  });

  it("stores a null vector for a chunk none of whose words the model knows, and finishes", async () => {
    await addDocument(["Zyxwv qwertz plonk."], "unknown-words");
    expect(await foldAll()).toBeGreaterThan(0);
    expect(await state()).toMatchObject({ folded: count + 1, chunks: count + 1, empty: 1 });
    expect(await foldAll()).toBe(0);
  });

  it("refolds every chunk under a refit's new version, and search never reads the old version's vectors", async () => {
    await addDocument(carAndBreadTexts(count, count), "second");
    while (await refitNextConceptModel(embedder));
    expect(await state()).toMatchObject({ version: 2, folded: 0, current: 0 });
    const unfolded = await hybrid("automobile");
    await foldAll();
    expect(await state()).toMatchObject({ version: 2, folded: 2 * count + 1, current: 2 * count + 1, rows: 2 * count + 1 });
    const folded = await hybrid("automobile");
    expect(folded.map((r) => r.id)).toEqual(unfolded.map((r) => r.id));
    folded.forEach((r, i) => expect(r.concept).toBeCloseTo(unfolded[i]!.concept!, 5));
  });

  it("loses a deleted document's vectors with its chunks, and counts again", async () => {
    const doomed = await addDocument(carAndBreadTexts(40, 5000), "doomed");
    await foldAll();
    await withTenant(actor, (tx) => tx.delete(documents).where(eq(documents.id, doomed)));
    const { rows, chunks: total } = await state();
    expect(rows).toBe(total);
    expect(await foldAll()).toBeGreaterThan(0);
    expect(await state()).toMatchObject({ folded: total, chunks: total });
    expect(await foldAll()).toBe(0);
  });

  it("goes with its workspace", async () => {
    await withSystem("test", (tx) => tx.delete(tenants).where(eq(tenants.id, actor.tenantId)));
    const [left] = await withSystem("test", (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from chunk_concepts where tenant_id = ${actor.tenantId}`));
    expect(left!.n).toBe(0);
  });
});
