import { and, count, eq, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { queryRows } from "@/db/connect";
import { chunks, tenants } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { getEmbeddingProvider } from "@/lib/embeddings";
import { AppError } from "@/lib/errors";
import { DEFAULT_CHUNKING } from "@/lib/ingest/chunker";
import { installedOcrLanguages, ocrLanguageDataPath, type OcrLanguage } from "@/lib/ingest/ocr/ocr-languages";
import { ocrSettingsOf } from "@/lib/ingest/ocr/ocr-settings";
import { notifyWorker } from "@/lib/ingest/worker-signal";
import { CONCEPT_MIN_CHUNKS } from "@/lib/search/concepts/concept-models";
import { DEFAULT_TEXT_CONFIG } from "@/lib/search/text-language";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";

export interface ProcessingStatus {
  chunkSize: number;
  chunkOverlap: number;
  model: string;
  dimensions: number;
  totalChunks: number;
  /** Chunks embedded by another model (or not at all): semantic search skips them until re-embedded. */
  staleChunks: number;
  reembedRequestedAt: string | null;
  /** The workspace's text search language, and chunks still indexed in another (being rebuilt). */
  textConfig: string;
  pendingTextChunks: number;
  /**
   * With the offline embedder, the workspace's concept model (hybrid's semantic part) once fitted,
   * and how many chunks it takes; null with an embedding model, which needs none.
   */
  concepts: { minChunks: number; model: { chunks: number; dimensions: number; fittedAt: string } | null } | null;
  /** Reading text from scanned PDF pages and images, and the languages installed for it. */
  ocr: { enabled: boolean; language: string; languages: OcrLanguage[] };
}

/** A chunk is stale when the active model did not make its vector (linked or waiting to be, lib/search/vector-links). */
export const staleChunk = (model: string) => or(and(isNull(chunks.embedding), isNull(chunks.pendingEmbedding)), isNull(chunks.embeddingModel), ne(chunks.embeddingModel, model));

export async function getProcessingStatus({ actor }: { actor: Actor }): Promise<ProcessingStatus> {
  const embedder = getEmbeddingProvider();
  return withTenant(actor, async (tx) => {
    const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants);
    const [total] = await tx.select({ n: count() }).from(chunks);
    const [stale] = await tx.select({ n: count() }).from(chunks).where(staleChunk(embedder.model));
    const textConfig = tenant?.settings.textConfig ?? DEFAULT_TEXT_CONFIG;
    const [pendingText] = await tx.select({ n: count() }).from(chunks).where(ne(sql`${chunks.textConfig}::text`, textConfig));
    const [concept] = await queryRows<{ chunks: number; dimensions: number; fitted_at: string }>(
      tx,
      sql`select chunks, dimensions, fitted_at::text from concept_models where tenant_id = ${actor.tenantId} and dimensions > 0`,
    );
    return {
      chunkSize: tenant?.settings.chunkSize ?? DEFAULT_CHUNKING.chunkSize,
      chunkOverlap: tenant?.settings.chunkOverlap ?? DEFAULT_CHUNKING.overlap,
      model: embedder.model,
      dimensions: embedder.dimensions,
      totalChunks: total?.n ?? 0,
      staleChunks: stale?.n ?? 0,
      reembedRequestedAt: tenant?.settings.reembedRequestedAt ?? null,
      textConfig,
      pendingTextChunks: pendingText?.n ?? 0,
      concepts:
        embedder.kind === "lexical"
          ? { minChunks: CONCEPT_MIN_CHUNKS, model: concept ? { chunks: concept.chunks, dimensions: concept.dimensions, fittedAt: new Date(concept.fitted_at).toISOString() } : null }
          : null,
      ocr: { ...ocrSettingsOf(tenant?.settings), languages: installedOcrLanguages() },
    };
  });
}

/** New sizes apply to documents processed from now on; "Re-process" applies them to older ones. */
export async function updateChunking({ actor, chunkSize, chunkOverlap }: { actor: Actor; chunkSize: number; chunkOverlap: number }): Promise<void> {
  await withTenant(actor, async (tx) => {
    const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants).for("update");
    const before = { chunkSize: tenant?.settings.chunkSize ?? DEFAULT_CHUNKING.chunkSize, chunkOverlap: tenant?.settings.chunkOverlap ?? DEFAULT_CHUNKING.overlap };
    await tx.update(tenants).set({ settings: { ...tenant?.settings, chunkSize, chunkOverlap } }).where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, { action: "tenant.chunking_changed", targetType: "tenant", targetId: actor.tenantId, before, after: { chunkSize, chunkOverlap } });
  });
}

/** OCR applies to documents processed from now on; "Re-process" reads older scans and images. */
export async function updateOcr({ actor, enabled, language }: { actor: Actor; enabled: boolean; language: string }): Promise<void> {
  if (!ocrLanguageDataPath(language)) throw new AppError("bad_request:ocr_language", "That OCR language is not installed. Choose one of the listed languages.");
  await withTenant(actor, async (tx) => {
    const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants).for("update");
    const before = ocrSettingsOf(tenant?.settings);
    await tx.update(tenants).set({ settings: { ...tenant?.settings, ocrEnabled: enabled, ocrLanguage: language } }).where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, { action: "tenant.ocr_changed", targetType: "tenant", targetId: actor.tenantId, before, after: { enabled, language } });
  });
}

export async function requestReembed({ actor }: { actor: Actor }): Promise<void> {
  await withTenant(actor, async (tx) => {
    const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants).for("update");
    const reembedRequestedAt = new Date().toISOString();
    await tx.update(tenants).set({ settings: { ...tenant?.settings, reembedRequestedAt } }).where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, { action: "tenant.reembed_requested", targetType: "tenant", targetId: actor.tenantId, after: { model: getEmbeddingProvider().model } });
  });
  notifyWorker();
}

const REEMBED_BATCH = 64;

/**
 * Re-embeds one batch of stale chunks of workspaces that asked for it; the old vectors serve until
 * each is replaced. Clears a workspace's request once nothing of it is stale. False when idle.
 */
export async function reembedNextBatch(): Promise<boolean> {
  const embedder = getEmbeddingProvider();
  return withSystem("the worker re-embeds stale chunks", async (tx) => {
    const batch = await tx
      .select({ id: chunks.id, content: chunks.content })
      .from(chunks)
      .innerJoin(tenants, eq(tenants.id, chunks.tenantId))
      .where(and(isNotNull(sql`${tenants.settings}->>'reembedRequestedAt'`), staleChunk(embedder.model)))
      .limit(REEMBED_BATCH)
      .for("update", { of: chunks, skipLocked: true });
    if (batch.length === 0) {
      const done = await tx
        .update(tenants)
        .set({ settings: sql`${tenants.settings} - 'reembedRequestedAt'` })
        .where(isNotNull(sql`${tenants.settings}->>'reembedRequestedAt'`))
        .returning({ id: tenants.id });
      return done.length > 0;
    }
    const vectors = await embedder.embed(batch.map((c) => c.content));
    for (const [i, chunk] of batch.entries()) {
      // Like a new chunk's, the vector waits for the worker to link it into the graph.
      await tx.update(chunks).set({ embedding: null, pendingEmbedding: vectors[i]!, embeddingModel: embedder.model }).where(eq(chunks.id, chunk.id));
    }
    return true;
  });
}
