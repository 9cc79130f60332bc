import { beforeDatabaseCloses, getDatabase } from "@/db/client";
import { readEnv } from "@/lib/env";
import { startRetentionSchedule } from "@/lib/retention/retention-schedule";
import { DEFAULT_WORKER_OPTIONS, releaseOrphanedClaims, startWorker } from "./worker";

type Running = { stop(): Promise<void> };

const globalForWorker = globalThis as unknown as { __tkcWorker?: Running };

/**
 * Runs the ingestion worker and the retention schedule inside this process (the default of
 * `npm start`, started by instrumentation.ts). They stop before the process-wide database closes.
 */
export async function startInProcessWorker(): Promise<void> {
  if (globalForWorker.__tkcWorker) return;
  const starting: Running = { stop: async () => {} };
  globalForWorker.__tkcWorker = starting;
  beforeDatabaseCloses(stopInProcessWorker);
  await releaseEmbeddedClaims();
  // Stopped while the claims were being released: nothing to start.
  if (globalForWorker.__tkcWorker !== starting) return;
  const env = readEnv();
  const worker = startWorker({ ...DEFAULT_WORKER_OPTIONS, concurrency: env.WORKER_CONCURRENCY });
  const retention = startRetentionSchedule({ intervalMinutes: env.RETENTION_INTERVAL_MINUTES });
  globalForWorker.__tkcWorker = {
    async stop() {
      await Promise.all([worker.stop(), retention.stop()]);
    },
  };
}

/**
 * With the embedded database (in this process or served to it alone by its own) nothing else can be working on the queue, so rows left `processing`
 * by a stopped process are released at once instead of after the lease. A database that cannot be
 * opened now does not keep the worker from starting: its lanes retry, and the lease still applies.
 */
async function releaseEmbeddedClaims(): Promise<void> {
  try {
    if (!(await getDatabase()).embedded) return;
    const released = await releaseOrphanedClaims();
    if (released) console.log(`Resuming ${released} document(s) interrupted by the last stop.`);
  } catch (error) {
    console.error("releasing the documents the last stop left processing failed; the worker takes them over once their lease ends", { error });
  }
}

export async function stopInProcessWorker(): Promise<void> {
  const worker = globalForWorker.__tkcWorker;
  globalForWorker.__tkcWorker = undefined;
  await worker?.stop();
}
