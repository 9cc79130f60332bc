import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { count, sql } from "drizzle-orm";
import { setDatabase } from "@/db/client";
import { openPglite } from "@/db/connect";
import { chunks, documents, tenants } from "@/db/schema";
import { createDocumentFromUpload } from "@/lib/documents/documents-service";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import { chunkBlocks, DEFAULT_CHUNKING } from "@/lib/ingest/chunker";
import { parseDocument } from "@/lib/ingest/parsers";
import { DEFAULT_WORKER_OPTIONS, drainQueue } from "@/lib/ingest/worker";
import { encodeVector, insertChunks, type ChunkRow } from "@/lib/ingest/chunk-writer";
import { startIngestProfile, takeIngestProfile } from "@/lib/ingest/ingest-profile";
import { analyseTexts } from "@/lib/ingest/text-analysis";
import { linkAllVectors } from "@/lib/search/vector-links";
import { DEFAULT_TEXT_CONFIG } from "@/lib/search/text-language";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { generateCorpus } from "./corpus";
import { measure, round } from "./measure";
import { benchFormats } from "./formats";
import { benchOcr } from "./ocr";

/**
 * `npm run bench -- ingest`: a generated corpus through the real pipeline (upload service, worker,
 * parsers, chunker, offline embedder, text analysis thread, PostgreSQL writes) on a fresh embedded
 * database, the idle worker's linking of the new chunks into the vector graph after it, then the
 * embedding step and the database-write step alone, so the bottleneck shows. The pipeline is
 * profiled step by step (lib/ingest/ingest-profile.ts), and the database write is taken apart on
 * scratch tables: vectors as text or binary, and the HNSW index's upkeep per row.
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

    startIngestProfile();
    const pipeline = await measure(async () => {
      for (const file of corpus) {
        const data = Buffer.from(file.text);
        const tempPath = path.join(dir, `${file.name}.upload`);
        await writeFile(tempPath, data);
        await createDocumentFromUpload({ actor, upload: { filename: file.name, kind: file.kind, size: data.length, sha256: createHash("sha256").update(data).digest("hex"), tempPath } });
      }
      return drainQueue({ ...DEFAULT_WORKER_OPTIONS, embedder });
    });
    // Then what the idle worker does afterwards: link every new chunk into the graph (search read
    // them exactly meanwhile), and vacuum the old row versions linking leaves.
    const linked = await measure(() => linkAllVectors());
    const profile = takeIngestProfile().map((p) => ({
      step: p.step,
      count: p.count,
      seconds: round(p.ms / 1000, 2),
      msEach: round(p.ms / p.count, 2),
      ofPipeline: `${Math.round((100 * p.ms) / 1000 / pipeline.seconds)}%`,
    }));
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
    // The pipeline's text analysis thread makes each chunk's tsvector; here beforehand, untimed.
    const analysed = await analyseTexts(DEFAULT_TEXT_CONFIG, texts);
    const embedded = await measure(async () => {
      const vectors: number[][] = [];
      for (let i = 0; i < texts.length; i += 64) vectors.push(...(await embedder.embed(texts.slice(i, i + 64))));
      return vectors;
    });
    // The write alone goes into a second, fresh database: into the pipeline's, every vector would
    // equal one already in the HNSW graph, and pgvector files a duplicate under the existing element
    // without linking a new one, so the step would look several times cheaper than it is.
    const fresh = await openPglite(path.join(dir, "pglite-write"));
    await fresh.migrate();
    setDatabase(fresh);
    const written = await measure(async () => {
      const [copyTenant] = await fresh.db.insert(tenants).values({ name: "Bench copy", slug: "bench-copy" }).returning();
      const copyActor = { tenantId: copyTenant!.id, role: "owner" as const };
      const [doc] = await withTenant(copyActor, (tx) =>
        tx.insert(documents).values({ tenantId: copyActor.tenantId, filename: "copy", mimeType: "text/plain", fileSize: 0, sha256: "0".repeat(64), storageKey: "bench-copy", status: "completed" }).returning(),
      );
      for (let i = 0; i < texts.length; i += 200) {
        const batch: ChunkRow[] = texts.slice(i, i + 200).map((content, j) => ({
          documentId: doc!.id,
          tenantId: copyActor.tenantId,
          ordinal: i + j,
          content,
          tokenCount: 0,
          textConfig: DEFAULT_TEXT_CONFIG,
          embedding: embedded.value[i + j]!,
          embeddingModel: embedder.model,
          metadata: {},
          analysed: analysed[i + j],
        }));
        await withTenant(copyActor, (tx) => insertChunks(tx, fresh.driver, batch));
      }
    }).finally(async () => {
      setDatabase(handle);
      await fresh.close();
    });
    const parts = await writeParts(handle.pglite!, embedded.value.slice(0, WRITE_PARTS_ROWS));
    // The chunk write with no vectors and the row trigger analysing the text, as before the thread did.
    const noVectors = await measure(async () => {
      const [tenant] = await handle.db.insert(tenants).values({ name: "Bench no vectors", slug: "bench-no-vectors" }).returning();
      const actor = { tenantId: tenant!.id, role: "owner" as const };
      const [doc] = await withTenant(actor, (tx) =>
        tx.insert(documents).values({ tenantId: actor.tenantId, filename: "no-vectors", mimeType: "text/plain", fileSize: 0, sha256: "1".repeat(64), storageKey: "bench-no-vectors", status: "completed" }).returning(),
      );
      const n = Math.min(WRITE_PARTS_ROWS, texts.length);
      for (let i = 0; i < n; i += 200) {
        const batch = texts.slice(i, Math.min(i + 200, n)).map((content, j) => ({ documentId: doc!.id, tenantId: actor.tenantId, ordinal: i + j, content, tokenCount: 0, textConfig: DEFAULT_TEXT_CONFIG, embedding: null, embeddingModel: null, metadata: {} }));
        await withTenant(actor, (tx) => insertChunks(tx, handle.driver, batch));
      }
      return n;
    });
    parts.table.push({
      part: "the chunk write with no vectors, text analysed by the row trigger (BM25 statistics, GIN, btree; no HNSW)",
      seconds: round(noVectors.seconds, 2),
      msPerRow: round((1000 * noVectors.seconds) / noVectors.value, 3),
      rowsPerS: Math.round(noVectors.value / noVectors.seconds),
    });

    const rows = [
      { step: "whole pipeline (upload → completed)", seconds: pipeline.seconds, mbPerS: mb / pipeline.seconds, chunksPerS: nChunks / pipeline.seconds, peakRssMb: pipeline.peakRssMb },
      { step: "parse + chunk alone", seconds: parsed.seconds, mbPerS: mb / parsed.seconds, chunksPerS: texts.length / parsed.seconds, peakRssMb: parsed.peakRssMb },
      { step: "embedding alone (offline embedder)", seconds: embedded.seconds, mbPerS: mb / embedded.seconds, chunksPerS: texts.length / embedded.seconds, peakRssMb: embedded.peakRssMb },
      { step: "database write alone (chunks, vectors waiting for the graph, tsvectors made beforehand)", seconds: written.seconds, mbPerS: mb / written.seconds, chunksPerS: texts.length / written.seconds, peakRssMb: written.peakRssMb },
      { step: "then linking every chunk into the graph (idle worker, vacuum included)", seconds: linked.seconds, mbPerS: mb / linked.seconds, chunksPerS: nChunks / linked.seconds, peakRssMb: linked.peakRssMb },
    ].map((r) => ({ ...r, seconds: round(r.seconds, 2), mbPerS: round(r.mbPerS, 2), chunksPerS: Math.round(r.chunksPerS) }));
    console.log(`documents: ${corpus.length}, not completed: ${failed!.n}, chunks: ${nChunks}`);
    console.table(rows);
    console.log(`where the whole pipeline's time went (wall time summed over documents; ${DEFAULT_WORKER_OPTIONS.concurrency} worker lanes overlap, the database runs one statement at a time):`);
    console.table(profile);
    console.log(`the database write taken apart, ${parts.rows} vectors of the corpus into scratch tables (one column, 200 rows a statement):`);
    console.table(parts.table);
    const formats = await benchFormats();
    const ocr = await benchOcr();
    return { files: corpus.length, megabytes: round(mb), chunks: nChunks, notCompleted: failed!.n, lanes: DEFAULT_WORKER_OPTIONS.concurrency, rows, profile, writeParts: parts.table, formats, ocr };
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const WRITE_PARTS_ROWS = 2_000;

/**
 * The database write's parts, each alone on a scratch table in the bench's own database: parsing
 * pgvector's text form against sending its binary form, and inserting into an HNSW index (m 16,
 * ef_construction 64, as chunks has) against building the same index after the load, and against
 * the indexes issue #16 weighs for search (a smaller ef_construction, halfvec, binary quantisation).
 * Each index grows from empty here, so its upkeep per row is lower than in a table that already
 * holds many chunks.
 */
async function writeParts(pg: PGlite, vectors: number[][]) {
  const oid = (await pg.query<{ oid: number }>("select 'vector'::regtype::oid as oid")).rows[0]!.oid;
  const binary = { serializers: { [oid]: (value: unknown) => value as string } };
  const insert = async (table: string, form: "text" | "binary", rows = vectors.length) => {
    for (let i = 0; i < rows; i += 200) {
      const batch = vectors.slice(i, Math.min(i + 200, rows));
      const values = batch.map((_, j) => `($${j + 1})`).join(", ");
      if (form === "text") await pg.query(`insert into ${table} (e) values ${values}`, batch.map((v) => JSON.stringify(v)));
      else await pg.query(`insert into ${table} (e) values ${values}`, batch.map(encodeVector), binary);
    }
  };
  const table: { part: string; seconds: number; msPerRow: number; rowsPerS: number }[] = [];
  const time = async (part: string, work: () => Promise<unknown>, rows = vectors.length) => {
    const { seconds } = await measure(work);
    table.push({ part, seconds: round(seconds, 2), msPerRow: round((1000 * seconds) / rows, 3), rowsPerS: Math.round(rows / seconds) });
  };
  const tables = ["bench_text", "bench_binary", "bench_hnsw", "bench_built", "bench_ef32", "bench_halfvec", "bench_bits"];
  await pg.exec(tables.map((t) => `create table ${t} (e vector(384));`).join(" "));
  await pg.exec(`create index on bench_hnsw using hnsw (e vector_cosine_ops) with (m = 16, ef_construction = 64);
    create index on bench_ef32 using hnsw (e vector_cosine_ops) with (m = 16, ef_construction = 32);
    create index on bench_halfvec using hnsw ((e::halfvec(384)) halfvec_cosine_ops) with (m = 16, ef_construction = 64);
    create index on bench_bits using hnsw ((binary_quantize(e)::bit(384)) bit_hamming_ops) with (m = 16, ef_construction = 64);`);
  try {
    await time("vectors as text (pgvector parses them in WASM), no index", () => insert("bench_text", "text"));
    await time("vectors as binary parameters (as shipped), no index", () => insert("bench_binary", "binary"));
    await time("binary, with the HNSW index kept row by row", () => insert("bench_hnsw", "binary"));
    await insert("bench_built", "binary");
    await time("HNSW index built after the load instead", () => pg.exec("create index on bench_built using hnsw (e vector_cosine_ops) with (m = 16, ef_construction = 64)"));
    // What another index would cost to keep (issue #16 item 2 chooses the index; these need a migration).
    await time("binary, HNSW kept row by row, ef_construction 32", () => insert("bench_ef32", "binary"));
    // About 50 ms a row (half-precision conversions in WASM): timed on the first 200 only.
    const few = Math.min(200, vectors.length);
    await time(`binary, HNSW over halfvec(384) kept row by row (first ${few} rows)`, () => insert("bench_halfvec", "binary", few), few);
    await time("binary, HNSW over binary_quantize (bit 384, hamming) kept row by row", () => insert("bench_bits", "binary"));
  } finally {
    await pg.exec(`drop table ${tables.join(", ")}`);
  }
  return { rows: vectors.length, table };
}
