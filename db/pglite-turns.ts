import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Turn-taking for the embedded database's one engine.
 *
 * PGlite runs each query synchronously on this thread and hands the engine to the next waiting
 * transaction in a microtask, so while transactions queue up the event loop never reaches I/O: a
 * request that reads its upload or a file waited for the whole queue at every step. Transactions
 * here take turns one event-loop pass apart.
 *
 * In one first-come queue, fifty searchers put every step of an upload behind fifty searches (the
 * load benchmark's uploads all timed out once BM25 made a search cost 25 ms), and a burst of
 * ingestion would put every search behind it. So transactions wait in lanes: requests (short and
 * few: an upload, an approval, a page), searches (long and many) and background work (the document
 * worker). Turns follow `SCHEDULE`, skipping lanes nobody waits in, first come first served within
 * a lane: with every lane busy, requests and searches get three turns in seven each and the worker
 * one, so no kind of work waits for another's whole queue. Measured: README, load benchmark.
 */
export const LANES = ["requests", "searches", "background"] as const;
export type Lane = (typeof LANES)[number];
export const SCHEDULE: readonly Lane[] = ["requests", "searches", "requests", "searches", "requests", "searches", "background"];

// On globalThis: Next.js compiles instrumentation.ts (which opens the database when it starts the
// worker), the route handlers and the pages each with its own copy of this file, and the one
// handle's turns must see the lane whichever copy set.
const globalForLanes = globalThis as unknown as { __tkcLane?: AsyncLocalStorage<Lane> };
const currentLane = (globalForLanes.__tkcLane ??= new AsyncLocalStorage<Lane>());

/** Runs `fn` with the transactions it starts (however deep) waiting in `lane`; outside any, "requests". */
export function inLane<T>(lane: Lane, fn: () => Promise<T>): Promise<T> {
  return currentLane.run(lane, fn);
}

type Transaction<A extends unknown[], R> = (...args: A) => Promise<R>;

/** Wraps a `transaction` function so its calls take turns as described above. */
export function takingTurns<A extends unknown[], R>(transaction: Transaction<A, R>): Transaction<A, R> {
  const waiting: Record<Lane, (() => void)[]> = { requests: [], searches: [], background: [] };
  let busy = false;
  let turn = 0;
  const next = () => {
    for (let i = 0; i < SCHEDULE.length; i++) {
      const start = waiting[SCHEDULE[(turn + i) % SCHEDULE.length]!].shift();
      if (start) {
        turn = (turn + i + 1) % SCHEDULE.length;
        start();
        return;
      }
    }
    busy = false;
  };
  return (...args: A) =>
    new Promise<R>((resolve, reject) => {
      const start = () =>
        transaction(...args)
          .then(resolve, reject)
          .finally(() => setImmediate(next));
      // Alone there is nobody to make room for: start at once.
      if (!busy) {
        busy = true;
        start();
      } else waiting[currentLane.getStore() ?? "requests"].push(start);
    });
}
