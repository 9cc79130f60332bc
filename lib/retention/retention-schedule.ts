import { RETENTION_LABELS, RETENTION_RESOURCES } from "./resources";
import { runRetentionForAllTenants, type RetentionRunSummary } from "./retention-service";

export interface RetentionScheduleOptions {
  /** Minutes between runs; 0 turns the schedule off. */
  intervalMinutes: number;
  /** The first run comes soon after start-up, so a server restarted more often than the interval still cleans up. */
  firstRunDelayMs?: number;
  run?: (options: { signal: AbortSignal }) => Promise<RetentionRunSummary>;
}

const FIRST_RUN_DELAY_MS = 60_000;

/**
 * Runs the retention cleanup now and then inside a long-lived process. The next run is planned when
 * one ends, so runs never overlap; a failed run is logged and the schedule carries on. `stop()`
 * cancels the next run and lets a running one end after its current batch.
 */
export function startRetentionSchedule({ intervalMinutes, firstRunDelayMs = FIRST_RUN_DELAY_MS, run = runRetentionForAllTenants }: RetentionScheduleOptions): { stop(): Promise<void> } {
  if (intervalMinutes <= 0) return { stop: async () => {} };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const plan = (delayMs: number) => {
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        if (!controller.signal.aborted) plan(intervalMinutes * 60_000);
      });
    }, delayMs);
    // A planned cleanup alone does not keep the process alive.
    timer.unref();
  };

  const tick = async () => {
    try {
      const summary = await run({ signal: controller.signal });
      const removed = RETENTION_RESOURCES.filter((r) => summary.removed[r] > 0).map((r) => `${summary.removed[r]} ${RETENTION_LABELS[r]}`);
      if (removed.length > 0) console.log(`Retention cleanup removed ${removed.join(", ")}.`);
      if (summary.failures > 0) console.error(`The retention cleanup failed for ${summary.failures} workspace resource(s); see the errors above. It runs again in ${intervalMinutes} minute(s).`);
    } catch (error) {
      console.error("the retention cleanup failed; it runs again at the next interval", { intervalMinutes, error });
    }
  };

  plan(Math.min(firstRunDelayMs, intervalMinutes * 60_000));
  return {
    async stop() {
      controller.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
