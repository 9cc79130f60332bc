import { availableParallelism } from "node:os";
import path from "node:path";
import { Piscina } from "piscina";
import { readEnv } from "@/lib/env";
import { MessageChannel } from "node:worker_threads";
import type { TaskMessage } from "./task-message";
import type { TaskInput, TaskName, TaskOutput } from "./tasks";

// CPU-bound work (parsing, chunking, the offline embedder, text analysis, the correction engine)
// runs on worker threads, so one large input never stalls the event loop that answers every
// tenant's requests.

function poolSize(configured: number): number {
  return configured || availableParallelism();
}

/** Why a pool task did not finish: the caller turns each into an answer that says what to do. */
export class PoolTaskError extends Error {
  constructor(
    readonly reason: "budget" | "memory" | "cancelled" | "crashed",
    readonly task: TaskName,
    options?: { cause?: unknown },
  ) {
    super(`${task} task ${reason}`, options);
    this.name = "PoolTaskError";
  }
}

/** The threads for most tasks, and the one that holds the text analysis database (text-analysis.ts). */
type PoolName = "general" | "textAnalysis";

const globalForPool = globalThis as unknown as { __tkcPools?: Partial<Record<PoolName, Piscina>>; __tkcPoolRunning?: number };

function pool(name: PoolName): Piscina {
  const pools = (globalForPool.__tkcPools ??= {});
  if (!pools[name]) {
    const env = readEnv();
    const general = name === "general";
    pools[name] = new Piscina({
      // Resolved at run time from the project root: the bundled server has no path to its own sources.
      filename: path.join(process.cwd(), "lib", "workers", general ? "thread-entry.cjs" : "text-analysis-entry.cjs"),
      minThreads: general ? 1 : 0,
      maxThreads: general ? poolSize(env.POOL_THREADS) : 1,
      // The analysis thread's database takes ~2 s to start: it waits for the next upload longer.
      idleTimeout: general ? 60_000 : 10 * 60_000,
      resourceLimits: { maxOldGenerationSizeMb: env.POOL_MEMORY_MB },
      // Below the request thread's priority (Linux: per thread), so a busy pool leaves it a core.
      niceIncrement: 10,
    });
  }
  return pools[name];
}

function isOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "ERR_WORKER_OUT_OF_MEMORY";
}

/** The export of tasks.ts that runs each task (see saysWhenStarted). */
const ENTRY: Record<TaskName, string> = { clean: "clean", parse: "parse", readGlossaryCsv: "readGlossary", parseInput: "parseInput", fitConcepts: "fitConcepts", analyseText: "analyseText" };

/**
 * Runs one task on the pool; `signal` (the request's) cancels it. Its budget of `budgetMs` runs from
 * when a thread starts it, not while it waits for one, so a busy pool never blames a file for the
 * queue. Over budget, cancelled or out of memory, the thread is ended and the task fails with a
 * PoolTaskError.
 */
export async function runInPool<N extends TaskName>(
  task: N,
  input: TaskInput<N>,
  options: { budgetMs: number; signal?: AbortSignal; /** Buffers handed to the thread, not copied (unusable here afterwards). */ transfer?: ArrayBuffer[] },
): Promise<TaskOutput<N>> {
  const budget = new AbortController();
  const { port1: onStart, port2: started } = new MessageChannel();
  let timer: NodeJS.Timeout | undefined;
  onStart.once("message", () => {
    timer = setTimeout(() => budget.abort(), options.budgetMs);
  });
  const signal = options.signal ? AbortSignal.any([options.signal, budget.signal]) : budget.signal;
  globalForPool.__tkcPoolRunning = (globalForPool.__tkcPoolRunning ?? 0) + 1;
  try {
    return (await pool(task === "analyseText" ? "textAnalysis" : "general").run({ input, started } satisfies TaskMessage<TaskInput<N>>, { name: ENTRY[task], signal, transferList: [started, ...(options.transfer ?? [])] })) as TaskOutput<N>;
  } catch (error) {
    if (budget.signal.aborted) throw new PoolTaskError("budget", task, { cause: error });
    if (options.signal?.aborted) throw new PoolTaskError("cancelled", task, { cause: error });
    if (isOutOfMemory(error)) throw new PoolTaskError("memory", task, { cause: error });
    if (error instanceof Error && /worker.*(exit|terminat)/i.test(error.message)) throw new PoolTaskError("crashed", task, { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
    onStart.close();
    globalForPool.__tkcPoolRunning! -= 1;
  }
}

/** Starts the pool's first thread now, so the first task does not wait for it to load the parsers. */
export function warmPool(): void {
  pool("general");
}

/** Tasks waiting for a thread and tasks sent (waiting or running), for readiness and the load benchmark. */
export function poolStats(): { threads: number; queued: number; inFlight: number } {
  const pools = Object.values(globalForPool.__tkcPools ?? {});
  return {
    threads: pools.reduce((sum, p) => sum + p.threads.length, 0),
    queued: pools.reduce((sum, p) => sum + p.queueSize, 0),
    inFlight: globalForPool.__tkcPoolRunning ?? 0,
  };
}

export async function closePool(): Promise<void> {
  const pools = Object.values(globalForPool.__tkcPools ?? {});
  globalForPool.__tkcPools = undefined;
  await Promise.all(pools.map((p) => p.destroy()));
}
