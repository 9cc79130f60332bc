import { readEnv } from "@/lib/env";
import { startRetentionSchedule } from "@/lib/retention/retention-schedule";
import { DEFAULT_WORKER_OPTIONS, releaseOrphanedClaims, startWorker } from "./worker";

const globalForWorker = globalThis as unknown as { __tkcWorker?: { stop(): Promise<void> } };

/**
 * Runs the ingestion worker and the retention schedule inside this process (the default of
 * `npm start`). With the embedded database nothing else can be working on the queue, so rows left
 * `processing` by a stopped process are released at once instead of after the lease.
 */
export async function startInProcessWorker(driver: "pglite" | "postgres"): Promise<void> {
  if (globalForWorker.__tkcWorker) return;
  const env = readEnv();
  globalForWorker.__tkcWorker = { stop: async () => {} };
  if (driver === "pglite") {
    const released = await releaseOrphanedClaims();
    if (released) console.log(`Resuming ${released} document(s) interrupted by the last stop.`);
  }
  const worker = startWorker({ ...DEFAULT_WORKER_OPTIONS, concurrency: env.WORKER_CONCURRENCY });
  const retention = startRetentionSchedule({ intervalMinutes: env.RETENTION_INTERVAL_MINUTES });
  globalForWorker.__tkcWorker = {
    async stop() {
      await Promise.all([worker.stop(), retention.stop()]);
    },
  };
}

export async function stopInProcessWorker(): Promise<void> {
  const worker = globalForWorker.__tkcWorker;
  globalForWorker.__tkcWorker = undefined;
  await worker?.stop();
}
