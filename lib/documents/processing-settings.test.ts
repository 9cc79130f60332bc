import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { chunks, documents, tenants } from "@/db/schema";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import { drainQueue, DEFAULT_WORKER_OPTIONS } from "@/lib/ingest/worker";
import { linkAllVectors } from "@/lib/search/vector-links";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { createDocumentFromUpload } from "./documents-service";
import { getProcessingStatus, reembedNextBatch, requestReembed, updateChunking } from "./processing-settings";

describe("processing settings", () => {
  let handle: DatabaseHandle;
  let dir: string;
  let actor: Actor;
  const embedder = new HashingEmbedder(384);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-processing-"));
    process.env.STORAGE_DIR = path.join(dir, "files");
    handle = await createTestDatabase();
    const [tenant] = await handle.db.insert(tenants).values({ name: "P", slug: "p" }).returning();
    actor = { tenantId: tenant!.id, role: "admin" };
  });

  afterAll(async () => {
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function ingest(name: string, text: string) {
    const bytes = new TextEncoder().encode(text);
    const tempPath = path.join(dir, `${name}.tmp`);
    await writeFile(tempPath, bytes);
    const { document } = await createDocumentFromUpload({ actor, upload: { filename: name, kind: "md", size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), tempPath } });
    await drainQueue({ ...DEFAULT_WORKER_OPTIONS, embedder });
    return document;
  }

  it("applies a new chunk size to documents processed afterwards", async () => {
    await updateChunking({ actor, chunkSize: 60, chunkOverlap: 10 });
    const status = await getProcessingStatus({ actor });
    expect(status).toMatchObject({ chunkSize: 60, chunkOverlap: 10, model: embedder.model, dimensions: 384 });
    const doc = await ingest("long.md", "# Long\n\n" + Array.from({ length: 30 }, (_, i) => `Sentence number ${i} about the retention policy.`).join(" "));
    const rows = await withSystem("test", (tx) => tx.select().from(chunks).where(eq(chunks.documentId, doc.id)));
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row.tokenCount).toBeLessThanOrEqual(60);
  });

  it("counts chunks of another model as stale and re-embeds them on request, clearing the request when done", async () => {
    await withSystem("test", (tx) => tx.update(chunks).set({ embeddingModel: "old-model" }).where(eq(chunks.tenantId, actor.tenantId)));
    const before = await getProcessingStatus({ actor });
    expect(before.staleChunks).toBe(before.totalChunks);
    expect(before.totalChunks).toBeGreaterThan(0);

    // Without a request nothing happens: a model change never silently rewrites a workspace.
    expect(await reembedNextBatch()).toBe(false);
    await requestReembed({ actor });
    expect((await getProcessingStatus({ actor })).reembedRequestedAt).not.toBeNull();
    while (await reembedNextBatch());

    const after = await getProcessingStatus({ actor });
    expect(after).toMatchObject({ staleChunks: 0, reembedRequestedAt: null });
    // The new vectors wait for the worker to link them into the graph, like a new chunk's.
    const [row] = await withSystem("test", (tx) => tx.select().from(chunks).where(eq(chunks.tenantId, actor.tenantId)).limit(1));
    expect(row!.embeddingModel).toBe(embedder.model);
    expect(row!.embedding).toBeNull();
    expect(row!.pendingEmbedding![0]).toBeCloseTo(embedder.embedOne(row!.content)[0]!, 5);
    await linkAllVectors();
    const [linked] = await withSystem("test", (tx) => tx.select().from(chunks).where(eq(chunks.id, row!.id)));
    expect(linked).toMatchObject({ pendingEmbedding: null, embedding: row!.pendingEmbedding });
    expect((await getProcessingStatus({ actor })).staleChunks).toBe(0);
    const [doc] = await withSystem("test", (tx) => tx.select().from(documents).where(eq(documents.tenantId, actor.tenantId)));
    expect(doc!.status).toBe("completed");
  });
});
