import { EventEmitter } from "node:events";

// In-process wake-up for the worker, so a new upload starts at once instead of at the next poll.
// On globalThis: Next.js bundles start-up (instrumentation.ts, where the worker listens) apart from
// the routes that emit, each with its own copy of this module.
const globalForSignal = globalThis as unknown as { __tkcWorkerSignal?: EventEmitter };
const signal = (globalForSignal.__tkcWorkerSignal ??= new EventEmitter().setMaxListeners(100));

export function notifyWorker(): void {
  signal.emit("work");
}

export function onWork(listener: () => void): () => void {
  signal.on("work", listener);
  return () => signal.off("work", listener);
}
