import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { chunks, documents, evaluationSetResults, tenants } from "@/db/schema";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { addEvaluationItem, createEvaluationSet, deleteEvaluationItem, getEvaluationSet, listEvaluationSets, runEvaluation } from "./evaluation-sets";

const embedder = new HashingEmbedder(384);

describe("evaluation sets", () => {
  let handle: DatabaseHandle;
  let actor: Actor;
  const docs: Record<string, string> = {};

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [tenant] = await handle.db.insert(tenants).values({ name: "E", slug: "e" }).returning();
    actor = { tenantId: tenant!.id, role: "member" };
    const corpus: Record<string, string[]> = {
      "passwords.md": ["Reset your password from the sign-in page.", "Passwords need ten characters."],
      "travel.md": ["Travel above 500 euros needs approval.", "Book trains before flights."],
      "oncall.md": ["The on-call rotation hands over on Monday."],
    };
    await withTenant(actor, async (tx) => {
      for (const [filename, texts] of Object.entries(corpus)) {
        const [doc] = await tx.insert(documents).values({ tenantId: actor.tenantId, filename, mimeType: "text/markdown", fileSize: 1, sha256: filename.padEnd(64, "x"), storageKey: filename, status: "completed" }).returning();
        docs[filename] = doc!.id;
        await tx.insert(chunks).values(texts.map((content, ordinal) => ({ documentId: doc!.id, tenantId: actor.tenantId, ordinal, content, tokenCount: 5, embedding: embedder.embedOne(content), embeddingModel: embedder.model })));
      }
    });
  });

  afterAll(() => handle?.close());

  it("scores all three modes on the labelled queries and keeps each run", async () => {
    const set = await createEvaluationSet({ actor, name: "Support questions" });
    await addEvaluationItem({ actor, setId: set.id, query: "reset password", documentIds: [docs["passwords.md"]!], chunkIds: [] });
    await addEvaluationItem({ actor, setId: set.id, query: "travel approval euros", documentIds: [docs["travel.md"]!], chunkIds: [] });
    // A label no search can satisfy: pulls recall and MRR to 2/3 when the others are perfect.
    const wrong = await addEvaluationItem({ actor, setId: set.id, query: "on-call rotation monday", documentIds: [docs["travel.md"]!], chunkIds: [] });

    const results = await runEvaluation({ actor, setId: set.id, k: 1 });
    expect(results.map((r) => r.mode).sort()).toEqual(["fulltext", "hybrid", "semantic"]);
    for (const r of results) {
      expect(r.queryCount).toBe(3);
      expect(r.recallAtK).toBeCloseTo(2 / 3, 6);
      expect(r.mrr).toBeLessThan(1);
      expect(r.perQuery.find((q) => q.itemId === wrong.id)!.recall).toBe(0);
      expect(r.embeddingModel).toBe(embedder.model);
    }

    // Without the impossible label every mode is perfect.
    await deleteEvaluationItem({ actor, itemId: wrong.id });
    const again = await runEvaluation({ actor, setId: set.id, k: 1 });
    for (const r of again) expect([r.recallAtK, r.mrr, r.ndcgAt10]).toEqual([1, 1, 1]);

    const detail = await getEvaluationSet({ actor, setId: set.id });
    expect(detail.items).toHaveLength(2);
    expect(detail.results).toHaveLength(6);
    expect((await listEvaluationSets({ actor }))[0]).toMatchObject({ name: "Support questions", items: 2 });
    const stored = await withSystem("test", (tx) => tx.select().from(evaluationSetResults).where(eq(evaluationSetResults.setId, set.id)));
    expect(stored).toHaveLength(6);
  });

  it("refuses a duplicate set name, an item without expectations and a run of an empty set", async () => {
    await expect(createEvaluationSet({ actor, name: "Support questions" })).rejects.toThrow(/already exists/);
    const empty = await createEvaluationSet({ actor, name: "Empty" });
    await expect(addEvaluationItem({ actor, setId: empty.id, query: "x", documentIds: [], chunkIds: [] })).rejects.toThrow(/at least one document/);
    await expect(runEvaluation({ actor, setId: empty.id })).rejects.toThrow(/at least one labelled query/);
  });
});
