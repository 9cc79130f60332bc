import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, chunks, documents, tenants } from "@/db/schema";
import { createDocumentFromUpload } from "@/lib/documents/documents-service";
import { getProcessingStatus, updateOcr } from "@/lib/documents/processing-settings";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import { detectKind } from "@/lib/ingest/file-types";
import { DEFAULT_WORKER_OPTIONS, drainQueue } from "@/lib/ingest/worker";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { readRealFixture } from "@/lib/testing/real-fixtures";
import { createTestDatabase } from "@/lib/testing/test-database";
import { closePool } from "@/lib/workers/pool";

/** Uploads and OCR on the worker pool, as in production: the workspace switch decides. */
describe("OCR in the ingest pipeline (#19)", () => {
  let handle: DatabaseHandle;
  let dir: string;
  let actor: Actor;
  const embedder = new HashingEmbedder(384);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-ocr-ingest-"));
    process.env.STORAGE_DIR = path.join(dir, "files");
    handle = await createTestDatabase();
    const [tenant] = await handle.db.insert(tenants).values({ name: "Scans", slug: "scans" }).returning();
    actor = { tenantId: tenant!.id, role: "admin" };
  });

  afterAll(async () => {
    await closePool();
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function ingest(filename: string, bytes: Uint8Array) {
    const tempPath = path.join(dir, `${filename}.tmp`);
    await writeFile(tempPath, bytes);
    const kind = await detectKind(bytes.subarray(0, 8192), filename, tempPath);
    expect(kind, filename).not.toBeNull();
    const { document } = await createDocumentFromUpload({ actor, upload: { filename, kind: kind!, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), tempPath } });
    await drainQueue({ ...DEFAULT_WORKER_OPTIONS, embedder });
    return (await withSystem("test", (tx) => tx.select().from(documents).where(eq(documents.id, document.id))))[0]!;
  }

  it(
    "is on by default: a PNG becomes a searchable document with the OCR confidence on its chunk",
    async () => {
      expect((await getProcessingStatus({ actor })).ocr).toMatchObject({ enabled: true, language: "eng" });
      const doc = await ingest("harbour.png", readRealFixture("images/sentence.png"));
      expect(doc).toMatchObject({ status: "completed", mimeType: "image/png" });
      const [chunk] = await withSystem("test", (tx) => tx.select().from(chunks).where(eq(chunks.documentId, doc.id)));
      expect(chunk!.content).toBe("The lighthouse keeper counts seven ships at dawn.");
      expect(chunk!.metadata.ocrConfidence).toBeGreaterThan(80);
    },
    120_000,
  );

  it(
    "switched off, an image is refused and a scanned PDF keeps the 'no text layer' answer",
    async () => {
      await updateOcr({ actor, enabled: false, language: "eng" });
      const [audit] = await withSystem("test", (tx) => tx.select().from(auditLog).where(eq(auditLog.action, "tenant.ocr_changed")));
      expect(audit!.details).toMatchObject({ before: { enabled: true, language: "eng" }, after: { enabled: false, language: "eng" } });
      const image = await ingest("off.jpg", readRealFixture("images/sentence.jpg"));
      expect(image).toMatchObject({ status: "failed" });
      expect(image.errorMessage).toMatch(/switched off for this workspace/);
      const scan = await ingest("scan.pdf", readRealFixture("pdf/scan.pdf"));
      expect(scan.errorMessage).toMatch(/no text layer/);
      await expect(updateOcr({ actor, enabled: true, language: "xyz" })).rejects.toThrow(/not installed/);
    },
    120_000,
  );
});
