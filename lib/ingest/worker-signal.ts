import { EventEmitter } from "node:events";

// In-process wake-up for the worker, so a new upload starts at once instead of at the next poll.
const signal = new EventEmitter();
signal.setMaxListeners(100);

export function notifyWorker(): void {
  signal.emit("work");
}

export function onWork(listener: () => void): () => void {
  signal.on("work", listener);
  return () => signal.off("work", listener);
}
