import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { chunks, documents, tenants, users } from "@/db/schema";
import { getProcessingStatus } from "@/lib/documents/processing-settings";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { search } from "../search-service";
import { reindexNextBatch, updateTextLanguage } from "../text-language";
import { searchInputSchema } from "../types";
import { carAndBreadTexts } from "./car-and-bread-texts";
import { CONCEPT_MIN_CHUNKS, refitNextConceptModel } from "./concept-models";

const embedder = new HashingEmbedder(384);

describe("a workspace's concept model", () => {
  let handle: DatabaseHandle;
  let actor: Actor;
  let other: Actor;

  async function addChunks(a: Actor, contents: string[], name: string) {
    await withTenant(a, async (tx) => {
      const [doc] = await tx
        .insert(documents)
        .values({ tenantId: a.tenantId, filename: `${name}.txt`, mimeType: "text/plain", fileSize: 1, sha256: `${name}${a.tenantId}`.replace(/-/g, "").padEnd(64, "0").slice(0, 64), storageKey: `concepts/${a.tenantId}/${name}`, status: "completed" })
        .returning();
      await tx.insert(chunks).values(contents.map((content, ordinal) => ({ documentId: doc!.id, tenantId: a.tenantId, ordinal, content, tokenCount: 10, embedding: embedder.embedOne(content), embeddingModel: embedder.model })));
    });
  }

  const model = (a: Actor) => withSystem("test", (tx) => queryRows<{ version: number; dimensions: number; chunks: number; text_config: string }>(tx, sql`select version, dimensions, chunks, text_config::text from concept_models where tenant_id = ${a.tenantId}`));
  const termVersions = (a: Actor) => withSystem("test", (tx) => queryRows<{ version: number; n: number }>(tx, sql`select version, count(*)::int as n from concept_terms where tenant_id = ${a.tenantId} group by version`));
  const fitAll = async () => {
    let fitted = 0;
    while (await refitNextConceptModel(embedder)) fitted++;
    return fitted;
  };

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "concepts@example.test" }).returning();
    const made = await handle.db.insert(tenants).values([{ name: "Cars", slug: "cars" }, { name: "Other", slug: "other" }]).returning();
    [actor, other] = made.map((t): Actor => ({ tenantId: t.id, role: "admin", userId: user!.id })) as [Actor, Actor];
  });

  afterAll(() => handle?.close());

  it("is fitted only once a workspace has enough chunks, and only for the offline embedder", async () => {
    await addChunks(actor, carAndBreadTexts(CONCEPT_MIN_CHUNKS - 1), "first");
    expect(await fitAll()).toBe(0);
    expect((await getProcessingStatus({ actor })).concepts).toEqual({ minChunks: CONCEPT_MIN_CHUNKS, model: null });
    await addChunks(actor, carAndBreadTexts(1, CONCEPT_MIN_CHUNKS - 1), "second");
    expect(await refitNextConceptModel({ kind: "model" })).toBe(false);
    expect(await fitAll()).toBe(1);
    expect(await model(actor)).toEqual([{ version: 1, dimensions: expect.any(Number), chunks: CONCEPT_MIN_CHUNKS, text_config: "english" }]);
    expect((await model(actor))[0]!.dimensions).toBeGreaterThan(1);
    expect(await termVersions(actor)).toEqual([{ version: 1, n: expect.any(Number) }]);
    expect((await getProcessingStatus({ actor })).concepts?.model).toMatchObject({ chunks: CONCEPT_MIN_CHUNKS, dimensions: (await model(actor))[0]!.dimensions });
    // Up to date: nothing to do until the workspace grows or changes language.
    expect(await fitAll()).toBe(0);
  });

  it("gives hybrid search a semantic part that knows a word by the company it keeps", async () => {
    const response = await search({ actor, input: searchInputSchema.parse({ query: "automobile", mode: "hybrid", topK: 20 }) });
    const top = response.results.slice(0, 10);
    // Every one of the ten best is about cars, including chunks that only say "car".
    expect(top.every((r) => r.snippet.includes("engine"))).toBe(true);
    const carOnly = response.results.find((r) => !r.snippet.toLowerCase().includes("automobile"));
    expect(carOnly?.snippet).toContain("car");
    expect(carOnly!.explanation.conceptSimilarity).toBeGreaterThan(0.6);
    expect(carOnly!.explanation.matchedFulltext).toBe(false);
    // Other modes, and other workspaces, are untouched by it.
    const fulltext = await search({ actor, input: searchInputSchema.parse({ query: "automobile", mode: "fulltext" }) });
    expect(fulltext.results.every((r) => r.explanation.conceptSimilarity === null)).toBe(true);
    expect(await withTenant(other, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from concept_terms`))).toEqual([{ n: 0 }]);
  });

  it("is refitted under a new version when the workspace grows or changes language, and the old version goes", async () => {
    await addChunks(actor, carAndBreadTexts(30, 100), "third");
    expect(await fitAll()).toBe(1);
    expect(await model(actor)).toMatchObject([{ version: 2, chunks: CONCEPT_MIN_CHUNKS + 30 }]);
    expect((await termVersions(actor)).map((v) => v.version)).toEqual([2]);

    await updateTextLanguage({ actor, textConfig: "simple" });
    // Not while the chunks are still being re-indexed in the new language.
    expect(await fitAll()).toBe(0);
    while (await reindexNextBatch()) {
      // one batch per call, as the worker's idle lanes run it
    }
    expect(await fitAll()).toBe(1);
    expect(await model(actor)).toMatchObject([{ version: 3, text_config: "simple" }]);
  });

  it("goes with its workspace", async () => {
    await withSystem("test", (tx) => tx.delete(tenants).where(eq(tenants.id, actor.tenantId)));
    expect(await model(actor)).toEqual([]);
    expect(await termVersions(actor)).toEqual([]);
  });
});
