import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Transaction } from "@/db/client";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { chunks, documents, memberships, tenants, users, type Document } from "@/db/schema";
import { runDoctor } from "@/lib/doctor/doctor";
import { createDocumentFromUpload, deleteDocument, reprocessDocument } from "@/lib/documents/documents-service";
import { reembedNextBatch, requestReembed, updateChunking } from "@/lib/documents/processing-settings";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { EmbeddingProvider } from "@/lib/embeddings/provider";
import { LeaseLostError, processDocument } from "@/lib/ingest/process-document";
import { claimNextDocument, DEFAULT_WORKER_OPTIONS, drainQueue, type WorkerOptions } from "@/lib/ingest/worker";
import { applyRetention, setRetentionPolicies } from "@/lib/retention/retention-service";
import { getStorage } from "@/lib/storage";
import type { Actor } from "@/lib/tenancy/actor";
import { deleteTenant } from "@/lib/tenancy/tenants-service";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, createWireTestDatabase } from "@/lib/testing/test-database";

// The BM25 statistics (migration 0014) are kept by triggers on chunks. Whatever changes chunks (the
// worker, re-processing, re-embedding, deletion, retention, a crashed worker, a deleted workspace),
// they must equal a full recount from the chunks themselves, on both database drivers.

const embedder = new HashingEmbedder(384);
const options: WorkerOptions = { ...DEFAULT_WORKER_OPTIONS, concurrency: 2, backoffMs: 0, pollMs: 10, embedder };
/** An embedding service that is down: with one attempt allowed, a re-processed document fails and keeps its old chunks. */
const down: EmbeddingProvider = { kind: "lexical", model: embedder.model, dimensions: 384, embed: () => Promise.reject(new Error("embedding API answered 500: down")) };

/** Shared by both workspaces, and overlapping in words with the other documents. */
const HANDBOOK = "# Handbook\n\nCore hours are ten to four. The retention policy keeps failed documents for thirty days.\n\nOn-call starts in week six. The governor visited Owerri and read the handbook.\n";
const NOTES = "Retention notes: the governor asked how long failed documents are kept. Core hours matter to on-call staff in Owerri.\n";
const TOPICS = ["retention", "core hours", "on-call rotas", "travel expenses", "password resets"];
const TEAMS = ["governor's", "handbook", "support", "finance"];
const POLICIES = "# Policies\n\n" + Array.from({ length: 30 }, (_, i) => `Policy ${i} covers ${TOPICS[i % 5]} for the ${TEAMS[i % 4]} team during week ${i % 7}.`).join(" ") + "\n";
/** Nothing but English stop words: a chunk with an empty tsv still counts in the corpus. */
const STOP_WORDS_ONLY = "The and of it. It is to be, or not to be.\n";
const FAQ = "FAQ: reset your password from the sign-in page. The governor's office keeps core hours; travel expenses need approval.\n";

let storageDir: string;
const savedStorageDir = process.env.STORAGE_DIR;

beforeAll(async () => {
  // Before the first getStorage(): it reads STORAGE_DIR once.
  storageDir = await mkdtemp(path.join(os.tmpdir(), "tkc-corpus-stats-"));
  process.env.STORAGE_DIR = path.join(storageDir, "files");
});

afterAll(async () => {
  await rm(storageDir, { recursive: true, force: true });
  if (savedStorageDir === undefined) delete process.env.STORAGE_DIR;
  else process.env.STORAGE_DIR = savedStorageDir;
});

type CorpusRow = [tenantId: string, chunks: number, lexemes: number];
type LexemeRow = [tenantId: string, lexeme: string, chunks: number];

interface Snapshot {
  stored: { corpus: CorpusRow[]; lexemes: LexemeRow[] };
  recount: { corpus: CorpusRow[]; lexemes: LexemeRow[] };
  /** Row versions of the statistics tables (xmin): unchanged means no trigger rewrote them. */
  versions: string[];
  /** Chunks whose lexeme_count is not the number of positions in their tsv. */
  wrongLengths: unknown[];
  /** Chunks whose tsv is not their content indexed with their text_config. */
  staleTsv: unknown[];
}

type Raw = Record<string, unknown>;
// bigint columns come back as strings from postgres.js and as numbers or bigints from PGlite.
const corpusRows = (rows: Raw[]): CorpusRow[] =>
  rows.map((r): CorpusRow => [String(r.tenant_id), Number(r.chunks), Number(r.lexemes)]).sort((x, y) => x[0].localeCompare(y[0]));
const byTenantAndLexeme = (x: LexemeRow, y: LexemeRow) => (x[0] === y[0] ? (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) : x[0].localeCompare(y[0]));
const lexemeRows = (rows: Raw[]): LexemeRow[] => rows.map((r): LexemeRow => [String(r.tenant_id), String(r.lexeme), Number(r.chunks)]).sort(byTenantAndLexeme);

async function snapshot(tx: Transaction): Promise<Snapshot> {
  const storedCorpus = await queryRows<Raw>(tx, sql`select tenant_id, chunks, lexemes, xmin::text as version from chunk_corpus_stats`);
  const storedLexemes = await queryRows<Raw>(tx, sql`select tenant_id, lexeme, chunks, xmin::text as version from chunk_lexeme_stats`);
  const recountCorpus = await queryRows<Raw>(tx, sql`select tenant_id, count(*) as chunks, sum(lexeme_count) as lexemes from chunks group by tenant_id`);
  const recountLexemes = await queryRows<Raw>(tx, sql`select tenant_id, lexeme, count(*) as chunks from chunks, unnest(tsv) u group by 1, 2`);
  const wrongLengths = await queryRows<Raw>(
    tx,
    sql`select id, lexeme_count from chunks c
         where c.lexeme_count <> coalesce((select sum(cardinality(u.positions)) from unnest(c.tsv) u), 0)`,
  );
  const staleTsv = await queryRows<Raw>(tx, sql`select id from chunks where tsv is distinct from to_tsvector(text_config, content)`);
  return {
    stored: { corpus: corpusRows(storedCorpus), lexemes: lexemeRows(storedLexemes) },
    recount: { corpus: corpusRows(recountCorpus), lexemes: lexemeRows(recountLexemes) },
    versions: [...storedCorpus.map((r) => `corpus ${String(r.tenant_id)} ${String(r.version)}`), ...storedLexemes.map((r) => `${String(r.tenant_id)} ${String(r.lexeme)} ${String(r.version)}`)].sort(),
    wrongLengths,
    staleTsv,
  };
}

function expectExactIn(s: Snapshot, when: string): Snapshot {
  expect(s.stored.corpus, `corpus statistics ${when}`).toEqual(s.recount.corpus);
  expect(s.stored.lexemes, `lexeme statistics ${when}`).toEqual(s.recount.lexemes);
  expect(s.wrongLengths, `lexeme_count ${when}`).toEqual([]);
  expect(s.staleTsv, `tsv ${when}`).toEqual([]);
  return s;
}

/** The statistics tables against a full recount from chunks, in one consistent snapshot. */
const expectExact = async (when: string) => expectExactIn(await withSystem("test: recount the corpus statistics", snapshot), when);

describe.each([
  ["PGlite", createTestDatabase],
  ["postgres.js over the wire", createWireTestDatabase],
] as const)("BM25 corpus statistics equal a recount (%s)", (_driver, open) => {
  let handle: DatabaseHandle;
  let a: Actor;
  let b: Actor;
  const names = { a: "Alpha Workspace", b: "Beta Workspace" };
  const docs: Record<string, Document> = {};

  async function upload(actor: Actor, filename: string, text: string): Promise<Document> {
    const bytes = Buffer.from(text);
    const tempPath = path.join(storageDir, `${Math.random().toString(36).slice(2)}.upload`);
    await writeFile(tempPath, bytes);
    const kind = filename.endsWith(".md") ? "md" : "txt";
    const { document, duplicate } = await createDocumentFromUpload({
      actor,
      upload: { filename, kind, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), tempPath },
    });
    expect(duplicate).toBe(false);
    return document;
  }

  const rowOf = async (id: string) => (await withSystem("test", (tx) => tx.select().from(documents).where(eq(documents.id, id))))[0]!;
  const chunkCountOf = async (id: string) => (await withSystem("test", (tx) => tx.select({ n: count() }).from(chunks).where(eq(chunks.documentId, id))))[0]!.n;
  const ofTenant = (s: Snapshot, tenantId: string) => ({
    corpus: s.stored.corpus.filter((r) => r[0] === tenantId),
    lexemes: s.stored.lexemes.filter((r) => r[0] === tenantId),
  });
  const expireLease = (id: string) =>
    withSystem("test: the lease runs out", (tx) => tx.update(documents).set({ lockedAt: sql`now() - interval '10 minutes'` }).where(eq(documents.id, id)));

  /** Every document settled as `completed`, with exactly one set of chunks (its count, distinct ordinals). */
  async function expectCompleted(...ids: string[]) {
    for (const id of ids) {
      const row = await rowOf(id);
      expect(row.status, row.errorMessage ?? row.filename).toBe("completed");
      const [counted] = await withSystem("test", (tx) =>
        tx.select({ n: count(), ordinals: sql<number>`count(distinct ${chunks.ordinal})::int` }).from(chunks).where(eq(chunks.documentId, id)),
      );
      expect({ file: row.filename, chunks: counted!.n, ordinals: Number(counted!.ordinals) }).toEqual({ file: row.filename, chunks: row.chunkCount, ordinals: row.chunkCount });
    }
  }

  /** Re-processes a completed document while the embedding service is down: it ends failed, with its old chunks. */
  /**
   * A failed document that still holds its chunks: how the worker left a failed re-process before a
   * failure removed the chunks, and what the doctor and the retention job still find in older data.
   */
  async function failWithOldChunks(doc: Document): Promise<number> {
    const kept = await chunkCountOf(doc.id);
    expect(kept).toBeGreaterThan(0);
    await withSystem("test: an older version's failed re-process", (tx) =>
      tx.update(documents).set({ status: "failed", errorMessage: "The embedding service failed.", processedAt: sql`now()` }).where(eq(documents.id, doc.id)),
    );
    expect(await chunkCountOf(doc.id)).toBe(kept);
    return kept;
  }

  beforeAll(async () => {
    handle = await open();
    const made = await handle.db.insert(tenants).values([{ name: names.a, slug: "alpha" }, { name: names.b, slug: "beta" }]).returning();
    const people = await handle.db.insert(users).values([{ email: "alpha@stats.test" }, { email: "beta@stats.test" }]).returning();
    [a, b] = made.map((t, i): Actor => ({ tenantId: t.id, role: "owner", userId: people[i]!.id, email: people[i]!.email })) as [Actor, Actor];
    await withSystem("test", (tx) =>
      tx.insert(memberships).values([
        { userId: a.userId!, tenantId: a.tenantId, role: "owner" },
        { userId: b.userId!, tenantId: b.tenantId, role: "owner" },
      ]),
    );
  });

  afterAll(() => handle?.close());

  it("starts empty, then counts uploads the worker processed in two workspaces, with lexemes shared across documents and workspaces", async () => {
    const empty = await expectExact("before any upload");
    expect(empty.stored).toEqual({ corpus: [], lexemes: [] });

    docs.aHandbook = await upload(a, "handbook.md", HANDBOOK);
    docs.aNotes = await upload(a, "notes.txt", NOTES);
    docs.aPolicies = await upload(a, "policies.md", POLICIES);
    docs.aStop = await upload(a, "stop.txt", STOP_WORDS_ONLY);
    docs.bHandbook = await upload(b, "handbook.md", HANDBOOK);
    docs.bFaq = await upload(b, "faq.txt", FAQ);
    expect(await drainQueue(options)).toBe(6);
    await expectCompleted(...Object.values(docs).map((d) => d.id));

    const s = await expectExact("after the worker processed six uploads");
    expect(s.stored.corpus.map((r) => r[0]).sort()).toEqual([a.tenantId, b.tenantId].sort());
    // Not vacuous: lexemes in several chunks of one workspace, and lexemes both workspaces hold.
    expect(s.stored.lexemes.filter((r) => r[0] === a.tenantId && r[2] > 1).map((r) => r[1])).toEqual(expect.arrayContaining(["governor", "retent", "core", "owerri"]));
    const inB = new Set(ofTenant(s, b.tenantId).lexemes.map((r) => r[1]));
    expect(ofTenant(s, a.tenantId).lexemes.filter((r) => inB.has(r[1])).length).toBeGreaterThan(10);
    // The stop-word document is a chunk with no words: counted in the corpus, no lexemes, length 0.
    const [stop] = await withSystem("test", (tx) => tx.select({ tsv: chunks.tsv, lexemeCount: chunks.lexemeCount }).from(chunks).where(eq(chunks.documentId, docs.aStop!.id)));
    expect(stop).toEqual({ tsv: "", lexemeCount: 0 });
  });

  it("stays exact when documents are re-processed, also after the chunk size changed so the chunks really differ", async () => {
    const before = await expectExact("before re-processing");
    // Same settings: every chunk is deleted and written again, and the statistics come out the same.
    await reprocessDocument({ actor: a, id: docs.aHandbook!.id });
    await reprocessDocument({ actor: b, id: docs.bHandbook!.id });
    await drainQueue(options);
    await expectCompleted(docs.aHandbook!.id, docs.bHandbook!.id);
    expect((await expectExact("after re-processing with the same settings")).stored).toEqual(before.stored);

    const policiesChunks = (await rowOf(docs.aPolicies!.id)).chunkCount;
    await updateChunking({ actor: a, chunkSize: 50, chunkOverlap: 10 });
    for (const doc of [docs.aPolicies!, docs.aHandbook!, docs.aNotes!]) await reprocessDocument({ actor: a, id: doc.id });
    await drainQueue(options);
    await expectCompleted(docs.aPolicies!.id, docs.aHandbook!.id, docs.aNotes!.id);
    expect((await rowOf(docs.aPolicies!.id)).chunkCount).toBeGreaterThan(policiesChunks + 3);
    const after = await expectExact("after re-processing with smaller chunks");
    expect(ofTenant(after, a.tenantId)).not.toEqual(ofTenant(before, a.tenantId));
    // The other workspace was not touched.
    expect(ofTenant(after, b.tenantId)).toEqual(ofTenant(before, b.tenantId));
  });

  it("re-embedding rewrites every vector but never touches the statistics rows", async () => {
    const before = await expectExact("before re-embedding");
    // A model change makes every chunk stale (an UPDATE of chunks that leaves the indexed text alone).
    await withSystem("test: vectors of an older model", (tx) => tx.update(chunks).set({ embeddingModel: "old-model" }));
    await requestReembed({ actor: a });
    await requestReembed({ actor: b });
    let batches = 0;
    while (await reembedNextBatch()) batches++;
    expect(batches).toBeGreaterThan(0);
    const stale = await withSystem("test", (tx) => tx.select({ n: count() }).from(chunks).where(eq(chunks.embeddingModel, "old-model")));
    expect(stale[0]!.n).toBe(0);

    const after = await expectExact("after re-embedding");
    expect(after.stored).toEqual(before.stored);
    expect(after.versions, "no statistics row was rewritten").toEqual(before.versions);
  });

  it("stays exact when the indexed text of chunks is updated in place (the update trigger's own path)", async () => {
    const before = await expectExact("before updates in place");
    // One statement takes a lexeme out of some chunks and puts another in: a word of A's only, and a
    // word that B's workspace also has.
    await withSystem("test", (tx) => tx.update(chunks).set({ content: sql`replace(replace(${chunks.content}, 'governor', 'minister'), 'Owerri', 'Enugu')` }).where(eq(chunks.tenantId, a.tenantId)));
    let s = await expectExact("after replacing words in every chunk of a workspace");
    expect(s.stored.lexemes.some((r) => r[0] === a.tenantId && r[1] === "governor")).toBe(false);
    expect(s.stored.lexemes.some((r) => r[0] === b.tenantId && r[1] === "governor")).toBe(true);
    // Another text search configuration: the same content, other lexemes and lengths (no stemming, no stop words).
    await withSystem("test", (tx) => tx.update(chunks).set({ textConfig: "simple" }).where(eq(chunks.documentId, docs.aStop!.id)));
    s = await expectExact("after re-indexing a document with the simple configuration");
    const [stop] = await withSystem("test", (tx) => tx.select({ lexemeCount: chunks.lexemeCount }).from(chunks).where(eq(chunks.documentId, docs.aStop!.id)));
    expect(stop!.lexemeCount).toBeGreaterThan(0);
    // A write that sets the same text: the trigger recomputes an identical tsv, nothing changes.
    const unchanged = s;
    await withSystem("test", (tx) => tx.update(chunks).set({ content: sql`${chunks.content}` }));
    s = await expectExact("after rewriting identical text");
    expect(s.versions).toEqual(unchanged.versions);

    // A chunk moved to the other workspace, checked inside the transaction, then rolled back.
    const rollback = new Error("roll back");
    await expect(
      withSystem("test", async (tx) => {
        const [moved] = await tx.select({ id: chunks.id }).from(chunks).where(eq(chunks.documentId, docs.aHandbook!.id)).limit(1);
        await tx.update(chunks).set({ tenantId: b.tenantId }).where(eq(chunks.id, moved!.id));
        expectExactIn(await snapshot(tx), "inside the transaction that moved a chunk to another workspace");
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    s = await expectExact("after rolling the move back");
    expect(s.stored).toEqual(unchanged.stored);

    // Put the workspace's text back the way the worker writes it, for the scenarios below.
    await withSystem("test", (tx) => tx.update(chunks).set({ textConfig: "english" }).where(eq(chunks.documentId, docs.aStop!.id)));
    for (const doc of [docs.aHandbook!, docs.aNotes!, docs.aPolicies!]) await reprocessDocument({ actor: a, id: doc.id });
    await drainQueue(options);
    expect(ofTenant(await expectExact("after re-processing the edited documents"), a.tenantId)).toEqual(ofTenant(before, a.tenantId));
  });

  it("a killed worker: the document is taken over after its lease, ends with one set of chunks, and the statistics are exact", async () => {
    // 1. A worker claims a new document and dies before writing anything.
    docs.aCrash = await upload(a, "crash.md", "# Crash\n\n" + "A paragraph about leases, retention and the governor. ".repeat(60));
    const abandoned = (await claimNextDocument(options.leaseMs))!;
    expect(abandoned.id).toBe(docs.aCrash.id);
    await expectExact("while a claimed document waits for its dead worker");
    await expireLease(abandoned.id);
    expect(await drainQueue(options)).toBe(1);
    await expectCompleted(abandoned.id);
    expect(await rowOf(abandoned.id)).toMatchObject({ attempts: 0, metadata: expect.objectContaining({ interruptions: 1 }) });
    const done = await expectExact("after another worker took the document over");
    // The dead worker comes back and tries to write: fenced off, nothing doubled.
    await expect(processDocument(abandoned, embedder)).rejects.toBeInstanceOf(LeaseLostError);
    await expectCompleted(abandoned.id);
    expect((await expectExact("after the fenced-off write")).stored).toEqual(done.stored);

    // 2. A worker dies in the middle of its write: it re-processes a document with chunks, deletes
    //    them, and its insert fails (a vector of the wrong size) before the transaction commits.
    const handbookChunks = await chunkCountOf(docs.aHandbook!.id);
    expect(handbookChunks).toBeGreaterThan(0);
    await reprocessDocument({ actor: a, id: docs.aHandbook!.id });
    const claimed = (await claimNextDocument(options.leaseMs))!;
    expect(claimed.id).toBe(docs.aHandbook!.id);
    const broken: EmbeddingProvider = { kind: "lexical", model: embedder.model, dimensions: 384, embed: async (texts) => (await embedder.embed(texts)).map((v) => v.slice(0, 383)) };
    await expect(processDocument(claimed, broken)).rejects.toThrow();
    expect(await chunkCountOf(docs.aHandbook!.id)).toBe(handbookChunks);
    expect((await expectExact("after a write that failed half-way")).stored).toEqual(done.stored);
    await expireLease(claimed.id);
    await drainQueue(options);
    await expectCompleted(claimed.id);
    expect(await rowOf(claimed.id)).toMatchObject({ attempts: 0, metadata: expect.objectContaining({ interruptions: 1 }) });
    await expect(processDocument(claimed, embedder)).rejects.toBeInstanceOf(LeaseLostError);
    expect((await expectExact("after the take-over of the half-written document")).stored).toEqual(done.stored);
  });

  it("a re-process that fails removes the document's chunks, and the statistics follow", async () => {
    const doc = docs.aFaq ?? docs.bFaq!;
    const actor = doc.tenantId === a.tenantId ? a : b;
    const before = await expectExact("before the failed re-process");
    const had = await chunkCountOf(doc.id);
    await reprocessDocument({ actor, id: doc.id });
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await drainQueue({ ...options, maxAttempts: 1, embedder: down });
    } finally {
      log.mockRestore();
    }
    expect(await rowOf(doc.id)).toMatchObject({ status: "failed" });
    expect(await chunkCountOf(doc.id)).toBe(0);
    const after = await expectExact("after the failed re-process");
    expect(ofTenant(after, doc.tenantId).corpus[0]![1]).toBe(ofTenant(before, doc.tenantId).corpus[0]![1] - had);
    await reprocessDocument({ actor, id: doc.id });
    await drainQueue(options);
    await expectCompleted(doc.id);
    expect((await expectExact("after re-processing it again")).stored).toEqual(before.stored);
  });

  it("stays exact when the retention job deletes old failed documents with their chunks", async () => {
    // A completed document re-processed with a broken embedding service fails and keeps its old chunks.
    const notesChunks = await failWithOldChunks(docs.aNotes!);
    await withSystem("test: failed long ago", (tx) =>
      tx.update(documents).set({ processedAt: sql`now() - interval '40 days'`, updatedAt: sql`now() - interval '40 days'` }).where(eq(documents.id, docs.aNotes!.id)),
    );
    const before = await expectExact("before the retention job");

    await setRetentionPolicies({ actor: a, input: { evaluation_runs: null, audit_log: null, failed_documents: 30 } });
    const outcomes = await applyRetention({ tenantId: a.tenantId });
    expect(outcomes).toEqual([expect.objectContaining({ resource: "failed_documents", removed: 1 })]);
    expect(await rowOf(docs.aNotes!.id)).toBeUndefined();
    delete docs.aNotes;
    const after = await expectExact("after the retention job");
    expect(ofTenant(after, a.tenantId).corpus[0]![1]).toBe(ofTenant(before, a.tenantId).corpus[0]![1] - notesChunks);
    expect(ofTenant(after, b.tenantId)).toEqual(ofTenant(before, b.tenantId));
  });

  it("stays exact when the doctor removes the chunks of a failed document", async () => {
    await failWithOldChunks(docs.aHandbook!);
    const before = await expectExact("before the doctor's repair");
    const run = await runDoctor({ repair: true, storage: getStorage(), leaseMs: options.leaseMs });
    expect(run.repaired).toEqual([expect.objectContaining({ kind: "chunks-of-failed-document", documentId: docs.aHandbook!.id })]);
    expect(await chunkCountOf(docs.aHandbook!.id)).toBe(0);
    const after = await expectExact("after the doctor's repair");
    expect(ofTenant(after, b.tenantId)).toEqual(ofTenant(before, b.tenantId));

    await reprocessDocument({ actor: a, id: docs.aHandbook!.id });
    await drainQueue(options);
    await expectCompleted(docs.aHandbook!.id);
    expect((await expectExact("after re-processing the repaired document")).stored).toEqual(before.stored);
  });

  it("stays exact when documents are deleted, and a workspace without chunks has no statistics rows at all", async () => {
    await deleteDocument({ actor: a, id: docs.aPolicies!.id });
    delete docs.aPolicies;
    await expectExact("after deleting a document");

    await deleteDocument({ actor: b, id: docs.bFaq!.id });
    await expectExact("after deleting one of two documents of a workspace");
    await deleteDocument({ actor: b, id: docs.bHandbook!.id });
    const s = await expectExact("after deleting the last document of a workspace");
    expect(ofTenant(s, b.tenantId)).toEqual({ corpus: [], lexemes: [] });
    expect(ofTenant(s, a.tenantId).corpus).toHaveLength(1);

    // The workspace fills up again from nothing.
    docs.bHandbook = await upload(b, "handbook-again.md", HANDBOOK + "\nRevised.\n");
    docs.bFaq = await upload(b, "faq-again.txt", FAQ + "\nRevised.\n");
    await drainQueue(options);
    await expectCompleted(docs.bHandbook.id, docs.bFaq.id);
    expect(ofTenant(await expectExact("after uploads to the emptied workspace"), b.tenantId).corpus).toHaveLength(1);
  });

  it("row level security: a workspace reads only its own statistics", async () => {
    const s = await expectExact("before reading as the workspaces");
    for (const actor of [a, b]) {
      const [lexemes, corpus] = await withTenant(actor, async (tx) => [
        await queryRows<Raw>(tx, sql`select * from chunk_lexeme_stats`),
        await queryRows<Raw>(tx, sql`select * from chunk_corpus_stats`),
      ]);
      const own = ofTenant(s, actor.tenantId);
      expect(own.lexemes.length).toBeGreaterThan(0);
      expect(lexemeRows(lexemes)).toEqual(own.lexemes);
      expect(corpusRows(corpus)).toEqual(own.corpus);
    }
  });

  it("deleting a workspace removes its statistics rows and leaves the other workspace's exact", async () => {
    const before = await expectExact("before deleting a workspace");
    expect(ofTenant(before, b.tenantId).lexemes.length).toBeGreaterThan(0);
    await deleteTenant({ actor: b, confirmName: names.b });
    const after = await expectExact("after deleting a workspace");
    expect(ofTenant(after, b.tenantId)).toEqual({ corpus: [], lexemes: [] });
    expect(after.stored).toEqual({ corpus: ofTenant(before, a.tenantId).corpus, lexemes: ofTenant(before, a.tenantId).lexemes });
    const left = await withSystem("test", (tx) => tx.select({ n: count() }).from(chunks).where(eq(chunks.tenantId, b.tenantId)));
    expect(left[0]!.n).toBe(0);

    // And the last workspace emptied by deleting its documents leaves the tables empty.
    for (const doc of Object.values(docs).filter((d) => d.tenantId === a.tenantId)) await deleteDocument({ actor: a, id: doc.id });
    const none = await expectExact("after deleting every document");
    expect(none.stored).toEqual({ corpus: [], lexemes: [] });
  });
});
