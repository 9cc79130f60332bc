import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import postgres from "postgres";
import { inject } from "vitest";
import { setDatabase } from "@/db/client";
import { wrapPglite, wrapPostgres, type DatabaseHandle } from "@/db/connect";
import { freePort } from "./free-port";

/** A PGlite cloned from the run's migrated template: real PostgreSQL, real migrations, no set-up cost. */
export async function clonePglite(): Promise<PGlite> {
  const dump = await readFile(inject("pgliteTemplate"));
  return PGlite.create({ loadDataDir: new Blob([new Uint8Array(dump)]), extensions: { vector } });
}

/** Opens a fresh migrated database and makes it the process-wide handle services use. */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const handle = wrapPglite(await clonePglite());
  setDatabase(handle);
  return handle;
}

/** The wire handle, plus the database server's socket to take away and give back (an outage). */
export interface WireTestDatabase extends DatabaseHandle {
  /** Closes the server's socket and its connection; the PGlite behind it, and its data, stay. */
  stopServer(): Promise<void>;
  /** Listens again on the same port, as a database server coming back would. */
  startServer(): Promise<void>;
}

/**
 * The wire path: a cloned PGlite served over the PostgreSQL protocol and reached with postgres.js,
 * exactly as `DATABASE_URL` mode connects. pglite-socket serves one connection, hence max: 1.
 */
export async function createWireTestDatabase(options: { pglite?: PGlite } = {}): Promise<WireTestDatabase> {
  const pglite = options.pglite ?? (await clonePglite());
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: await freePort(), maxConnections: 1 });
  await server.start();
  const client = postgres(`postgres://postgres@${server.getServerConn()}/postgres`, { max: 1, onnotice: () => {} });
  const wire = wrapPostgres(client);
  const handle: WireTestDatabase = {
    ...wire,
    stopServer: () => server.stop(),
    startServer: () => server.start(),
    close: async () => {
      await wire.close();
      await server.stop();
      await pglite.close();
    },
  };
  setDatabase(handle);
  return handle;
}

/** The database's own message for a failed query; Drizzle wraps it as the error's cause. */
export async function databaseError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  }
  throw new Error("expected the database to refuse the query, but it succeeded");
}
