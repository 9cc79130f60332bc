import { createHash, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, chunks, documents, tenants, type Document } from "@/db/schema";
import { createDocumentFromUpload } from "@/lib/documents/documents-service";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import { DEFAULT_WORKER_OPTIONS, drainQueue } from "@/lib/ingest/worker";
import { LocalStorage } from "@/lib/storage/local-storage";
import { contentKey, MISSING_FILE_MESSAGE } from "@/lib/storage/object-storage";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { checkConsistency, formatDoctorRun, runDoctor, type ProblemKind } from "./doctor";

const LEASE_MS = 5 * 60_000;
const TWO_HOURS_AGO = new Date(Date.now() - 2 * 60 * 60_000);
const workerOptions = { ...DEFAULT_WORKER_OPTIONS, backoffMs: 0, pollMs: 10, embedder: new HashingEmbedder(384) };

describe("npm run doctor", () => {
  let handle: DatabaseHandle;
  let dir: string;
  let storage: LocalStorage;
  let tenantId: string;

  const options = () => ({ storage, leaseMs: LEASE_MS });
  const kinds = async () => (await checkConsistency(options())).problems.map((p) => [p.kind, p.documentId ?? p.storageKey] as const);
  const rowOf = async (id: string) => (await withSystem("test", (tx) => tx.select().from(documents).where(eq(documents.id, id))))[0]!;
  const chunksOf = async (id: string) => (await withSystem("test", (tx) => tx.select({ n: count() }).from(chunks).where(eq(chunks.documentId, id))))[0]!.n;

  async function upload(text: string): Promise<Document> {
    const bytes = Buffer.from(text);
    const tempPath = path.join(dir, `${randomUUID()}.part`);
    await writeFile(tempPath, bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const { document } = await createDocumentFromUpload({ actor: { tenantId, role: "owner" }, upload: { filename: `${sha256.slice(0, 6)}.txt`, kind: "txt", size: bytes.length, sha256, tempPath } });
    return document;
  }

  async function storeAged(key: string, when: Date, temporary = false): Promise<void> {
    const file = path.join(dir, "files", key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, temporary ? "half an upload" : "bytes nobody owns");
    await utimes(file, when, when);
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-doctor-"));
    // Before the first getStorage(): the upload service reads STORAGE_DIR once.
    process.env.STORAGE_DIR = path.join(dir, "files");
    storage = new LocalStorage(process.env.STORAGE_DIR);
    handle = await createTestDatabase();
    const [tenant] = await handle.db.insert(tenants).values({ name: "Doctor", slug: "doctor" }).returning();
    tenantId = tenant!.id;
  });

  afterAll(async () => {
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reports nothing on an empty store and on processed documents", async () => {
    expect(await kinds()).toEqual([]);
    for (let i = 0; i < 3; i++) await upload(`Clean document ${i}.\n\nIt has a paragraph about retention and search.`);
    await drainQueue(workerOptions);
    const run = await runDoctor({ ...options(), repair: true });
    expect(run).toMatchObject({ found: [], repaired: [], remaining: [], inventory: { documents: 3, storedFiles: 3 } });
    expect(run.inventory.chunks).toBeGreaterThan(0);
    expect(formatDoctorRun(run, { repair: true })).toMatch(/Everything is consistent\./);
  });

  it("reports each inconsistency, repairs it and then reports clean", async () => {
    const [missing, stuck, duplicated, failedWithChunks, miscounted, busy] = await Promise.all(
      ["missing", "stuck", "duplicated", "failed", "miscounted", "busy"].map((name) => upload(`The ${name} document.\n\nSome text about invoices and the Owerri office, ${name}.`)),
    );
    await drainQueue(workerOptions);

    await storage.delete(missing!.storageKey);
    await handle.db.execute(sql`update documents set status = 'processing', locked_at = now() - interval '10 minutes' where id = ${stuck!.id}`);
    // A live worker's claim, inside its lease: not the doctor's business.
    await handle.db.execute(sql`update documents set status = 'processing', locked_at = now() where id = ${busy!.id}`);
    // The unique constraint makes duplicates impossible today; an older schema or a damaged index could let them in.
    await handle.db.execute(sql`alter table chunks drop constraint "chunks_documentId_ordinal_tenantId_unique"`);
    await handle.db.execute(sql`insert into chunks (document_id, tenant_id, ordinal, content, token_count, metadata)
                                select document_id, tenant_id, ordinal, content, token_count, metadata from chunks where document_id = ${duplicated!.id}`);
    await handle.db.execute(sql`update documents set status = 'failed', error_message = 'Processing failed.' where id = ${failedWithChunks!.id}`);
    await handle.db.execute(sql`update documents set chunk_count = 99 where id = ${miscounted!.id}`);
    const orphanKey = contentKey({ tenantId, sha256: "a".repeat(64) });
    const youngOrphanKey = contentKey({ tenantId, sha256: "b".repeat(64) });
    const staleUpload = `tmp/${randomUUID()}.upload`;
    const staleWrite = `${contentKey({ tenantId, sha256: "c".repeat(64) })}.${randomUUID()}.tmp`;
    const freshUpload = `tmp/${randomUUID()}.upload`;
    await storeAged(orphanKey, TWO_HOURS_AGO);
    await storeAged(youngOrphanKey, new Date());
    await storeAged(staleUpload, TWO_HOURS_AGO, true);
    await storeAged(staleWrite, TWO_HOURS_AGO, true);
    await storeAged(freshUpload, new Date(), true);

    const expected: [ProblemKind, string][] = [
      ["stuck-processing", stuck!.id],
      ["missing-file", missing!.id],
      ["duplicate-chunks", duplicated!.id],
      ["chunks-of-failed-document", failedWithChunks!.id],
      ["chunk-count-mismatch", duplicated!.id],
      ["chunk-count-mismatch", miscounted!.id],
      ["orphaned-file", orphanKey],
      ["stale-temp-file", staleUpload],
      ["stale-temp-file", staleWrite],
    ];
    const sorted = (list: readonly (readonly [string, string | undefined])[]) => [...list].sort((a, b) => `${a}`.localeCompare(`${b}`));
    expect(sorted(await kinds())).toEqual(sorted(expected));

    const reportOnly = await runDoctor({ ...options(), repair: false });
    expect(reportOnly.repaired).toEqual([]);
    expect(reportOnly.remaining).toHaveLength(expected.length);
    expect(formatDoctorRun(reportOnly, { repair: false })).toMatch(/9 problem\(s\) found\. Run `npm run doctor -- --repair`/);

    const run = await runDoctor({ ...options(), repair: true });
    expect(run.remaining).toEqual([]);
    expect(run.repaired).toHaveLength(expected.length);
    const summary = formatDoctorRun(run, { repair: true });
    expect(summary).toMatch(/Documents stuck processing \(worker gone\): 1/);
    expect(summary).toMatch(/Repaired 9 problem\(s\)\. Everything is consistent now\./);
    expect(await kinds()).toEqual([]);

    expect(await rowOf(stuck!.id)).toMatchObject({ status: "pending", lockedAt: null });
    expect(await rowOf(busy!.id)).toMatchObject({ status: "processing" });
    expect(await rowOf(missing!.id)).toMatchObject({ status: "failed", errorMessage: MISSING_FILE_MESSAGE, chunkCount: 0 });
    expect(await chunksOf(missing!.id)).toBe(0);
    expect(await rowOf(duplicated!.id)).toMatchObject({ status: "pending", chunkCount: 0, attempts: 0 });
    expect(await chunksOf(duplicated!.id)).toBe(0);
    expect(await rowOf(failedWithChunks!.id)).toMatchObject({ status: "failed", chunkCount: 0 });
    expect(await chunksOf(failedWithChunks!.id)).toBe(0);
    const recounted = await rowOf(miscounted!.id);
    expect(recounted.chunkCount).toBe(await chunksOf(miscounted!.id));
    const left = [];
    for await (const entry of storage.list()) left.push(entry.key);
    expect(left).toEqual(expect.arrayContaining([youngOrphanKey, freshUpload]));
    expect(left).not.toEqual(expect.arrayContaining([orphanKey]));
    expect(left.filter((k) => k === staleUpload || k === staleWrite)).toEqual([]);

    const audited = await withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.action, "document.repaired"), eq(auditLog.targetId, missing!.id))));
    expect(audited).toHaveLength(1);
    expect(audited[0]!.details).toMatchObject({ problem: "missing-file", before: { status: "completed" }, after: { status: "failed" } });

    // The re-queued documents process again into exactly one set of chunks, and the constraint fits again.
    await handle.db.execute(sql`update documents set status = 'completed', locked_at = null where id = ${busy!.id}`);
    await drainQueue(workerOptions);
    expect(await rowOf(stuck!.id)).toMatchObject({ status: "completed" });
    expect(await rowOf(duplicated!.id)).toMatchObject({ status: "completed" });
    await handle.db.execute(sql`alter table chunks add constraint "chunks_documentId_ordinal_tenantId_unique" unique (document_id, ordinal, tenant_id)`);
    expect(await kinds()).toEqual([]);
  });

  it("treats every processing row as abandoned with a lease of 0, as on the embedded database", async () => {
    const doc = await upload("A document whose worker was killed mid-way.");
    await handle.db.execute(sql`update documents set status = 'processing', locked_at = now(), attempts = 1 where id = ${doc.id}`);
    expect(await kinds()).toEqual([]);
    const run = await runDoctor({ storage, leaseMs: 0, repair: true });
    expect(run.found.map((p) => p.kind)).toEqual(["stuck-processing"]);
    expect(run.remaining).toEqual([]);
    expect(await rowOf(doc.id)).toMatchObject({ status: "pending", attempts: 1 });
  });
});
