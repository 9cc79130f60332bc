import { and, eq, sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import type { Transaction } from "@/db/connect";
import { chunks, documents, tenants, type Document } from "@/db/schema";
import type { DocumentMetadata, Stage } from "@/lib/documents/stages";
import { stage, withStages } from "@/lib/documents/stages";
import type { EmbeddingProvider } from "@/lib/embeddings/provider";
import { getStorage } from "@/lib/storage";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { DEFAULT_TEXT_CONFIG } from "@/lib/search/text-language";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import { readEnv } from "@/lib/env";
import { PoolTaskError, runInPool } from "@/lib/workers/pool";
import { DEFAULT_CHUNKING } from "./chunker";
import { insertChunks, ROWS_PER_INSERT } from "./chunk-writer";
import { profiled } from "./ingest-profile";
import { kindOfMimeType } from "./kinds";
import { ocrSettingsOf } from "./ocr/ocr-settings";
import { ocrOptionsFor } from "./ocr/ocr-options";
import { MAX_CHUNKS_PER_DOCUMENT } from "./parse-task";
import { ParseError } from "./parsers";
import type { AnalysedText } from "./text-analysis";

/** The worker's actor: acts inside the document's own tenant, under its row level security. */
const workerActor = (tenantId: string) => ({ tenantId, role: "owner" as const });

const EMBED_BATCH = 64;
/** How long one slice of a document's chunk write should hold the database. */
const WRITE_SLICE_MS = 100;
/** A write older than this renews its claim between slices: well inside the worker's 5-minute lease. */
const RENEW_CLAIM_AFTER_MS = 60_000;
/** The text analysis thread's budget for a document: its database's start, then ~0.6 ms a chunk (5 allowed). */
const ANALYSE_BUDGET_MS = 30_000;
/** The first slice's rows, before the pace is known: a few, cheap on any engine. */
const FIRST_SLICE_ROWS = 8;
/** The last slice's pace, for the next document's first slice: a slice of 8 rows per document was half of all write transactions. */
let lastSliceRows = FIRST_SLICE_ROWS;

/** The claim was lost (the lease ran out and another worker took the document): stop without writing. */
export class LeaseLostError extends Error {
  constructor() {
    super("lease lost");
    this.name = "LeaseLostError";
  }
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, Math.round(performance.now() - started)];
}

/**
 * Parses, chunks and embeds a claimed document and writes its chunks. Every write transaction first
 * checks the claim (`locked_at` still ours), and the first deletes any earlier attempt's chunks, so a
 * worker whose lease ran out can never add a second set of chunks: every document ends with exactly one.
 */
export async function processDocument(doc: Document, embedder: EmbeddingProvider): Promise<void> {
  const actor = workerActor(doc.tenantId);
  const kind = kindOfMimeType(doc.mimeType);
  if (!kind) throw new ParseError(`Files of type ${doc.mimeType} cannot be processed.`);
  const [tenant] = await profiled("read workspace settings", () => withTenant(actor, (tx) => tx.select({ settings: tenants.settings }).from(tenants)));
  const chunking = { chunkSize: tenant?.settings.chunkSize ?? DEFAULT_CHUNKING.chunkSize, overlap: tenant?.settings.chunkOverlap ?? DEFAULT_CHUNKING.overlap };

  const bytes = await profiled("read the stored file", () => getStorage().get(doc.storageKey));
  const offline = embedder instanceof HashingEmbedder;
  const budgetSeconds = readEnv().PARSE_BUDGET_SECONDS;
  const ocrSettings = ocrSettingsOf(tenant?.settings);
  const ocr = ocrSettings.enabled ? ocrOptionsFor({ language: ocrSettings.language, parseBudgetMs: budgetSeconds * 1000 }) : undefined;
  const textConfig = tenant?.settings.textConfig ?? DEFAULT_TEXT_CONFIG;
  let outcome;
  try {
    outcome = await profiled(offline ? "parse, chunk, embed (pool thread)" : "parse, chunk (pool thread)", () =>
      runInPool("parse", { kind, bytes, chunking, offlineDimensions: offline ? embedder.dimensions : undefined, ocr, maxChunks: MAX_CHUNKS_PER_DOCUMENT }, { budgetMs: budgetSeconds * 1000 }),
    );
  } catch (error) {
    if (error instanceof PoolTaskError && error.reason === "budget") throw new ParseError(`Reading this file took longer than ${budgetSeconds} s, so it was stopped. Split it into smaller files and upload those.`);
    throw error;
  }
  if (!outcome.ok) throw new ParseError(outcome.message);
  const { pieces } = outcome;
  const offlineVectors = outcome.vectors;
  const [providerVectors, embedMs] = offlineVectors
    ? [[], outcome.ms.embed]
    : await profiled("embed (provider)", () => timed(async () => {
        const out: number[][] = [];
        for (let i = 0; i < pieces.length; i += EMBED_BATCH) out.push(...(await embedder.embed(pieces.slice(i, i + EMBED_BATCH).map((p) => p.content))));
        return out;
      }));
  const { driver } = await getDatabase();
  const analysed = driver === "pglite" ? await profiled("analyse text (text analysis thread)", () => analyseText(textConfig, pieces.map((p) => p.content), doc.id)) : undefined;
  const dimensions = embedder.dimensions;
  const vectorOf = (i: number): number[] => (offlineVectors ? Array.from(offlineVectors.subarray(i * dimensions, (i + 1) * dimensions)) : providerVectors[i]!);

  const stages: Stage[] = [
    stage("parsed", { ms: outcome.ms.parse, detail: `${outcome.blockCount} blocks` }),
    stage("chunked", { ms: outcome.ms.chunk, detail: `${pieces.length} chunks of up to ${chunking.chunkSize} tokens` }),
    stage("embedded", { ms: embedMs, detail: embedder.model }),
  ];
  const writeStarted = performance.now();
  // Rows are made a slice at a time: all of a 10,000-chunk file's at once held the server's thread.
  const rowAt = (i: number) => {
    const piece = pieces[i]!;
    return {
      documentId: doc.id,
      tenantId: doc.tenantId,
      ordinal: piece.ordinal,
      content: piece.content,
      tokenCount: piece.tokenCount,
      textConfig,
      embedding: vectorOf(i),
      embeddingModel: embedder.model,
      metadata: piece.metadata,
      analysed: analysed?.[i],
    };
  };
  // The chunks go in slices, one transaction each, sized to hold the database about
  // WRITE_SLICE_MS: the embedded engine runs one statement at a time, and one transaction for a
  // 10,000-chunk PDF kept every other tenant's search waiting for a minute. Each slice checks the
  // claim first, the first also deletes an earlier attempt's chunks and the last marks the document
  // completed; search reads completed documents only, so a half-written one is never seen.
  let written = 0;
  let sliceRows = lastSliceRows;
  for (;;) {
    const slice = Array.from({ length: Math.min(sliceRows, pieces.length - written) }, (_, k) => rowAt(written + k));
    const last = written + slice.length >= pieces.length;
    const first = written === 0;
    const started = performance.now();
    await profiled("write transaction (a slice: turn, begin, steps below, commit)", () =>
      withTenant(actor, async (tx) => {
        const [claimed] = await profiled("check the claim (row lock)", () =>
          tx
            .select({ metadata: documents.metadata })
            .from(documents)
            .where(and(eq(documents.id, doc.id), eq(documents.status, "processing"), eq(documents.lockedAt, doc.lockedAt!)))
            .for("update"),
        );
        if (!claimed) throw new LeaseLostError();
        if (first) await profiled("delete earlier chunks", () => tx.delete(chunks).where(eq(chunks.documentId, doc.id)));
        await insertChunks(tx, driver, slice);
        if (!last) {
          // A long write renews its claim, or another worker would take the document over as an
          // expired lease between two slices, and the two would start it again in turn, for ever.
          // The token moves with it: later slices and the caller's settleFailure check the new one.
          if (Date.now() - doc.lockedAt!.getTime() > RENEW_CLAIM_AFTER_MS) doc.lockedAt = await renewClaim(tx, doc.id);
          return;
        }
        await profiled("mark the document completed", () =>
          tx
            .update(documents)
            .set({
              status: "completed",
              chunkCount: pieces.length,
              errorMessage: null,
              lockedAt: null,
              processedAt: new Date(),
              metadata: withStages(
                { ...(claimed.metadata as DocumentMetadata), ...outcome.metadata, kind },
                ...stages,
                stage("completed", { ms: Math.round(performance.now() - writeStarted), detail: "chunks written" }),
              ),
            })
            .where(eq(documents.id, doc.id)),
        );
      }),
    );
    if (last) return;
    written += slice.length;
    sliceRows = lastSliceRows = nextSliceRows(slice.length, performance.now() - started);
  }
}

/**
 * Each text's tsvector and word count, made on the text analysis thread: the embedded engine answers every tenant
 * one statement at a time, and analysing text in its row trigger took ~0.5 ms a chunk of it (a
 * PostgreSQL server analyses in the connection's own process, so there the trigger does). Should the
 * thread fail, the trigger analyses instead: slower, never different.
 */
async function analyseText(config: string, texts: string[], documentId: string): Promise<AnalysedText[] | undefined> {
  try {
    return await runInPool("analyseText", { config, texts }, { budgetMs: ANALYSE_BUDGET_MS + texts.length * 5 });
  } catch (error) {
    console.error("analysing a document's text on its thread failed; the database will", { documentId, error });
    return undefined;
  }
}

/** A fresh claim token (and lease) for a document this worker holds; to the millisecond, as claims are. */
async function renewClaim(tx: Transaction, id: string): Promise<Date> {
  const [row] = await tx
    .update(documents)
    .set({ lockedAt: sql`date_trunc('milliseconds', clock_timestamp())` })
    .where(eq(documents.id, id))
    .returning({ lockedAt: documents.lockedAt });
  return row!.lockedAt!;
}

/** Rows in the next slice: as many as took WRITE_SLICE_MS at the last slice's pace, within [1, ROWS_PER_INSERT]. */
export function nextSliceRows(rows: number, ms: number): number {
  return Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor((rows * WRITE_SLICE_MS) / Math.max(ms, 1))));
}
