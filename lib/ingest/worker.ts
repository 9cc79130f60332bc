import { and, eq, sql, type SQL } from "drizzle-orm";
import { queryRows } from "@/db/connect";
import { chunks, documents, type Document } from "@/db/schema";
import { reembedNextBatch } from "@/lib/documents/processing-settings";
import { stage, withStages } from "@/lib/documents/stages";
import { inLane } from "@/db/pglite-turns";
import { getEmbeddingProvider } from "@/lib/embeddings";
import { foldInNextConcepts } from "@/lib/search/concepts/chunk-concepts";
import { refitNextConceptModel } from "@/lib/search/concepts/concept-models";
import type { EmbeddingProvider } from "@/lib/embeddings/provider";
import { MISSING_FILE_MESSAGE, StoredObjectMissingError } from "@/lib/storage/object-storage";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { PoolTaskError, warmPool } from "@/lib/workers/pool";
import { ParseError } from "./parsers";
import { profiled } from "./ingest-profile";
import { LeaseLostError, processDocument } from "./process-document";
import { reindexNextBatch } from "@/lib/search/text-language";
import { LINK_BACKLOG, linkNextVectors } from "@/lib/search/vector-links";
import { refreshPlannerStatistics } from "./planner-statistics";
import { onWork } from "./worker-signal";

export interface WorkerOptions {
  concurrency: number;
  /** A document left `processing` longer than this (a crashed worker) is taken over. */
  leaseMs: number;
  maxAttempts: number;
  /** Wait before retry n is backoffMs * 2^(n-1). */
  backoffMs: number;
  pollMs: number;
  embedder?: EmbeddingProvider;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = { concurrency: 4, leaseMs: 5 * 60_000, maxAttempts: 3, backoffMs: 10_000, pollMs: 2_000 };

/**
 * Claims the oldest waiting document, or one whose worker vanished, with FOR UPDATE SKIP LOCKED so
 * any number of workers share the queue without taking the same row. `locked_at` is the claim's
 * fencing token; a pending row with a future `locked_at` is waiting for its retry.
 */
export async function claimNextDocument(leaseMs: number): Promise<Document | null> {
  return withSystem("the worker claims a document", async (tx) => {
    // locked_at to the millisecond: the claim token must survive the round trip through a JS Date.
    // A claim is not an attempt: the file is blamed only for failures it caused (settleFailure).
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`update ${documents} set status = 'processing', locked_at = date_trunc('milliseconds', clock_timestamp()), updated_at = now(),
            metadata = case when status = 'processing' then ${interrupted(sql`metadata`)} else metadata end
          where id = (
            select id from ${documents}
            where (status = 'pending' and (locked_at is null or locked_at <= now()))
               or (status = 'processing' and locked_at < now() - make_interval(secs => ${leaseMs / 1000}))
            order by created_at
            limit 1
            for update skip locked
          )
          returning id`,
    );
    if (!row) return null;
    const [doc] = await tx.select().from(documents).where(eq(documents.id, row.id));
    return doc ?? null;
  });
}

// A claim cut short by a stopped process (or a lost lease) is counted as an interruption, never
// as an attempt: a killed process is not the file's fault, and parsing runs on pool threads, so a
// file that kills its thread is caught as such (PoolTaskError) and counted then.
const interrupted = (metadata: SQL) => sql`jsonb_set(${metadata}, '{interruptions}', to_jsonb(coalesce((${metadata}->>'interruptions')::int, 0) + 1))`;

/** What a user reads when processing fails for a reason that is not the file's fault. */
function transientMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /embedding/i.test(text) ? `The embedding service failed: ${text.slice(0, 200)}` : "Processing failed because of a temporary problem on the server.";
}

/** Whether retrying can help, and what the user reads: the file's fault, a lost original, or a passing problem. */
function describeFailure(error: unknown, attempts: number, maxAttempts: number): { message: string; permanent: boolean } {
  if (error instanceof ParseError) return { message: error.message, permanent: true };
  if (error instanceof StoredObjectMissingError) return { message: MISSING_FILE_MESSAGE, permanent: true };
  // The thread's heap limit is the file's alone: the same file would need the same memory again.
  if (error instanceof PoolTaskError && error.reason === "memory") return { message: "Reading this file needed more memory than one file may use, so it was stopped. Split it into smaller files and upload those.", permanent: true };
  const message = error instanceof PoolTaskError && error.reason === "crashed" ? "The reader stopped while working on this file." : transientMessage(error);
  return { message: attempts >= maxAttempts ? `${message} Gave up after ${attempts} attempts; use “Re-process” to try again.` : message, permanent: false };
}

/**
 * Records a failure: final (failed, with the reason) when `permanent` or out of attempts, else back
 * to pending with `locked_at` in the future as the retry time. Only while the claim is still ours.
 */
async function settleFailure(doc: Document, message: string, permanent: boolean, options: WorkerOptions): Promise<void> {
  const attempts = doc.attempts + 1;
  const exhausted = attempts >= options.maxAttempts;
  const retryAt = new Date(Date.now() + options.backoffMs * 2 ** (attempts - 1));
  await withSystem("the worker records a failure", async (tx) => {
    const [current] = await tx
      .select({ metadata: documents.metadata })
      .from(documents)
      .where(and(eq(documents.id, doc.id), eq(documents.status, "processing"), eq(documents.lockedAt, doc.lockedAt!)))
      .for("update");
    if (!current) return;
    // A write that failed part-way left some slices; only a completed document keeps chunks.
    await tx.delete(chunks).where(eq(chunks.documentId, doc.id));
    const final = permanent || exhausted;
    await tx
      .update(documents)
      .set({
        status: final ? "failed" : "pending",
        attempts,
        errorMessage: message,
        lockedAt: final ? null : retryAt,
        processedAt: final ? new Date() : null,
        metadata: withStages(current.metadata, stage(final ? "failed" : "retrying", { detail: message })),
      })
      .where(eq(documents.id, doc.id));
  });
}

/** Claims and processes one document; false when the queue had nothing ready. */
export async function processNextDocument(options: WorkerOptions = DEFAULT_WORKER_OPTIONS): Promise<boolean> {
  const doc = await profiled("claim a document", () => claimNextDocument(options.leaseMs));
  if (!doc) return false;
  try {
    await processDocument(doc, options.embedder ?? getEmbeddingProvider());
  } catch (error) {
    if (error instanceof LeaseLostError) return true;
    const { message, permanent } = describeFailure(error, doc.attempts + 1, options.maxAttempts);
    // A missing original is an integrity problem on our side, unlike a file that cannot be parsed.
    if (!(error instanceof ParseError)) console.error("processing a document failed", { documentId: doc.id, attempt: doc.attempts + 1, error });
    await settleFailure(doc, message, permanent, options).catch((e: unknown) => console.error("recording a document failure failed", { documentId: doc.id, error: e }));
  }
  return true;
}

/**
 * Processes until nothing is ready, linking new chunks into the vector graph first whenever more
 * than LINK_BACKLOG wait (as the running worker does); for tests and the benchmarks.
 */
export async function drainQueue(options: WorkerOptions = DEFAULT_WORKER_OPTIONS): Promise<number> {
  let processed = 0;
  const lanes = Array.from({ length: options.concurrency }, async () => {
    for (;;) {
      if (await linkNextVectors({ whenOver: LINK_BACKLOG })) continue;
      if (!(await processNextDocument(options))) return;
      processed++;
    }
  });
  await Promise.all(lanes);
  await profiled("planner statistics (ANALYZE when the chunk count moved)", () => refreshPlannerStatistics());
  return processed;
}

/**
 * Runs `concurrency` lanes that claim and process documents, sleeping `pollMs` when the queue is
 * empty and waking early on an upload in this process. Resolves `stop()` once in-flight work ends.
 */
export function startWorker(options: WorkerOptions = DEFAULT_WORKER_OPTIONS): { stop(): Promise<void> } {
  warmPool();
  let running = true;
  const wakers = new Set<() => void>();
  const unsubscribe = onWork(() => wakers.forEach((wake) => wake()));
  const idle = () =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, options.pollMs);
      wakers.add(wake);
    });
  const lane = async () => {
    while (running) {
      // Documents first, unless so many new chunks wait for the vector graph that search would slow
      // down; idle lanes link new chunks into the graph, re-embed chunks left stale by a model change,
      // re-index a changed language, then fit a workspace's concept model when it is missing or out
      // of date, and fold its chunks into it.
      const worked = await (async () =>
        (await linkNextVectors({ whenOver: LINK_BACKLOG })) ||
        (await processNextDocument(options)) ||
        (await linkNextVectors()) ||
        (await reembedNextBatch()) ||
        (await reindexNextBatch()) ||
        (await refitNextConceptModel(options.embedder ?? getEmbeddingProvider())) ||
        (await foldInNextConcepts()))().catch((error: unknown) => {
        console.error("the document worker hit an error; retrying after a pause", { error });
        return false;
      });
      if (!worked && running) {
        await refreshPlannerStatistics().catch((error: unknown) => console.error("refreshing the planner's statistics failed", { error }));
        await idle();
      }
    }
  };
  // The embedded engine serves the worker in its own lane, so ingestion and requests share it fairly.
  const lanes = Array.from({ length: options.concurrency }, () => inLane("background", lane));
  return {
    async stop() {
      running = false;
      unsubscribe();
      wakers.forEach((wake) => wake());
      await Promise.all(lanes);
    },
  };
}

/** With an embedded database only this process works on the queue, so any `processing` row is orphaned. */
export async function releaseOrphanedClaims(): Promise<number> {
  return withSystem("reclaim documents orphaned by a stopped process", async (tx) => {
    const released = await tx
      .update(documents)
      .set({ status: "pending", lockedAt: null, metadata: interrupted(sql`${documents.metadata}`) })
      .where(eq(documents.status, "processing"))
      .returning({ id: documents.id });
    return released.length;
  });
}
