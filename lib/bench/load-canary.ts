import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { percentile, round } from "./measure";

export interface CanaryReport {
  /** Each probe's answers: how many, how many were not 2xx (or failed), and latency. */
  [probe: string]: {
    requests: number;
    failures: number;
    latencyMs: { p50: number; p99: number; max: number };
    /** The five slowest probes and when they were sent, in seconds since the canary started: places a stall on the run's timeline. */
    slowest: { atSeconds: number; ms: number }[];
  };
}

// The probes run on a thread of their own: autocannon keeps the bench's event loop busy, and a
// probe timed there would measure the bench, not the console.
const PROBE_LOOP = `
const { parentPort, workerData } = require("node:worker_threads");
const { baseUrl, paths, everyMs } = workerData;
const samples = Object.fromEntries(paths.map((p) => [p, { latencies: [], sentAt: [], failures: 0 }]));
let origin = 0;
let running = true;
parentPort.on("message", () => { running = false; });
(async () => {
  // Unmeasured: a thread's first fetch loads undici, and the first probe would time that.
  await Promise.all(paths.map((p) => fetch(baseUrl + p, { redirect: "manual" }).then((a) => a.arrayBuffer()).catch(() => undefined)));
  parentPort.postMessage("ready");
  origin = performance.now();
  while (running) {
    const tick = performance.now();
    await Promise.all(paths.map(async (p) => {
      const started = performance.now();
      try {
        const answer = await fetch(baseUrl + p, { redirect: "manual", signal: AbortSignal.timeout(10000) });
        await answer.arrayBuffer();
        if (answer.status >= 400) samples[p].failures++;
      } catch { samples[p].failures++; }
      samples[p].latencies.push(performance.now() - started);
      samples[p].sentAt.push((started - origin) / 1000);
    }));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - (performance.now() - tick))));
  }
  parentPort.postMessage(samples);
})();
`;

/**
 * Calls `paths` (the liveness check and a small page) every `everyMs` for the whole load, from a
 * thread of its own, from when it resolves; `stop()` resolves with their latencies.
 */
export async function startCanary(baseUrl: string, paths: string[], everyMs = 250): Promise<{ stop(): Promise<CanaryReport> }> {
  const worker = new Worker(PROBE_LOOP, { eval: true, workerData: { baseUrl, paths, everyMs } });
  // `once` rejects on the thread's error event. The first message says the probes are warm.
  await once(worker, "message");
  return {
    async stop() {
      worker.postMessage("stop");
      const [samples] = (await once(worker, "message")) as [Record<string, { latencies: number[]; sentAt: number[]; failures: number }>];
      await worker.terminate();
      return Object.fromEntries(
        Object.entries(samples).map(([probe, { latencies, sentAt, failures }]) => {
          const slowest = latencies
            .map((ms, i) => ({ atSeconds: round(sentAt[i]!), ms: round(ms) }))
            .sort((a, b) => b.ms - a.ms)
            .slice(0, 5);
          latencies.sort((a, b) => a - b);
          return [probe, { requests: latencies.length, failures, latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), max: round(latencies.at(-1) ?? NaN) }, slowest }];
        }),
      );
    },
  };
}
