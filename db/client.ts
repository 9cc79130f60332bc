import "server-only";
import { readEnv } from "@/lib/env";
import type { DatabaseHandle } from "./connect";
import { openConfiguredDatabase } from "./open-configured";

export type { Database, Executor, Transaction } from "./connect";

// One handle per process, kept on globalThis so dev hot reloads reuse it.
const globalForDb = globalThis as unknown as { __tkcDb?: Promise<DatabaseHandle> };

async function open(): Promise<DatabaseHandle> {
  const handle = await openConfiguredDatabase({ poolMax: readEnv().DATABASE_POOL_MAX });
  closeOnSignals();
  if (process.env.TKC_IN_PROCESS_WORKER === "true") {
    // Started once the handle is in place, since the worker reads through getDatabase().
    setImmediate(() => {
      import("@/lib/ingest/worker-host")
        .then((host) => host.startInProcessWorker(handle.driver))
        .catch((error: unknown) => console.error("the document worker did not start", { error }));
    });
  }
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

/** Closes the process-wide handle, if one is open, so the data directory is left consistent. */
export async function closeDatabase(): Promise<void> {
  if (process.env.TKC_IN_PROCESS_WORKER === "true") {
    // Let in-flight documents finish their transaction before the database goes away.
    await import("@/lib/ingest/worker-host")
      .then((host) => host.stopInProcessWorker())
      .catch((error: unknown) => console.error("stopping the document worker failed", { error }));
  }
  const pending = globalForDb.__tkcDb;
  globalForDb.__tkcDb = undefined;
  if (!pending) return;
  const handle = await pending.catch(() => undefined);
  await handle?.close();
}
