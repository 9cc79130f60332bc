import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import postgres from "postgres";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { setDatabase } from "@/db/client";
import { wrapPostgres, type DatabaseHandle } from "@/db/connect";
import { documents, tenants, type NewDocument } from "@/db/schema";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, createWireTestDatabase } from "@/lib/testing/test-database";
import { checkReadiness } from "./check-readiness";
import { registerReadinessSource } from "./readiness-sources";

const never = () => new Promise<never>(() => {});
// Where the database must answer, a timeout no busy machine reaches: the outcome never depends on speed.
const GENEROUS = { timeoutMs: 30_000 };

/** A TCP server that accepts connections and never says a word: a database that does not answer. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("checkReadiness", () => {
  const opened: DatabaseHandle[] = [];
  const unregister: (() => void)[] = [];
  afterEach(() => unregister.splice(0).forEach((remove) => remove()));
  afterAll(async () => {
    for (const handle of opened) await handle.close().catch(() => {});
  });

  it("reports driver, versions, migrations, round trip and the document queue on the embedded database", async () => {
    const handle = await createTestDatabase();
    opened.push(handle);
    const [tenant] = await handle.db.insert(tenants).values({ name: "Ready", slug: "ready" }).returning();
    const doc = (n: number, status: NewDocument["status"]): NewDocument => ({
      tenantId: tenant!.id,
      filename: `d${n}.txt`,
      mimeType: "text/plain",
      fileSize: 1,
      sha256: `sha-${n}`,
      storageKey: `k-${n}`,
      status,
    });
    await withSystem("test", (tx) =>
      tx.insert(documents).values([doc(1, "pending"), doc(2, "pending"), doc(3, "processing"), doc(4, "completed"), doc(5, "failed")]),
    );

    const report = await checkReadiness(GENEROUS);
    expect(report).toMatchObject({ status: "ready", ingest: { queued: 2, processing: 1 }, sources: {} });
    expect(report.reason).toBeUndefined();
    expect(report.database).toMatchObject({ driver: "pglite", embedded: true });
    expect(report.database?.postgres).toMatch(/^\d+\.\d+/);
    expect(report.database?.pgvector).toMatch(/^0\.8\./);
    expect(report.database?.migrations.upToDate).toBe(true);
    expect(report.database?.migrations.applied).toBe(report.database?.migrations.expected);
    expect(report.database?.roundTripMs).toBeGreaterThanOrEqual(0);
  });

  it("includes what registered sources report; one that fails shows its error without making the process unready", async () => {
    opened.push(await createTestDatabase());
    unregister.push(
      registerReadinessSource({ name: "pool", read: async () => ({ queued: 3, running: 2 }) }),
      registerReadinessSource({ name: "broken", read: () => Promise.reject(new Error("internal detail")) }),
    );
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const report = await checkReadiness(GENEROUS);
    expect(log).toHaveBeenCalledWith("a readiness source failed", expect.objectContaining({ source: "broken" }));
    log.mockRestore();
    expect(report.status).toBe("ready");
    expect(report.sources).toEqual({ pool: { queued: 3, running: 2 }, broken: { error: "broken failed to report; see the server log" } });
  });

  it("does not wait for a source that never answers", async () => {
    opened.push(await createTestDatabase());
    unregister.push(registerReadinessSource({ name: "stuck", read: never }));
    expect((await checkReadiness({ timeoutMs: 50 })).sources).toEqual({ stuck: { error: "stuck did not answer within 50 ms" } });
  });

  it("reports the wire driver, and 'unavailable' with the driver's code once the server is gone", async () => {
    const handle = await createWireTestDatabase();
    opened.push(handle);
    expect((await checkReadiness(GENEROUS)).database).toMatchObject({ driver: "postgres", embedded: false });
    await handle.close();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const report = await checkReadiness(GENEROUS);
    expect(log).toHaveBeenCalledWith("readiness check failed", expect.anything());
    log.mockRestore();
    expect(report).toEqual({ status: "unavailable", reason: expect.stringMatching(/^database unreachable \((CONNECTION_ENDED|CONNECTION_CLOSED|ECONNREFUSED)\)$/), sources: {} });
  });

  it("answers 'unavailable' within its timeout when the database never answers", async () => {
    const server = await silentServer();
    const client = postgres(`postgres://postgres@127.0.0.1:${server.port}/postgres`, { max: 1, connect_timeout: 60 });
    setDatabase(wrapPostgres(client));
    try {
      expect(await checkReadiness({ timeoutMs: 50 })).toEqual({ status: "unavailable", reason: "database did not answer within 50 ms", sources: {} });
    } finally {
      await client.end({ timeout: 0 });
      await server.close();
    }
  });
});
