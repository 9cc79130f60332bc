import { rmSync } from "node:fs";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { loadEnvConfig } from "@next/env";
import { openPglite, type DatabaseHandle } from "@/db/connect";
import { readEnv } from "@/lib/env";
import { embeddedSocketPath } from "./embedded-socket-path";
import { prepareDatabase } from "./prepare-database";

/** What this process tells the one that started it (over the IPC channel). */
export type EmbeddedDatabaseMessage = { type: "ready"; socketPath: string };

/**
 * The embedded database's own process, started by `npm start` (see embedded-database-process.ts):
 * opens PGlite on the data directory (taking its lock), migrates and seeds it, then serves it over
 * the PostgreSQL protocol on a Unix socket that only this user can open. Its queries then never run
 * on the server's event loop. It stops, closing the data directory cleanly, when its parent says so
 * or goes away (even by SIGKILL: the IPC channel closes); signals are its parent's to act on.
 */
async function main(): Promise<void> {
  loadEnvConfig(process.cwd());
  const env = readEnv();
  let handle: DatabaseHandle | undefined;
  let server: PGLiteSocketServer | undefined;
  let stopping: Promise<void> | undefined;
  const socketPath = env.EMBEDDED_DATABASE_SOCKET ?? embeddedSocketPath(env.DATA_DIR);

  const stop = (code: number) => {
    stopping ??= (async () => {
      await server?.stop().catch((error: unknown) => console.error("stopping the embedded database's socket failed", { error }));
      await handle?.close().catch((error: unknown) => console.error("closing the embedded database failed", { error }));
      rmSync(socketPath, { force: true });
      process.exit(code);
    })();
  };
  if (process.send) {
    process.on("message", (message: { type?: string }) => message?.type === "stop" && stop(0));
    process.on("disconnect", () => stop(0));
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => {});
  } else {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(0));
  }

  try {
    handle = await openPglite(env.pgliteDir);
    if (stopping) return;
    await prepareDatabase(handle, env);
    if (stopping) return;
    // The lock is ours now, so a socket file left here is a stopped process's.
    rmSync(socketPath, { force: true });
    server = new PGLiteSocketServer({ db: handle.pglite!, path: socketPath, maxConnections: 1 });
    const umask = process.umask(0o077);
    try {
      await server.start();
    } finally {
      process.umask(umask);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return stop(1);
  }
  const ready: EmbeddedDatabaseMessage = { type: "ready", socketPath };
  if (process.send) process.send(ready);
  else console.log(JSON.stringify(ready));
}

void main();
