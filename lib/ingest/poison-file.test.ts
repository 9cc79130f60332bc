import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { documents, memberships, tenants, users } from "@/db/schema";
import { createDocumentFromUpload } from "@/lib/documents/documents-service";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { closePool } from "@/lib/workers/pool";
import { drainQueue, DEFAULT_WORKER_OPTIONS } from "./worker";

describe("a file that kills its pool thread", () => {
  let handle: DatabaseHandle;
  let dir: string;
  let actor: Actor;
  const saved = process.env.POOL_MEMORY_MB;

  async function upload(filename: string, text: string) {
    const bytes = new TextEncoder().encode(text);
    const tempPath = path.join(dir, `${filename}.tmp`);
    await writeFile(tempPath, bytes);
    return createDocumentFromUpload({ actor, upload: { filename, kind: "txt", size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), tempPath } });
  }

  const rowOf = async (id: string) => (await withSystem("test", (tx) => tx.select().from(documents).where(eq(documents.id, id))))[0]!;

  beforeAll(async () => {
    // Small threads, so a 20 MB text is more than one file may use; the pool starts on first use.
    process.env.POOL_MEMORY_MB = "64";
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-poison-"));
    process.env.STORAGE_DIR = path.join(dir, "files");
    handle = await createTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "p@example.test" }).returning();
    const [tenant] = await handle.db.insert(tenants).values({ name: "P", slug: "p" }).returning();
    await withSystem("test", (tx) => tx.insert(memberships).values({ userId: user!.id, tenantId: tenant!.id, role: "member" }));
    actor = { tenantId: tenant!.id, role: "member", userId: user!.id };
  });

  afterAll(async () => {
    await closePool();
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.POOL_MEMORY_MB;
    else process.env.POOL_MEMORY_MB = saved;
  });

  it("fails that file at once with the reason, while a good file beside it completes", async () => {
    const { document: poison } = await upload("poison.txt", "word ".repeat(4 * 1024 * 1024));
    const { document: good } = await upload("good.txt", "A short, ordinary file about invoices and signatures.");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    await drainQueue({ ...DEFAULT_WORKER_OPTIONS, concurrency: 2, backoffMs: 0, pollMs: 10, embedder: new HashingEmbedder(384) });
    log.mockRestore();
    expect(await rowOf(good.id)).toMatchObject({ status: "completed" });
    const failed = await rowOf(poison.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 1, chunkCount: 0 });
    expect(failed.errorMessage).toBe("Reading this file needed more memory than one file may use, so it was stopped. Split it into smaller files and upload those.");
  });
});
