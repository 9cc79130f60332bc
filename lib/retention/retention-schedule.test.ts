import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startRetentionSchedule } from "./retention-schedule";
import type { RetentionRunSummary } from "./retention-service";

const MINUTE = 60_000;
const idle: RetentionRunSummary = { workspaces: 0, removed: { evaluation_runs: 0, audit_log: 0, failed_documents: 0 }, rateLimitsSwept: 0, failures: 0 };

/** A run that finishes only when the test says so. */
function controllableRun() {
  const finishers: (() => void)[] = [];
  const signals: AbortSignal[] = [];
  const run = vi.fn(({ signal }: { signal: AbortSignal }) => {
    signals.push(signal);
    return new Promise<RetentionRunSummary>((resolve) => finishers.push(() => resolve(idle)));
  });
  return { run, signals, finish: () => finishers.shift()?.() };
}

describe("the retention schedule", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("does nothing when the interval is 0", async () => {
    const run = vi.fn(async () => idle);
    const schedule = startRetentionSchedule({ intervalMinutes: 0, run });
    await vi.advanceTimersByTimeAsync(365 * 24 * 60 * MINUTE);
    expect(run).not.toHaveBeenCalled();
    await schedule.stop();
  });

  it("runs soon after start, then once per interval counted from the end of the last run, never two at once", async () => {
    const { run, finish } = controllableRun();
    const schedule = startRetentionSchedule({ intervalMinutes: 60, firstRunDelayMs: MINUTE, run });
    await vi.advanceTimersByTimeAsync(MINUTE - 1);
    expect(run).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    // A run that takes three hours does not get a second one beside it.
    await vi.advanceTimersByTimeAsync(180 * MINUTE);
    expect(run).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(60 * MINUTE - 1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    finish();
    await schedule.stop();
  });

  it("a short interval also shortens the first wait", async () => {
    const run = vi.fn(async () => idle);
    const schedule = startRetentionSchedule({ intervalMinutes: 0.5, firstRunDelayMs: 10 * MINUTE, run });
    await vi.advanceTimersByTimeAsync(MINUTE / 2);
    expect(run).toHaveBeenCalledTimes(1);
    await schedule.stop();
  });

  it("logs a failed run with its context and keeps the schedule going", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const run = vi.fn().mockRejectedValueOnce(new Error("database went away")).mockResolvedValue(idle);
    const schedule = startRetentionSchedule({ intervalMinutes: 5, firstRunDelayMs: 0, run });
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toHaveBeenCalledWith("the retention cleanup failed; it runs again at the next interval", {
      intervalMinutes: 5,
      error: expect.objectContaining({ message: "database went away" }),
    });
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(run).toHaveBeenCalledTimes(2);
    await schedule.stop();
  });

  it("reports what a run removed and which workspaces failed", async () => {
    const logs = vi.spyOn(console, "log").mockImplementation(() => {});
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const run = vi.fn(async () => ({ workspaces: 3, removed: { evaluation_runs: 1200, audit_log: 0, failed_documents: 4 }, rateLimitsSwept: 7, failures: 1 }));
    const schedule = startRetentionSchedule({ intervalMinutes: 60, firstRunDelayMs: 0, run });
    await vi.advanceTimersByTimeAsync(0);
    expect(logs).toHaveBeenCalledWith("Retention cleanup removed 1200 evaluation runs, 4 failed documents.");
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/failed for 1 workspace resource/));
    await schedule.stop();
  });

  it("stop() signals the running cleanup, waits for it, and plans no more", async () => {
    const { run, signals, finish } = controllableRun();
    const schedule = startRetentionSchedule({ intervalMinutes: 1, firstRunDelayMs: 0, run });
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(1);
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    expect(signals[0]!.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
