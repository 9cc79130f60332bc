import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { count, sql } from "drizzle-orm";
import { setDatabase } from "@/db/client";
import { openPglite } from "@/db/connect";
import { chunks, documents, tenants } from "@/db/schema";
import { createDocumentFromUpload } from "@/lib/documents/documents-service";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import { chunkBlocks, DEFAULT_CHUNKING } from "@/lib/ingest/chunker";
import { parseDocument } from "@/lib/ingest/parsers";
import { DEFAULT_WORKER_OPTIONS, drainQueue } from "@/lib/ingest/worker";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { generateCorpus } from "./corpus";
import { measure, round } from "./measure";
import { benchFormats } from "./formats";
import { benchOcr } from "./ocr";

/**
 * `npm run bench -- ingest`: a generated corpus through the real pipeline (upload service, worker,
 * parsers, chunker, offline embedder, PostgreSQL writes) on a fresh embedded database, then the
 * embedding step and the database-write step alone, so the bottleneck shows.
 */
export async function benchIngest({ megabytes = 20, fileKb = 70 }: { megabytes?: number; fileKb?: number } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tkc-bench-ingest-"));
  process.env.STORAGE_DIR = path.join(dir, "files");
  const handle = await openPglite(path.join(dir, "pglite"));
  await handle.migrate();
  setDatabase(handle);
  try {
    const corpus = generateCorpus({ targetBytes: megabytes * 1024 * 1024, fileBytes: fileKb * 1024 });
    const bytes = corpus.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
    const mb = bytes / 1024 / 1024;
    console.log(`corpus: ${corpus.length} files, ${round(mb)} MB (${[...new Set(corpus.map((f) => f.kind))].join(", ")})`);
    const [tenant] = await handle.db.insert(tenants).values({ name: "Bench", slug: "bench" }).returning();
    const actor = { tenantId: tenant!.id, role: "owner" as const };
    const embedder = new HashingEmbedder(384);

    const pipeline = await measure(async () => {
      for (const file of corpus) {
        const data = Buffer.from(file.text);
        const tempPath = path.join(dir, `${file.name}.upload`);
        await writeFile(tempPath, data);
        await createDocumentFromUpload({ actor, upload: { filename: file.name, kind: file.kind, size: data.length, sha256: createHash("sha256").update(data).digest("hex"), tempPath } });
      }
      return drainQueue({ ...DEFAULT_WORKER_OPTIONS, concurrency: 2, embedder });
    });
    const [chunkTotal] = await withSystem("bench", (tx) => tx.select({ n: count() }).from(chunks));
    const [failed] = await withSystem("bench", (tx) => tx.select({ n: count() }).from(documents).where(sql`status <> 'completed'`));
    const nChunks = chunkTotal!.n;

    // The steps alone, on the same corpus.
    const parsed = await measure(async () => {
      const out: string[] = [];
      for (const file of corpus) {
        for (const c of chunkBlocks((await parseDocument(file.kind, Buffer.from(file.text))).blocks, DEFAULT_CHUNKING)) out.push(c.content);
      }
      return out;
    });
    const texts = parsed.value;
    const embedded = await measure(async () => {
      const vectors: number[][] = [];
      for (let i = 0; i < texts.length; i += 64) vectors.push(...(await embedder.embed(texts.slice(i, i + 64))));
      return vectors;
    });
    const [copyTenant] = await handle.db.insert(tenants).values({ name: "Bench copy", slug: "bench-copy" }).returning();
    const copyActor = { tenantId: copyTenant!.id, role: "owner" as const };
    const written = await measure(async () => {
      const [doc] = await withTenant(copyActor, (tx) =>
        tx.insert(documents).values({ tenantId: copyActor.tenantId, filename: "copy", mimeType: "text/plain", fileSize: 0, sha256: "0".repeat(64), storageKey: "bench-copy", status: "completed" }).returning(),
      );
      for (let i = 0; i < texts.length; i += 200) {
        await withTenant(copyActor, (tx) =>
          tx.insert(chunks).values(
            texts.slice(i, i + 200).map((content, j) => ({ documentId: doc!.id, tenantId: copyActor.tenantId, ordinal: i + j, content, tokenCount: 0, embedding: embedded.value[i + j]!, embeddingModel: embedder.model })),
          ),
        );
      }
    });

    const rows = [
      { step: "whole pipeline (upload → completed)", seconds: pipeline.seconds, mbPerS: mb / pipeline.seconds, chunksPerS: nChunks / pipeline.seconds, peakRssMb: pipeline.peakRssMb },
      { step: "parse + chunk alone", seconds: parsed.seconds, mbPerS: mb / parsed.seconds, chunksPerS: texts.length / parsed.seconds, peakRssMb: parsed.peakRssMb },
      { step: "embedding alone (offline embedder)", seconds: embedded.seconds, mbPerS: mb / embedded.seconds, chunksPerS: texts.length / embedded.seconds, peakRssMb: embedded.peakRssMb },
      { step: "database write alone (chunks + vectors)", seconds: written.seconds, mbPerS: mb / written.seconds, chunksPerS: texts.length / written.seconds, peakRssMb: written.peakRssMb },
    ].map((r) => ({ ...r, seconds: round(r.seconds, 2), mbPerS: round(r.mbPerS, 2), chunksPerS: Math.round(r.chunksPerS) }));
    console.log(`documents: ${corpus.length}, not completed: ${failed!.n}, chunks: ${nChunks}`);
    console.table(rows);
    const formats = await benchFormats();
    const ocr = await benchOcr();
    return { files: corpus.length, megabytes: round(mb), chunks: nChunks, notCompleted: failed!.n, rows, formats, ocr };
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
}
