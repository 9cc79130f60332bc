import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { chunks, documents, memberships, tenants, users, type Document } from "@/db/schema";
import { createDocumentFromUpload } from "@/lib/documents/documents-service";
import type { DocumentMetadata } from "@/lib/documents/stages";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import { search } from "@/lib/search/search-service";
import { searchInputSchema } from "@/lib/search/types";
import { getStorage } from "@/lib/storage";
import type { EmbeddingProvider } from "@/lib/embeddings/provider";
import { MISSING_FILE_MESSAGE } from "@/lib/storage/object-storage";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { makeCorruptPdf, makeDocx, makePdf, SAMPLE_SRT } from "@/lib/testing/document-fixtures";
import { createTestDatabase } from "@/lib/testing/test-database";
import { detectKind } from "./file-types";
import { LeaseLostError, processDocument } from "./process-document";
import { claimNextDocument, drainQueue, DEFAULT_WORKER_OPTIONS, type WorkerOptions } from "./worker";

const embedder = new HashingEmbedder(384);
const options: WorkerOptions = { ...DEFAULT_WORKER_OPTIONS, concurrency: 2, backoffMs: 0, pollMs: 10, embedder };

describe("ingestion worker", () => {
  let handle: DatabaseHandle;
  let dir: string;
  let actor: Actor;

  async function upload(filename: string, bytes: Uint8Array, as: Actor = actor) {
    const tempPath = path.join(dir, `${Math.random().toString(36).slice(2)}.tmp`);
    await writeFile(tempPath, bytes);
    const { createHash } = await import("node:crypto");
    const kind = await detectKind(bytes.subarray(0, 8192), filename, tempPath);
    if (!kind) throw new Error(`fixture ${filename} has no supported kind`);
    return createDocumentFromUpload({
      actor: as,
      upload: { filename, kind, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), tempPath },
    });
  }

  const rowOf = async (id: string) => (await withSystem("test", (tx) => tx.select().from(documents).where(eq(documents.id, id))))[0]!;
  const chunkCount = async (id: string) => (await withSystem("test", (tx) => tx.select({ n: count() }).from(chunks).where(eq(chunks.documentId, id))))[0]!.n;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-worker-"));
    process.env.STORAGE_DIR = path.join(dir, "files");
    handle = await createTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "w@example.test" }).returning();
    const [tenant] = await handle.db.insert(tenants).values({ name: "W", slug: "w" }).returning();
    await withSystem("test", (tx) => tx.insert(memberships).values({ userId: user!.id, tenantId: tenant!.id, role: "member" }));
    actor = { tenantId: tenant!.id, role: "member", userId: user!.id };
  });

  afterAll(async () => {
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("turns every supported kind into embedded chunks with timed stages", async () => {
    const text = (s: string) => new TextEncoder().encode(s);
    const uploads = await Promise.all([
      upload("handbook.pdf", await makePdf([["Core hours are ten to four."], ["On-call starts in week six."]])),
      upload("faq.docx", await makeDocx("FAQ", ["Reset your password from the sign-in page."])),
      upload("notes.md", text("# Notes\n\nThe governor visited Owerri.\n")),
      upload("episode.srt", text(SAMPLE_SRT)),
      upload("table.csv", text("name,city\nAda,London\n")),
      upload("data.json", text('{"q":"retention"}')),
      upload("page.html", text("<html><body><p>Hybrid search ranks results.</p></body></html>")),
    ]);
    expect(await drainQueue(options)).toBe(uploads.length);
    for (const { document } of uploads) {
      const row = await rowOf(document.id);
      expect(row.status, row.errorMessage ?? row.filename).toBe("completed");
      expect(row.chunkCount).toBeGreaterThan(0);
      expect(await chunkCount(document.id)).toBe(row.chunkCount);
      expect((row.metadata as DocumentMetadata).stages?.map((s) => s.stage)).toEqual(["stored", "parsed", "chunked", "embedded", "completed"]);
    }
    const pdfChunks = await withSystem("test", (tx) => tx.select().from(chunks).where(eq(chunks.documentId, uploads[0]!.document.id)));
    expect(pdfChunks.map((c) => c.metadata.page)).toEqual([1, 2]);
    // The vector waits for the idle worker to link it into the graph (lib/search/vector-links).
    expect(pdfChunks[0]!.embedding).toBeNull();
    expect(pdfChunks[0]!.pendingEmbedding).toHaveLength(384);
    expect(pdfChunks[0]!.embeddingModel).toBe(embedder.model);
    expect(pdfChunks[0]!.tenantId).toBe(actor.tenantId);
    // The text analysis thread's tsvectors and word counts are the engine's own.
    const [analysis] = await withSystem("test", (tx) =>
      queryRows<{ chunks: number; same: number }>(
        tx,
        sql`select count(*)::int as chunks, count(*) filter (where tsv = to_tsvector(text_config, content) and lexeme_count = tsvector_word_count(tsv))::int as same
            from chunks where tenant_id = ${actor.tenantId}`,
      ),
    );
    expect(analysis!.chunks).toBeGreaterThan(uploads.length);
    expect(analysis!.same).toBe(analysis!.chunks);
  });

  it("detects the same content again and points at the existing document", async () => {
    const bytes = new TextEncoder().encode("Unique content for the duplicate test.");
    const first = await upload("a.txt", bytes);
    const second = await upload("b.txt", bytes);
    expect(first.duplicate).toBe(false);
    expect(second).toMatchObject({ duplicate: true, document: { id: first.document.id } });
    await drainQueue(options);
  });

  it("fails a corrupt file at once with a readable reason", async () => {
    const { document } = await upload("broken.pdf", makeCorruptPdf());
    await drainQueue(options);
    const row = await rowOf(document.id);
    expect(row).toMatchObject({ status: "failed", attempts: 1, chunkCount: 0 });
    expect(row.errorMessage).toMatch(/damaged or not a PDF/);
  });

  it("retries a temporary failure with back-off, then gives up with the reason after the last attempt", async () => {
    let calls = 0;
    const flaky: EmbeddingProvider = {
      kind: "model",
      model: embedder.model,
      dimensions: 384,
      embed: async (texts) => {
        calls++;
        if (calls <= 2) throw new Error("embedding API answered 503: busy");
        return embedder.embed(texts);
      },
    };
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { document } = await upload("flaky.txt", new TextEncoder().encode("Flaky embedding service."));
    await drainQueue({ ...options, embedder: flaky });
    // Attempts count the failures the file is blamed for: two, then it worked.
    expect(await rowOf(document.id)).toMatchObject({ status: "completed", attempts: 2 });

    const broken: EmbeddingProvider = { ...flaky, embed: async () => Promise.reject(new Error("embedding API answered 500: down")) };
    const { document: doomed } = await upload("doomed.txt", new TextEncoder().encode("This one never embeds."));
    await drainQueue({ ...options, embedder: broken });
    const row = await rowOf(doomed.id);
    expect(row).toMatchObject({ status: "failed", attempts: 3 });
    expect(row.errorMessage).toMatch(/embedding service failed.*Gave up after 3 attempts/);
    log.mockRestore();
  });

  it("finishes a document whose worker crashed mid-way exactly once, and fences off the crashed worker", async () => {
    const { document } = await upload("crash.md", new TextEncoder().encode("# Crash\n\n" + "A paragraph about leases. ".repeat(200)));
    // A worker claims the document and dies before writing anything.
    const abandoned = (await claimNextDocument(options.leaseMs)) as Document;
    expect(abandoned.id).toBe(document.id);
    expect(await claimNextDocument(options.leaseMs)).toBeNull();

    // Its lease runs out; a new worker takes the document over and completes it.
    await withSystem("test", (tx) => tx.update(documents).set({ lockedAt: sql`now() - interval '10 minutes'` }).where(eq(documents.id, document.id)));
    await drainQueue(options);
    const done = await rowOf(document.id);
    // A crashed worker is not the file's fault: an interruption, not an attempt.
    expect(done).toMatchObject({ status: "completed", attempts: 0, metadata: expect.objectContaining({ interruptions: 1 }) });
    const expected = done.chunkCount;
    expect(expected).toBeGreaterThan(1);

    // The crashed worker comes back to life and tries to write its result: refused, nothing doubled.
    await expect(processDocument(abandoned, embedder)).rejects.toBeInstanceOf(LeaseLostError);
    expect(await chunkCount(document.id)).toBe(expected);
    const ordinals = await withSystem("test", (tx) =>
      tx.select({ n: sql<number>`count(distinct ${chunks.ordinal})::int` }).from(chunks).where(eq(chunks.documentId, document.id)),
    );
    expect(ordinals[0]!.n).toBe(expected);
  });

  it("writes a long document in slices: another workspace's search is answered while it is half written, and nobody sees its chunks before it completes", async () => {
    const [other] = await handle.db.insert(tenants).values({ name: "Bystander", slug: "bystander" }).returning();
    const bystander: Actor = { tenantId: other!.id, role: "owner" };
    const body = Array.from({ length: 400 }, (_, i) => `## Section ${i}\n\n` + `Section ${i} covers the quarterly ledger reconciliation in detail. `.repeat(30)).join("\n\n");
    const { document } = await upload("long-ledger.md", new TextEncoder().encode(body));
    const order: string[] = [];
    const drained = drainQueue(options).then(() => order.push("document completed"));
    // Chunks committed while the document is still processing: the write is in slices.
    let seen = 0;
    while (seen === 0) {
      if ((await rowOf(document.id)).status === "completed") throw new Error("the document completed before any slice was seen");
      seen = await chunkCount(document.id);
    }
    const [own, theirs] = await Promise.all([
      search({ actor, input: searchInputSchema.parse({ query: "quarterly ledger reconciliation", mode: "fulltext" }) }),
      search({ actor: bystander, input: searchInputSchema.parse({ query: "ledger", mode: "fulltext" }) }).then((answer) => (order.push("search answered"), answer)),
    ]);
    expect(own.results.map((r) => r.filename)).not.toContain("long-ledger.md");
    expect(theirs.results).toEqual([]);
    await drained;
    expect(order).toEqual(["search answered", "document completed"]);
    const row = await rowOf(document.id);
    expect(row.status).toBe("completed");
    expect(await chunkCount(document.id)).toBe(row.chunkCount);
    expect(row.chunkCount).toBeGreaterThan(seen);
  });

  it("a long write renews its claim between slices, so no other worker takes the document over as an expired lease", async () => {
    const body = Array.from({ length: 200 }, (_, i) => `## Part ${i}\n\n` + `Part ${i} of a long write that outlives a short lease. `.repeat(30)).join("\n\n");
    const { document } = await upload("long-write.md", new TextEncoder().encode(body));
    const claimed = (await claimNextDocument(options.leaseMs)) as Document;
    expect(claimed.id).toBe(document.id);
    // The parse took two minutes: the claim is older than a 90-second lease by the time the write starts.
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await withSystem("test", (tx) => tx.update(documents).set({ lockedAt: twoMinutesAgo }).where(eq(documents.id, document.id)));
    claimed.lockedAt = twoMinutesAgo;
    const writing = processDocument(claimed, embedder);
    while ((await chunkCount(document.id)) === 0) {
      if ((await rowOf(document.id)).status === "completed") throw new Error("the document completed before any slice was seen");
    }
    // Mid-write, a worker with a 90-second lease finds nothing to take over.
    expect(await claimNextDocument(90_000)).toBeNull();
    await writing;
    const row = await rowOf(document.id);
    expect(row.status).toBe("completed");
    expect(await chunkCount(document.id)).toBe(row.chunkCount);
  });

  it("a write that fails part-way leaves no chunks: slices written before the failure are removed", async () => {
    const { document } = await upload("fails-late.md", new TextEncoder().encode(Array.from({ length: 120 }, (_, i) => `## Part ${i}\n\n` + `Part ${i} of a file whose write fails late. `.repeat(40)).join("\n\n")));
    await handle.db.execute(sql`create function test_fail_late() returns trigger language plpgsql as $$ begin if new.ordinal >= 40 then raise exception 'disk full (test)'; end if; return new; end $$`);
    await handle.db.execute(sql`create trigger test_fail_late before insert on chunks for each row execute function test_fail_late()`);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await drainQueue(options);
    } finally {
      await handle.db.execute(sql`drop trigger test_fail_late on chunks`);
      await handle.db.execute(sql`drop function test_fail_late()`);
      log.mockRestore();
    }
    expect(await rowOf(document.id)).toMatchObject({ status: "failed", attempts: 3 });
    expect(await chunkCount(document.id)).toBe(0);
  });

  it("finishes a document however often the process working on it was killed: interruptions are not the file's fault", async () => {
    const { document } = await upload("unlucky.txt", new TextEncoder().encode("A good file whose workers kept being killed."));
    for (let i = 0; i < 25; i++) {
      expect((await claimNextDocument(options.leaseMs))?.id).toBe(document.id);
      await withSystem("test", (tx) => tx.update(documents).set({ lockedAt: sql`now() - interval '10 minutes'` }).where(eq(documents.id, document.id)));
    }
    await drainQueue(options);
    const row = await rowOf(document.id);
    expect(row).toMatchObject({ status: "completed", attempts: 0, metadata: expect.objectContaining({ interruptions: 25 }) });
    expect(await chunkCount(document.id)).toBeGreaterThan(0);
  });

  it("fails a document whose stored original is gone at once, with the doctor's reason, without retrying", async () => {
    const { document } = await upload("vanished.txt", new TextEncoder().encode("A file deleted from disk behind our back."));
    await rm(path.join(dir, "files", document.storageKey));
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    await drainQueue(options);
    expect(log).toHaveBeenCalledWith("processing a document failed", expect.objectContaining({ documentId: document.id }));
    log.mockRestore();
    const row = await rowOf(document.id);
    expect(row).toMatchObject({ status: "failed", errorMessage: MISSING_FILE_MESSAGE, attempts: 1, chunkCount: 0 });
    expect(await chunkCount(document.id)).toBe(0);
  });

  it("settles 50 parallel uploads with the right chunk counts", async () => {
    const bodies = Array.from({ length: 50 }, (_, i) => `# Document ${i}\n\n` + `Paragraph ${i} about subject ${i}. `.repeat(20 + i * 5));
    const results = await Promise.all(bodies.map((body, i) => upload(`parallel-${i}.md`, new TextEncoder().encode(body))));
    expect(new Set(results.map((r) => r.document.id)).size).toBe(50);
    await drainQueue({ ...options, concurrency: 4 });
    const { chunkBlocks, DEFAULT_CHUNKING } = await import("./chunker");
    const { parseDocument } = await import("./parsers");
    for (const [i, { document }] of results.entries()) {
      const row = await rowOf(document.id);
      const expected = chunkBlocks((await parseDocument("md", new TextEncoder().encode(bodies[i]!))).blocks, DEFAULT_CHUNKING).length;
      expect(row.status).toBe("completed");
      expect(row.chunkCount).toBe(expected);
      expect(await chunkCount(document.id)).toBe(expected);
    }
  });

  it("indexes real UTF-16 and windows-1252 files as text, keeps the originals byte for byte, and finds speakers", async () => {
    // Made by iconv from hand-written sources: see lib/testing/fixtures/real/text/MAKE.md.
    const names = ["briefing-utf16le-bom.srt", "menu-windows-1252.txt", "sources/short-timestamps.vtt"];
    const files = await Promise.all(names.map((name) => readFile(new URL(`../testing/fixtures/real/text/${name}`, import.meta.url))));
    const uploads = await Promise.all(files.map((bytes, i) => upload(path.basename(names[i]!), bytes)));
    expect(await drainQueue(options)).toBe(files.length);
    const rows = await Promise.all(uploads.map(({ document }) => rowOf(document.id)));
    for (const [i, row] of rows.entries()) {
      expect(row.status, row.errorMessage ?? row.filename).toBe("completed");
      expect(Buffer.from(await getStorage().get(row.storageKey)).equals(files[i]!)).toBe(true);
    }
    expect(rows.map((row) => (row.metadata as DocumentMetadata).encoding)).toEqual(["UTF-16LE", "windows-1252", "UTF-8"]);
    const fulltext = async (query: string) => (await search({ actor, input: searchInputSchema.parse({ query, mode: "fulltext" }) })).results.map((r) => r.filename);
    expect(await fulltext("réunion")).toEqual(["briefing-utf16le-bom.srt"]);
    expect(await fulltext("Straße")).toEqual(["menu-windows-1252.txt"]);
    // "Roger Bingham" is only in the voice spans (<v Roger Bingham>), never in the spoken words.
    expect(await fulltext("Bingham")).toEqual(["short-timestamps.vtt"]);
  });
});
