import "server-only";
import { readEnv } from "@/lib/env";
import type { DatabaseHandle } from "./connect";
import { openConfiguredDatabase } from "./open-configured";

export type { Database, Executor, Transaction } from "./connect";

type CloseTask = () => Promise<void>;

// One handle per process, kept on globalThis so dev hot reloads, and the separate bundles Next.js
// makes of instrumentation.ts and of the routes, share it; the same for the tasks run before closing.
const globalForDb = globalThis as unknown as { __tkcDb?: Promise<DatabaseHandle>; __tkcBeforeClose?: Set<CloseTask> };
const beforeClose = (globalForDb.__tkcBeforeClose ??= new Set());

async function open(): Promise<DatabaseHandle> {
  const handle = await openConfiguredDatabase({ poolMax: readEnv().DATABASE_POOL_MAX });
  closeOnSignals();
  return handle;
}

let closingOnSignal = false;

// The server runs with NEXT_MANUAL_SIG_HANDLE, so the process exits here, after the database
// is closed: an embedded data directory is never left half-written by Ctrl-C or a stop.
function closeOnSignals(): void {
  const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;
  for (const signal of Object.keys(exitCodes) as (keyof typeof exitCodes)[]) {
    process.once(signal, () => {
      if (closingOnSignal) return;
      closingOnSignal = true;
      closeDatabase()
        .catch((error) => console.error("closing the database failed", { error }))
        .finally(() => process.exit(exitCodes[signal]));
    });
  }
}

/** The process-wide database handle, opened on first use. */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalForDb.__tkcDb) {
    const opening = open();
    globalForDb.__tkcDb = opening;
    // Never cache a failed start: the next call tries again instead of failing forever.
    opening.catch(() => {
      if (globalForDb.__tkcDb === opening) globalForDb.__tkcDb = undefined;
    });
  }
  return globalForDb.__tkcDb;
}

/** Installs a handle opened elsewhere (scripts and tests) as the process-wide one. */
export function setDatabase(handle: DatabaseHandle): void {
  globalForDb.__tkcDb = Promise.resolve(handle);
}

/**
 * Runs `task` (once, however often it is added) before the process-wide handle closes: background
 * work that writes through it, such as the document worker, stops first. A task must be safe to run
 * again, since every later close runs it too.
 */
export function beforeDatabaseCloses(task: CloseTask): void {
  beforeClose.add(task);
}

/** Closes the process-wide handle, if one is open, so the data directory is left consistent. */
export async function closeDatabase(): Promise<void> {
  // Let in-flight work finish its transaction before the database goes away.
  await Promise.all(
    [...beforeClose].map((task) => task().catch((error: unknown) => console.error("stopping work before closing the database failed", { error }))),
  );
  const pending = globalForDb.__tkcDb;
  globalForDb.__tkcDb = undefined;
  if (!pending) return;
  const handle = await pending.catch(() => undefined);
  await handle?.close();
}
