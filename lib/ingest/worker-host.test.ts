import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeDatabase } from "@/db/client";
import type { DatabaseHandle } from "@/db/connect";
import { documents, tenants } from "@/db/schema";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, createWireTestDatabase } from "@/lib/testing/test-database";
import { startWorker } from "./worker";
import { startInProcessWorker, stopInProcessWorker } from "./worker-host";

// The worker's lanes are replaced by a recorder: these tests are about starting and stopping them.
const events = vi.hoisted(() => [] as string[]);
vi.mock("./worker", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./worker")>()),
  startWorker: vi.fn(() => ({ stop: async () => void events.push("worker stopped") })),
}));

/** A document left `processing` by a process that stopped. */
async function leftProcessing(handle: DatabaseHandle): Promise<string> {
  const [tenant] = await handle.db.insert(tenants).values({ name: "Host", slug: `host-${Math.random().toString(36).slice(2, 8)}` }).returning();
  const [doc] = await withSystem("test", (tx) =>
    tx
      .insert(documents)
      .values({ tenantId: tenant!.id, filename: "a.txt", mimeType: "text/plain", fileSize: 1, sha256: "a", storageKey: `k-${tenant!.id}`, status: "processing", lockedAt: new Date(), attempts: 1 })
      .returning(),
  );
  return doc!.id;
}

const statusOf = async (id: string) => (await withSystem("test", (tx) => tx.select({ status: documents.status, lockedAt: documents.lockedAt }).from(documents).where(eq(documents.id, id))))[0];

describe("the in-process worker's start and stop", () => {
  beforeEach(() => {
    events.length = 0;
    vi.mocked(startWorker).mockClear();
  });
  afterEach(async () => {
    await closeDatabase();
  });

  it("on the embedded database, releases what a stopped process left processing, then starts the worker once", async () => {
    const handle = await createTestDatabase();
    const id = await leftProcessing(handle);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await startInProcessWorker();
    await startInProcessWorker();
    expect(log).toHaveBeenCalledWith("Resuming 1 document(s) interrupted by the last stop.");
    log.mockRestore();
    expect(await statusOf(id)).toEqual({ status: "pending", lockedAt: null });
    expect(startWorker).toHaveBeenCalledTimes(1);
    expect(startWorker).toHaveBeenCalledWith(expect.objectContaining({ concurrency: 4 }));
  });

  it("stops the worker before the process-wide database closes", async () => {
    const handle = await createTestDatabase();
    const close = handle.close;
    handle.close = async () => {
      events.push("database closed");
      await close();
    };
    await startInProcessWorker();
    await closeDatabase();
    expect(events).toEqual(["worker stopped", "database closed"]);
  });

  it("with a database server, leaves processing rows to their lease: another process may be working on them", async () => {
    const handle = await createWireTestDatabase();
    const id = await leftProcessing(handle);
    await startInProcessWorker();
    expect((await statusOf(id))?.status).toBe("processing");
    expect(startWorker).toHaveBeenCalledTimes(1);
    await stopInProcessWorker();
  });

  it("starts nothing when stopped while it was starting", async () => {
    await createTestDatabase();
    const starting = startInProcessWorker();
    await stopInProcessWorker();
    await starting;
    expect(startWorker).not.toHaveBeenCalled();
  });
});
