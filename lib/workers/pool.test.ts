import { availableParallelism } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { hostileCleanRequest } from "@/lib/testing/hostile-inputs";
import { closePool, PoolTaskError, poolStats, runInPool } from "./pool";

const noMemory = { version: "0", corrections: [], glossary: [] };

function cleanInput(content: string, format: "srt" | "vtt" | "text") {
  return { tenantId: "t", memory: noMemory, content, format, language: "en", contextSources: [] };
}

describe("the worker-thread pool", () => {
  afterAll(() => closePool());

  it("runs a task on a thread and returns its result as data, a problem included", async () => {
    const done = await runInPool("clean", cleanInput("1\n00:00:01,000 --> 00:00:02,000\nHello there\n", "srt"), { budgetMs: 60_000 });
    expect(done).toMatchObject({ ok: true, result: { cueCount: 1, content: "1\n00:00:01,000 --> 00:00:02,000\nHello there\n" } });
    // A bad cue is skipped now; a WebVTT file without its WEBVTT line is still refused as a whole.
    const refused = await runInPool("clean", cleanInput("00:01.000 --> 00:02.000\nHello\n", "vtt"), { budgetMs: 60_000 });
    expect(refused).toMatchObject({ ok: false, problem: "format" });
    expect(poolStats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it("stops a task over its budget and says so", async () => {
    const heavy = hostileCleanRequest({ cues: 4_000, contextSources: 4, contextChars: 100_000 });
    const task = runInPool("clean", { ...cleanInput(heavy.content, "srt"), contextSources: heavy.context_sources.map((s) => ({ ...s, sourceId: undefined })) }, { budgetMs: 1 });
    await expect(task).rejects.toEqual(new PoolTaskError("budget", "clean"));
    // The pool goes on serving after a thread was stopped.
    expect(await runInPool("clean", cleanInput("still here\n", "text"), { budgetMs: 60_000 })).toMatchObject({ ok: true });
  });

  it("counts a task's budget from when a thread starts it, not while it waits for one", async () => {
    const heavy = hostileCleanRequest({ cues: 2_000, contextSources: 2, contextChars: 100_000, seed: 4 });
    const busy = { ...cleanInput(heavy.content, "srt"), contextSources: heavy.context_sources.map((s) => ({ ...s, sourceId: undefined })) };
    // Every thread busy for seconds, then a task whose whole run takes milliseconds.
    const threads = Number(process.env.POOL_THREADS) || availableParallelism();
    const long = Array.from({ length: threads }, () => runInPool("clean", busy, { budgetMs: 120_000 }));
    while (poolStats().inFlight < long.length) await new Promise((resolve) => setTimeout(resolve, 10));
    const waited = runInPool("clean", cleanInput("quick\n", "text"), { budgetMs: 1_000 });
    expect(await waited).toMatchObject({ ok: true });
    await Promise.all(long);
  });

  it("stops a task whose caller went away", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runInPool("clean", cleanInput("hello\n", "text"), { budgetMs: 60_000, signal: controller.signal })).rejects.toMatchObject({ reason: "cancelled" });
  });
});
